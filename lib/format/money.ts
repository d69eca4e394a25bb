import { dateTimeFormat, numberFormat } from "@bank-connections/i18n";

/** Amounts and dates as people read them, per the Book's locale and currency. */
export function formatAmount(amount: string, currency: string, locale: string, fractionDigits = 2): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return amount;
  const format = numberFormat(locale, { style: "currency", currency, minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
  return format ? format.format(n) : `${currency} ${amount}`;
}

/** A YYYY-MM-DD calendar date (no time zone shift). */
export function formatDate(isoDate: string, locale: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  const format = dateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  if (Number.isNaN(d.getTime()) || !format) return isoDate;
  return format.format(d);
}
