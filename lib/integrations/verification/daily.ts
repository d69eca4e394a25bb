/**
 * Daily balances of one Book Account and of the institution account it integrates, in minor units
 * from the Book Account's point of view (an ASSET: money in the account; a LIABILITY: money owed).
 * Pure: lib/integrations/verification/compare.ts puts them side by side.
 */

/** A bank transaction as stored, signed from the account's point of view. */
export type BankMovement = {
  remoteId: string;
  date: string;
  signedMinor: bigint;
  description: string;
  pending: boolean;
  removed: boolean;
  /** The bank's balance right after this transaction (Pluggy's running `balance`), when it gives one. */
  runningBalanceMinor: bigint | null;
};

/** A Book transaction touching the Book Account, signed by its effect on that Account's balance. */
export type BookMovement = {
  id: string;
  date: string;
  signedMinor: bigint;
  description: string;
  posted: boolean;
  checked: boolean;
  remoteIds: string[];
  /** The opening-balance draft of an integration (remote id `opening:…`). */
  opening: boolean;
};

export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included (none when from > to). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = nextDay(d)) out.push(d);
  return out;
}

/**
 * The end-of-day balance a day's running balances give, or null when they cannot tell it: every
 * transaction of the day must carry one, and exactly one of them must be the last (its balance is
 * not the balance before any other transaction of the day).
 */
export function endOfDayFromRunning(day: BankMovement[]): bigint | null {
  if (day.length === 0 || day.some((t) => t.runningBalanceMinor === null)) return null;
  const after = day.map((t) => t.runningBalanceMinor!);
  const before = day.map((t) => t.runningBalanceMinor! - t.signedMinor);
  const left = [...after];
  for (const b of before) {
    const i = left.indexOf(b);
    if (i >= 0) left.splice(i, 1);
  }
  return left.length === 1 ? left[0]! : null;
}

/** Posted, not removed: what the bank's current balance is made of (pending ones are not). */
export const countsAtBank = (t: BankMovement) => !t.pending && !t.removed;

/**
 * The days a comparison from `from` to `to` has to look at: `from` and every day in between on
 * which a movement is dated, ascending. Both balances are step functions that change only on such
 * days, so two series that agree on all of them agree on every day, and the first day they differ
 * is one of them. (Walking every day of a 24-month period for each integration of a page cost the
 * User Connections page most of its time.)
 */
export function changeDays(from: string, to: string, ...movementDays: Iterable<string>[]): string[] {
  const days = new Set<string>([from]);
  for (const list of movementDays) for (const d of list) if (d >= from && d <= to) days.add(d);
  return [...days].sort();
}

/**
 * The bank's balance at the end of each day from `from` to `asOfDay`: its current balance walked
 * back through the synced transactions, re-anchored on the days whose running balances say it.
 * Also returns the balance at the end of the day before `from`. `onDays` (ascending, within the
 * range) limits the days answered; the days with transactions are walked whatever it says.
 */
export function bankDailyBalances(currentMinor: bigint, asOfDay: string, from: string, movements: BankMovement[], onDays?: string[]): { byDay: Map<string, bigint>; before: bigint } {
  const perDay = new Map<string, BankMovement[]>();
  for (const t of movements) {
    if (!countsAtBank(t) || t.date < from || t.date > asOfDay) continue;
    const list = perDay.get(t.date);
    if (list) list.push(t);
    else perDay.set(t.date, [t]);
  }
  // Transactions dated after the balance's day are not in it.
  let cur = currentMinor;
  const byDay = new Map<string, bigint>();
  const days = onDays ? changeDays(from, asOfDay, onDays, perDay.keys()) : daysBetween(from, asOfDay);
  for (let i = days.length - 1; i >= 0; i--) {
    const day = days[i]!;
    const list = perDay.get(day);
    if (list) {
      const running = endOfDayFromRunning(list);
      if (running !== null) cur = running;
    }
    byDay.set(day, cur);
    if (list) for (const t of list) cur -= t.signedMinor;
  }
  return { byDay, before: cur };
}

/** The Book Account's balance at the end of each day from `from` to `to` (or of `onDays`, as above), and before `from`. */
export function bookDailyBalances(movements: BookMovement[], from: string, to: string, opts: { postedOnly: boolean; onDays?: string[] }): { byDay: Map<string, bigint>; before: bigint } {
  let before = 0n;
  const perDay = new Map<string, bigint>();
  for (const m of movements) {
    if (opts.postedOnly && !m.posted) continue;
    if (m.date < from) before += m.signedMinor;
    else if (m.date <= to) perDay.set(m.date, (perDay.get(m.date) ?? 0n) + m.signedMinor);
  }
  const byDay = new Map<string, bigint>();
  let cur = before;
  for (const day of opts.onDays ? changeDays(from, to, opts.onDays, perDay.keys()) : daysBetween(from, to)) {
    cur += perDay.get(day) ?? 0n;
    byDay.set(day, cur);
  }
  return { byDay, before };
}

/** First day on which two series differ, and the last day of agreement before it (null: none). */
export function firstDivergence(days: string[], a: Map<string, bigint>, b: Map<string, bigint>): { firstDivergent: string | null; lastAgreed: string | null } {
  let lastAgreed: string | null = null;
  for (const day of days) {
    if (a.get(day) !== b.get(day)) return { firstDivergent: day, lastAgreed };
    lastAgreed = day;
  }
  return { firstDivergent: null, lastAgreed };
}
