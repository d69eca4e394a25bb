import { COUNTRIES, type CountryCode } from "./index";

/** The country to preselect on the Banks page, from the browser's Accept-Language header. */
export function countryFromAcceptLanguage(header: string | null | undefined): CountryCode {
  const codes = new Set<string>(COUNTRIES.map((c) => c.code));
  const byLanguage: Record<string, CountryCode> = { pt: "BR", fr: "FR", es: "ES", nl: "NL", de: "DE", en: "US" };
  const tags = (header ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag.trim(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((t) => t.tag)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    const [lang = "", region] = tag.split("-");
    if (region && codes.has(region.toUpperCase())) return region.toUpperCase() as CountryCode;
    const fallback = byLanguage[lang.toLowerCase()];
    if (fallback) return fallback;
  }
  return "US";
}
