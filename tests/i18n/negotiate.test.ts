import { describe, expect, it } from "vitest";
import { isLocale } from "@/lib/i18n/locales";
import { acceptedLanguages, negotiateLocale, supportedLocale } from "@/lib/i18n/negotiate";

describe("choosing the language of a request", () => {
  it("takes the locale cookie when it names one of ours, whatever the browser says", () => {
    expect(negotiateLocale({ cookie: "pt-BR", acceptLanguage: "en-US,en;q=0.9" })).toBe("pt-BR");
    expect(negotiateLocale({ cookie: "en", acceptLanguage: "pt-BR" })).toBe("en");
  });

  it("ignores a cookie that is not one of ours and falls back to Accept-Language", () => {
    expect(negotiateLocale({ cookie: "fr", acceptLanguage: "pt-BR" })).toBe("pt-BR");
    expect(negotiateLocale({ cookie: "pt", acceptLanguage: "en" })).toBe("en");
    expect(negotiateLocale({ cookie: "", acceptLanguage: "pt" })).toBe("pt-BR");
  });

  it("maps every Portuguese to pt-BR and every English to en", () => {
    for (const tag of ["pt", "pt-BR", "pt-PT", "PT-br", "pt_BR"]) expect(supportedLocale(tag)).toBe("pt-BR");
    for (const tag of ["en", "en-US", "en-GB"]) expect(supportedLocale(tag)).toBe("en");
    expect(supportedLocale("es")).toBeNull();
    expect(supportedLocale("portuguese")).toBeNull();
  });

  it("follows q-values, then the order given, skipping languages we do not have", () => {
    expect(negotiateLocale({ acceptLanguage: "pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7" })).toBe("pt-BR");
    expect(negotiateLocale({ acceptLanguage: "en;q=0.4,pt;q=0.8" })).toBe("pt-BR");
    expect(negotiateLocale({ acceptLanguage: "pt;q=0.4,en;q=0.8" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "fr-FR,fr;q=0.9,pt-PT;q=0.5,en;q=0.3" })).toBe("pt-BR");
    expect(negotiateLocale({ acceptLanguage: "de,pt,en" })).toBe("pt-BR");
  });

  it("drops q=0, malformed entries and out-of-range q; defaults to English", () => {
    expect(negotiateLocale({ acceptLanguage: "pt;q=0,en;q=0.1" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "pt;q=0" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "pt;q=abc" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "pt;q=2" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: ";;;,q=x" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "ja-JP" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "*" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: null })).toBe("en");
    expect(negotiateLocale({})).toBe("en");
  });

  it("lists the accepted tags best first", () => {
    expect(acceptedLanguages("en;q=0.5, pt-BR , fr;q=0.7")).toEqual(["pt-BR", "fr", "en"]);
    expect(acceptedLanguages("a b c, <script>")).toEqual([]);
  });

  it("knows its locales", () => {
    expect(isLocale("en")).toBe(true);
    expect(isLocale("pt-BR")).toBe(true);
    expect(isLocale("pt")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
