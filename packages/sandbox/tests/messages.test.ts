/** The Pluggy Connect stand-in's dictionaries (ui/messages): same keys in both languages, `{name}` values, locale choice. */
import { describe, expect, it } from "vitest";
import { en } from "@bank-connections/sandbox/ui/messages/en";
import { ptBR } from "@bank-connections/sandbox/ui/messages/pt-BR";
import { pickSandboxLocale, sandboxTranslator } from "@bank-connections/sandbox/ui/messages/translate";

function keys(node: object, prefix = ""): string[] {
  return Object.entries(node).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

describe("sandbox UI messages", () => {
  it("pt-BR has exactly the English keys, every one translated", () => {
    expect(keys(ptBR).sort()).toEqual(keys(en).sort());
    expect(keys(en).length).toBeGreaterThan(30);
  });

  it("interpolates values and shows an unknown key as itself", () => {
    const t = sandboxTranslator("en");
    expect(t("choose.none", { query: "xyz" })).toBe("No bank matches “xyz”.");
    expect(t("success.text", { bank: "Pluggy Bank" })).toBe("Pluggy Bank is connected. You can close this window.");
    expect(sandboxTranslator("pt-BR")("credentials.text", { bank: "Itaú" })).toBe("Informe as credenciais que você usa no Itaú.");
    expect(t("nope" as Parameters<typeof t>[0])).toBe("nope");
  });

  it("picks Portuguese for any pt language, English otherwise", () => {
    expect(pickSandboxLocale("pt")).toBe("pt-BR");
    expect(pickSandboxLocale("pt-BR")).toBe("pt-BR");
    expect(pickSandboxLocale("en")).toBe("en");
    expect(pickSandboxLocale("es")).toBe("en");
  });
});
