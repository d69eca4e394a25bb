/**
 * Calendar days in UTC: the one place the app turns instants into ISO days (`YYYY-MM-DD`) and back.
 * Pure: no clock is read unless a function is given none (`now` defaults to the current time).
 */

export const DAY_MS = 86_400_000;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD of an instant (UTC). */
export function isoDay(d: Date | number): string {
  return new Date(d).toISOString().slice(0, 10);
}

/** The instant `days` whole days (24 h) after `d` (before it when negative). */
export function addDays(d: Date | number, days: number): Date {
  return new Date(new Date(d).getTime() + days * DAY_MS);
}

/** The ISO day `days` days before `now` (UTC). */
export function daysAgo(days: number, now: Date | number = Date.now()): string {
  return isoDay(addDays(now, -days));
}

/** Today's ISO day (UTC). */
export function today(now: Date | number = Date.now()): string {
  return isoDay(now);
}

/** Whether `s` is a real calendar day written as YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDay(s: string): boolean {
  return parseIsoDay(s) !== null;
}

/** Midnight UTC of an ISO day, or null when `s` is not a real calendar day in YYYY-MM-DD. */
export function parseIsoDay(s: string): Date | null {
  const m = ISO_DAY.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date;
}

/** Orders two ISO days: negative when `a` is earlier, 0 when the same, positive when later. */
export function compareIsoDays(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether two instants fall on the same UTC day. */
export function sameIsoDay(a: Date | number, b: Date | number): boolean {
  return isoDay(a) === isoDay(b);
}

/** The last `days` ISO days up to and including the day of `now`, oldest first. */
export function lastDays(days: number, now: Date | number = Date.now()): string[] {
  return Array.from({ length: days }, (_, k) => isoDay(addDays(now, k - (days - 1))));
}
