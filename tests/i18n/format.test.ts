import { describe, expect, it } from "vitest";
import { formatAmount, formatDate } from "@/lib/format/money";
import { dateLocaleFor, formatClock, formatDateTime, formatDay } from "@/lib/format/ui-dates";

/** Intl separates "R$" and the number with a no-break space; compare with plain spaces. */
const plain = (s: string) => s.replace(/\u00a0|\u202f/g, " ");

describe("amounts per Book", () => {
  it("writes reais as Brazilians do in a pt-BR Book", () => {
    expect(plain(formatAmount("1234.56", "BRL", "pt-BR", 2))).toBe("R$ 1.234,56");
    expect(plain(formatAmount("-89.9", "BRL", "pt-BR", 2))).toBe("-R$ 89,90");
    expect(plain(formatAmount("1000000", "BRL", "pt-BR", 0))).toBe("R$ 1.000.000");
  });

  it("keeps dollars as before in an en-US Book, and a BRL amount read in English", () => {
    expect(formatAmount("10100", "USD", "en-US", 2)).toBe("$10,100.00");
    expect(formatAmount("1234.56", "BRL", "en-US", 2)).toBe("R$1,234.56");
  });

  it("formats a Book's calendar dates in its locale, without a time zone shift", () => {
    expect(plain(formatDate("2026-10-01", "pt-BR"))).toBe("1 de out. de 2026");
    expect(formatDate("2026-10-01", "en-US")).toBe("Oct 1, 2026");
    expect(formatDate("not a date", "pt-BR")).toBe("not a date");
  });
});

describe("interface dates per language (UTC)", () => {
  it("English keeps ISO 8601; Portuguese writes day/month/year", () => {
    expect(formatDay("2026-11-25", "en")).toBe("2026-11-25");
    expect(formatDay("2026-11-25", "pt-BR")).toBe("25/11/2026");
    expect(formatDay("garbage", "pt-BR")).toBe("garbage");
    const at = new Date("2026-11-25T14:05:09Z");
    expect(formatDateTime(at, "en")).toBe("2026-11-25 14:05 UTC");
    expect(formatDateTime(at, "pt-BR")).toBe("25/11/2026 14:05 UTC");
    expect(formatClock(at, "pt-BR", new Date("2026-11-25T20:00:00Z"))).toBe("14:05 UTC");
    expect(formatClock(at, "pt-BR", new Date("2026-11-26T01:00:00Z"))).toBe("25/11/2026 14:05 UTC");
  });

  it("dates a Book's transactions in the Book's locale when it shares the reader's language, else in the reader's", () => {
    expect(dateLocaleFor("en", "en-US")).toBe("en-US");
    expect(dateLocaleFor("en", "en-GB")).toBe("en-GB");
    expect(dateLocaleFor("en", "pt-BR")).toBe("en");
    expect(dateLocaleFor("pt-BR", "en-US")).toBe("pt-BR");
    expect(dateLocaleFor("pt-BR", "pt-BR")).toBe("pt-BR");
  });
});
