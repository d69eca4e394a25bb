import type { Locale } from "./locales";

/**
 * Dates, times and amounts of the interface, per the reader's language, always in UTC as the pages
 * say. English keeps the portal's ISO 8601 style ("2026-11-25", "2026-11-25 14:05 UTC"); Portuguese
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

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** A YYYY-MM-DD day in words where the language has a style for it: "12 Dec 2026" in English, else formatDay's. */
export function formatDayInWords(isoDay: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (locale !== "en" || !m) return formatDay(isoDay, locale);
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** "2026-11-25 14:05 UTC" / "25/11/2026 14:05 UTC". */
export function formatDateTime(at: Date, locale: Locale): string {
  const iso = at.toISOString();
  return `${formatDay(iso.slice(0, 10), locale)} ${iso.slice(11, 16)} UTC`;
}

/** "14:05 UTC". */
export function formatTime(at: Date): string {
  return `${at.toISOString().slice(11, 16)} UTC`;
}

/** "14:05 UTC" today, the date and time on another day. */
export function formatClock(at: Date, locale: Locale, now = new Date()): string {
  return at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10) ? formatTime(at) : formatDateTime(at, locale);
}

/** An amount in minor units of `currency` ("R$ 1.234,56"); an unknown currency as "XYZ 12.34". */
export function formatMoney(minor: number, currency: string, locale: string): string {
  try {
    const f = new Intl.NumberFormat(locale, { style: "currency", currency });
    const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
    return f.format(minor / 10 ** digits);
  } catch {
    return `${currency} ${(minor / 100).toFixed(2)}`;
  }
}
