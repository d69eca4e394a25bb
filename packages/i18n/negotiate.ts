import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./locales";

/**
 * Which language to answer in: the `locale` cookie when it names one of ours, else the browser's
 * Accept-Language (by q-value, then order), else English. Pure: no request objects.
 */
export function negotiateLocale(input: { cookie?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.cookie)) return input.cookie;
  for (const tag of acceptedLanguages(input.acceptLanguage)) {
    const locale = supportedLocale(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

const primary = (tag: string) => tag.trim().toLowerCase().split(/[-_]/)[0];

/** One language tag to one of ours by its primary language: any Portuguese (pt, pt-BR, pt-PT) → pt-BR; any English → en. */
export function supportedLocale(tag: string): Locale | null {
  const lang = primary(tag);
  return LOCALES.find((l) => primary(l) === lang) ?? null;
}

/** The tags of an Accept-Language header, best first; q=0 and malformed entries dropped. */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  const entries: { tag: string; q: number; order: number }[] = [];
  header.split(",").forEach((part, order) => {
    const [rawTag, ...params] = part.split(";");
    const tag = rawTag?.trim() ?? "";
    if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$|^\*$/.test(tag)) return;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
      else if (p.trim().toLowerCase().startsWith("q")) q = Number.NaN;
    }
    if (!Number.isFinite(q) || q <= 0 || q > 1) return;
    entries.push({ tag, q, order });
  });
  return entries.sort((a, b) => b.q - a.q || a.order - b.order).map((e) => e.tag);
}
