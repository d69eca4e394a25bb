/** Amounts and dates as people read them, per the Book's locale and currency. */
export function formatAmount(amount: string, currency: string, locale: string, fractionDigits = 2): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return amount;
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(n);
  } catch {
    return `${currency} ${amount}`;
  }
}

/** A YYYY-MM-DD calendar date (no time zone shift). */
export function formatDate(isoDate: string, locale: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(d);
}
