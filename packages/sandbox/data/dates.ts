/** UTC calendar helpers. The sandbox works in UTC throughout: dates are `YYYY-MM-DD` strings. */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

const DATE_CACHE = new Map<number, string>();

/** `YYYY-MM-DD` of an instant (UTC). Memoised per day: generators call this a lot. */
export function isoDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let s = DATE_CACHE.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (DATE_CACHE.size > 20_000) DATE_CACHE.clear();
    DATE_CACHE.set(day, s);
  }
  return s;
}

/** Midnight UTC of a `YYYY-MM-DD` date. */
export function dateMs(date: string): number {
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  if (Number.isNaN(ms)) throw new Error(`invalid date ${date}`);
  return ms;
}

export function addDays(date: string, days: number): string {
  return isoDate(dateMs(date) + days * DAY_MS);
}

/** Whole months since year 0 (a monotone month index). */
export function monthIndex(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export function monthStartMs(index: number): number {
  return Date.UTC(Math.floor(index / 12), index % 12, 1);
}

export function daysInMonth(index: number): number {
  return new Date(Date.UTC(Math.floor(index / 12), (index % 12) + 1, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(ms: number): number {
  return new Date(ms).getUTCDay();
}

export function isWeekend(ms: number): boolean {
  const w = weekday(ms);
  return w === 0 || w === 6;
}

/** The next business day on or after `ms` (midnight-aligned input). */
export function businessDayOnOrAfter(ms: number): number {
  let t = ms;
  while (isWeekend(t)) t += DAY_MS;
  return t;
}

/** The last business day on or before `ms`. */
export function businessDayOnOrBefore(ms: number): number {
  let t = ms;
  while (isWeekend(t)) t -= DAY_MS;
  return t;
}

/** Rounds to cents (2 decimals), avoiding -0. */
export function cents(x: number): number {
  const r = Math.round(x * 100) / 100;
  return r === 0 ? 0 : r;
}
