/**
 * The candidates a side can pair with, found without comparing it to every candidate in its window
 * (transfer pairing, pairing.ts): the candidates indexed by day and, within a day, sorted by amount,
 * so one side looks only at the days of its window and, in each, only at the amounts its fee
 * tolerance can reach. A backfill of a Book with several integrations has thousands of candidates
 * within any week; the matcher (match.ts) decides between the few this returns, and returns what it
 * would have decided given them all, because every candidate its hard rules accept is among them.
 * Pure.
 */
import { DAY_MS } from "@/lib/dates";
import { FEE_CAP, FEE_SHARE } from "./match";
import { milli } from "./signals";
import type { MovementSide } from "./types";

/** Days since 1970-01-01 of a YYYY-MM-DD day; NaN when it is not one. */
export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** Thousandths of an absolute amount; null when it is not one (milli throws). */
export function milliOrNull(amount: string): number | null {
  try {
    return milli(amount);
  } catch {
    return null;
  }
}

/** Items by day number and, within a day, sorted by amount in thousandths; those without a readable day or amount apart. */
export type DayAmountIndex<T> = {
  readonly byDay: ReadonlyMap<number, readonly { milli: number; item: T }[]>;
  readonly unread: readonly T[];
};

export function indexByDayAndAmount<T>(items: Iterable<T>, dayOf: (item: T) => number, milliOf: (item: T) => number | null): DayAmountIndex<T> {
  const byDay = new Map<number, { milli: number; item: T }[]>();
  const unread: T[] = [];
  for (const item of items) {
    const day = dayOf(item);
    const m = milliOf(item);
    if (Number.isNaN(day) || m === null || Number.isNaN(m)) {
      unread.push(item);
      continue;
    }
    const list = byDay.get(day);
    if (list) list.push({ milli: m, item });
    else byDay.set(day, [{ milli: m, item }]);
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

/** The indexed items within `windowDays` of `day` whose amount is within `reach` thousandths of `m` (the unread ones not included). */
export function inReach<T>(index: DayAmountIndex<T>, day: number, m: number, windowDays: number, reach: number): T[] {
  const out: T[] = [];
  for (let d = -windowDays; d <= windowDays; d++) {
    const list = index.byDay.get(day + d);
    if (!list) continue;
    for (let i = lowerBound(list, m - reach); i < list.length && list[i]!.milli <= m + reach; i++) out.push(list[i]!.item);
  }
  return out;
}

/**
 * The widest amount difference a fee tolerance of `share` of the larger amount (at most `capMilli`)
 * allows next to an amount of `m` thousandths, plus `slackMilli`: for a difference d the tolerance
 * is share × max(a, c) + slack with max(a, c) ≤ a + d, so d ≤ (a × share + slack + ½) / (1 − share).
 */
export function feeReach(m: number, share: number, capMilli: number, slackMilli = 0): number {
  return Math.min(capMilli + slackMilli, Math.floor((m * share + slackMilli + 0.5) / (1 - share)) + 1);
}

export type NearIndex = DayAmountIndex<MovementSide>;

export function indexNear(candidates: Iterable<MovementSide>): NearIndex {
  return indexByDayAndAmount(candidates, (side) => dayNumber(side.date), (side) => milliOrNull(side.amount));
}

/**
 * The indexed candidates within `windowDays` of `side` whose amount is within the widest fee
 * tolerance it could have with them, plus the unread ones: a superset of those the matcher's date
 * and amount rules accept (the matcher allows d ≤ min(round(max(a, c) × share), cap): feeReach).
 */
export function nearSides(index: NearIndex, side: MovementSide, windowDays: number, options: { feeShare?: number; feeCap?: string } = {}): MovementSide[] {
  const day = dayNumber(side.date);
  const m = milliOrNull(side.amount);
  const all = (): MovementSide[] => [...[...index.byDay.values()].flatMap((l) => l.map((x) => x.item)), ...index.unread];
  // A side the index cannot place is compared with every candidate, as the matcher always did.
  if (Number.isNaN(day) || m === null) return all();
  const share = options.feeShare ?? FEE_SHARE;
  const cap = milliOrNull(options.feeCap ?? FEE_CAP);
  if (cap === null || !(share >= 0 && share < 1)) return all();
  return [...index.unread, ...inReach(index, day, m, windowDays, feeReach(m, share, cap))];
}

/** An arriving side as the candidate search sees it (pairing.ts nearCandidates): its day number, amount, direction and currency. */
export type ArrivingSide = { day: number; amount: number; inbound: boolean; currency: string };
/** A stored row of another integration that may be a candidate. */
export type CandidateRow = ArrivingSide & { id: string };

/**
 * The ids of `rows` that can pass the matcher's hard rules against one of `arriving` — the opposite
 * direction, the same currency, within `reachDays` and within the fee tolerance widened by a cent
 * for the Book's rounding — with the arriving sides indexed by day and amount, so each row is
 * tested against the few its reach covers (rounding to thousandths is within the reach's slack).
 * The same test as comparing every row with every arriving side of its days.
 */
export function rowsNearArriving(arriving: readonly ArrivingSide[], rows: readonly CandidateRow[], reachDays: number): string[] {
  const cap = Number(FEE_CAP) + 0.01;
  const capMilli = Math.round(cap * 1000);
  const index = indexByDayAndAmount(arriving, (a) => a.day, (a) => Math.round(a.amount * 1000));
  const out: string[] = [];
  for (const c of rows) {
    const m = Math.round(c.amount * 1000);
    const near = inReach(index, c.day, m, reachDays, feeReach(m, FEE_SHARE, capMilli, 12)).some((a) => {
      const tolerance = Math.min(Math.max(a.amount, c.amount) * FEE_SHARE, cap) + 0.01;
      return a.inbound !== c.inbound && a.currency === c.currency && Math.abs(a.amount - c.amount) <= tolerance;
    });
    if (near) out.push(c.id);
  }
  return out;
}

/** Arriving sides beyond this many buckets (or amounts) are not pre-filtered in SQL: the search reads their days' rows whole. */
const MAX_BUCKETS = 50_000;
const MAX_BUCKETED_AMOUNT = 1e12;

/**
 * The candidate search's filter in SQL (pairing.ts nearCandidates): for each arriving side, the
 * whole currency units a row's amount can fall in and still be within its fee tolerance (widened as
 * rowsNearArriving widens it), each with the direction the row must have (the opposite one), as
 * `units × 2 + (row inbound ? 1 : 0)`. A row whose `floor(abs(amount)) × 2 + inbound` is not among
 * them cannot pass rowsNearArriving, so the database need not send it. A superset, like the
 * search's date spans. Null: no filter (an amount it cannot bucket exactly, or too many buckets).
 */
export function amountBuckets(arriving: readonly ArrivingSide[]): number[] | null {
  const capMilli = Math.round((Number(FEE_CAP) + 0.01) * 1000);
  const keys = new Set<number>();
  for (const a of arriving) {
    if (!Number.isFinite(a.amount) || a.amount < 0 || a.amount > MAX_BUCKETED_AMOUNT) return null;
    const m = Math.round(a.amount * 1000);
    // The reach from the arriving side's own amount, a few thousandths wider than the row-side reach rowsNearArriving uses.
    const reach = feeReach(m, FEE_SHARE, capMilli, 20);
    const rowInbound = a.inbound ? 0 : 1;
    for (let unit = Math.floor((m - reach) / 1000); unit <= Math.floor((m + reach) / 1000); unit++) {
      if (unit >= 0) keys.add(unit * 2 + rowInbound);
    }
    if (keys.size > MAX_BUCKETS) return null;
  }
  return [...keys].sort((x, y) => x - y);
}
