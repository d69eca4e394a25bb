import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTranslator, formatDayInWords, formatMoney, keysOf } from "@bank-connections/i18n";

const root = path.resolve(import.meta.dirname, "../..");
const importsOf = (file: string) => [...readFileSync(file, "utf8").matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]!);
const sources = (dir: string) =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(root, dir, f));

describe("@bank-connections/i18n", () => {
  it("imports nothing from the app (only its own files)", () => {
    for (const file of sources("packages/i18n")) for (const spec of importsOf(file)) expect(spec, file).toMatch(/^\.\//);
  });

  it("no import circle among lib/format, lib/i18n and the package: lib/format and the package never import lib/i18n", () => {
    for (const file of [...sources("lib/format"), ...sources("packages/i18n")]) for (const spec of importsOf(file)) expect(spec, file).not.toMatch(/lib\/i18n/);
  });

  it("is generic over a dictionary: its keys are typed, plurals and values work for any dictionary", () => {
    const dict = { hello: "Olá, {name}", apples: { one: "{count} maçã", other: "{count} maçãs" }, due: "vence em {day}" } as const;
    const t = createTranslator("pt-BR", dict);
    expect(t("hello", { name: "Ana" })).toBe("Olá, Ana");
    expect(t.msg({ key: "apples", values: { count: 3 } })).toBe("3 maçãs");
    expect(t.msg({ key: "due", values: { day: { day: "2026-12-12" } } })).toBe("vence em 12/12/2026");
    expect(keysOf(dict).sort()).toEqual(["apples", "due", "hello"]);
    // @ts-expect-error a key the dictionary does not have is a type error
    expect(t("goodbye")).toBe("goodbye");
  });

  it("writes amounts from minor units in the reader's locale, with the currency's own decimals", () => {
    const plain = (s: string) => s.replace(/\u00a0|\u202f/g, " ");
    expect(plain(formatMoney(123456, "BRL", "pt-BR"))).toBe("R$ 1.234,56");
    expect(plain(formatMoney(-8990, "BRL", "pt-BR"))).toBe("-R$ 89,90");
    expect(formatMoney(1010000, "USD", "en-US")).toBe("$10,100.00");
    expect(formatMoney(1000, "JPY", "en-US")).toBe("¥1,000");
  });

  it("writes a day in words in English (as the banner and audit lines did) and as Brazilians do in Portuguese", () => {
    expect(formatDayInWords("2026-12-02", "en")).toBe("2 Dec 2026");
    expect(formatDayInWords("2026-09-30", "en")).toBe("30 Sep 2026");
    expect(formatDayInWords("2026-12-02", "pt-BR")).toBe("02/12/2026");
    expect(formatDayInWords("garbage", "en")).toBe("garbage");
  });
});
