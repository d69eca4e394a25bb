/**
 * The candidates a side can pair with, found without comparing it to every candidate in its window
 * (transfer pairing, pairing.ts): the candidates indexed by day and, within a day, sorted by amount,
 * so one side looks only at the days of its window and, in each, only at the amounts its fee
 * tolerance can reach. A backfill of a Book with several integrations has thousands of candidates
 * within any week; the matcher (match.ts) decides between the few this returns, and returns what it
 * would have decided given them all, because every candidate its hard rules accept is among them.
 * Pure.
 */
import { FEE_CAP, FEE_SHARE } from "./match";
import { milli } from "./signals";
import type { MovementSide } from "./types";

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD day; NaN when it is not one. */
function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** Thousandths of an absolute amount; null when it is not one (milli throws). */
function milliOrNull(amount: string): number | null {
  try {
    return milli(amount);
  } catch {
    return null;
  }
}

export type NearIndex = {
  /** Per day number, the candidates with a readable amount, sorted by it. */
  readonly byDay: ReadonlyMap<number, readonly { milli: number; side: MovementSide }[]>;
  /** Candidates whose day or amount cannot be read: always handed to the matcher, which decides on them as before. */
  readonly unread: readonly MovementSide[];
};

export function indexNear(candidates: Iterable<MovementSide>): NearIndex {
  const byDay = new Map<number, { milli: number; side: MovementSide }[]>();
  const unread: MovementSide[] = [];
  for (const side of candidates) {
    const day = dayNumber(side.date);
    const m = milliOrNull(side.amount);
    if (Number.isNaN(day) || m === null) {
      unread.push(side);
      continue;
    }
    const list = byDay.get(day);
    if (list) list.push({ milli: m, side });
    else byDay.set(day, [{ milli: m, side }]);
  }
  for (const list of byDay.values()) list.sort((a, b) => a.milli - b.milli);
  return { byDay, unread };
}

/** The first position in `list` (sorted by milli) whose amount is at least `m`. */
function lowerBound(list: readonly { milli: number }[], m: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.milli < m) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The indexed candidates within `windowDays` of `side` whose amount is within the widest fee
 * tolerance it could have with them, plus the unread ones: a superset of those the matcher's date
 * and amount rules accept. For a difference d between amounts a and c the matcher allows
 * d ≤ min(round(max(a, c) × share), cap); with max(a, c) ≤ a + d that gives d ≤ (a × share + ½) / (1 − share).
 */
export function nearSides(index: NearIndex, side: MovementSide, windowDays: number, options: { feeShare?: number; feeCap?: string } = {}): MovementSide[] {
  const day = dayNumber(side.date);
  const m = milliOrNull(side.amount);
  const all = (): MovementSide[] => [...[...index.byDay.values()].flatMap((l) => l.map((x) => x.side)), ...index.unread];
  // A side the index cannot place is compared with every candidate, as the matcher always did.
  if (Number.isNaN(day) || m === null) return all();
  const share = options.feeShare ?? FEE_SHARE;
  const cap = milliOrNull(options.feeCap ?? FEE_CAP);
  if (cap === null || !(share >= 0 && share < 1)) return all();
  const reach = Math.min(cap, Math.floor((m * share + 0.5) / (1 - share)) + 1);
  const out: MovementSide[] = [...index.unread];
  for (let d = -windowDays; d <= windowDays; d++) {
    const list = index.byDay.get(day + d);
    if (!list) continue;
    for (let i = lowerBound(list, m - reach); i < list.length && list[i]!.milli <= m + reach; i++) out.push(list[i]!.side);
  }
  return out;
}
