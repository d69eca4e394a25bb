import { describe, expect, it } from "vitest";
import { countryFromAcceptLanguage } from "@/lib/providers/locale-country";

describe("default country from the browser", () => {
  it("prefers the region, then the language, then the United States", () => {
    expect(countryFromAcceptLanguage("pt-BR,pt;q=0.9,en;q=0.8")).toBe("BR");
    expect(countryFromAcceptLanguage("en-GB,en;q=0.9")).toBe("GB");
    expect(countryFromAcceptLanguage("en-CA")).toBe("CA");
    expect(countryFromAcceptLanguage("fr-CA;q=0.5,de;q=0.9")).toBe("DE");
    expect(countryFromAcceptLanguage("pt-PT")).toBe("BR");
    expect(countryFromAcceptLanguage("ja-JP")).toBe("US");
    expect(countryFromAcceptLanguage("")).toBe("US");
    expect(countryFromAcceptLanguage(null)).toBe("US");
    expect(countryFromAcceptLanguage(";;;,q=x")).toBe("US");
  });
});
