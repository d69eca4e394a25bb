import type { Locale } from "@/lib/i18n/locales";
import { sameIsoDay } from "@/lib/dates";

/**
 * Dates and times of the interface, per the reader's language, always in UTC as the pages say.
 * English keeps the portal's ISO 8601 style ("2026-11-25", "2026-11-25 14:05 UTC"); Portuguese
 * writes them as Brazilians do ("25/11/2026", "25/11/2026 14:05 UTC").
 */
const dayFormats = new Map<Locale, Intl.DateTimeFormat>();

function dayFormat(locale: Locale): Intl.DateTimeFormat {
  let f = dayFormats.get(locale);
  if (!f) dayFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" })));
  return f;
}

/** A YYYY-MM-DD calendar day for the reader. */
export function formatDay(isoDay: string, locale: Locale): string {
  if (locale === "en") return isoDay;
  const d = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDay : dayFormat(locale).format(d);
}

/** "2026-11-25 14:05 UTC" / "25/11/2026 14:05 UTC". */
export function formatDateTime(at: Date, locale: Locale): string {
  const iso = at.toISOString();
  return `${formatDay(iso.slice(0, 10), locale)} ${iso.slice(11, 16)} UTC`;
}

/** "14:05 UTC" today, the date and time on another day. */
export function formatClock(at: Date, locale: Locale, now = new Date()): string {
  return sameIsoDay(at, now) ? `${at.toISOString().slice(11, 16)} UTC` : formatDateTime(at, locale);
}

/**
 * The locale for a Book's transaction dates: the Book's own when it is in the reader's language
 * (an en-GB Book keeps "1 Oct 2026" for an English reader), else the reader's.
 */
export function dateLocaleFor(uiLocale: Locale, bookLocale: string): string {
  const lang = (tag: string) => tag.toLowerCase().split(/[-_]/)[0];
  return lang(bookLocale) === lang(uiLocale) ? bookLocale : uiLocale;
}
