import type { Locale } from "./locales";

/**
 * Dates, times and amounts of the interface, per the reader's language, always in UTC as the pages
 * say. English keeps the portal's ISO 8601 style ("2026-11-25", "2026-11-25 14:05 UTC"); Portuguese
 * writes them as Brazilians do ("25/11/2026", "25/11/2026 14:05 UTC").
 */

/** A YYYY-MM-DD calendar day for the reader. */
export function formatDay(isoDay: string, locale: Locale): string {
  if (locale === "en") return isoDay;
  const d = new Date(`${isoDay}T00:00:00Z`);
  const format = dateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });
  return Number.isNaN(d.getTime()) || !format ? isoDay : format.format(d);
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
  const money = moneyFormat(locale, currency);
  return money ? money.format.format(minor / 10 ** money.digits) : `${currency} ${(minor / 100).toFixed(2)}`;
}

// Making an Intl formatter costs far more than formatting with one, and a page formats hundreds of
// amounts: one formatter per language and options, kept (null: options Intl refuses, such as a
// currency it does not know). Currencies and time zones come from banks' and Books' answers, so
// the memo stays bounded whatever they send.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | null>();
const FORMATTERS_KEPT = 512;

function memoFormatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F | null {
  let f = formatters.get(key);
  if (f === undefined) {
    try {
      f = make();
    } catch {
      f = null;
    }
    if (formatters.size >= FORMATTERS_KEPT) formatters.clear();
    formatters.set(key, f);
  }
  return f as F | null;
}

/** Intl.NumberFormat(locale, options), made once per locale and options; null when Intl refuses them. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat | null {
  return memoFormatter(`n ${locale} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}

/** Intl.DateTimeFormat(locale, options), made once per locale and options; null when Intl refuses them (an unknown time zone). */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat | null {
  return memoFormatter(`d ${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

const digitsOf = new WeakMap<Intl.NumberFormat, number>();

function moneyFormat(locale: string, currency: string): { format: Intl.NumberFormat; digits: number } | null {
  const format = numberFormat(locale, { style: "currency", currency });
  if (!format) return null;
  let digits = digitsOf.get(format);
  if (digits === undefined) digitsOf.set(format, (digits = format.resolvedOptions().maximumFractionDigits ?? 2));
  return { format, digits };
}
