/** YYYY-MM-DD of a date (UTC). Dates in words for people are packages/i18n's (formatDayInWords). */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
