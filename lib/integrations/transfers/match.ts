/**
 * Transfer pairing's decision (docs/architecture.md#transfer-pairing), pure: given the side of a
 * movement that just arrived and the candidate transactions from the Book's OTHER integrations,
 * say whether they are the two sides of one movement — **pair** (one confident match), **suggest**
 * (ambiguous, weak, or the other side belongs to a person now) or **none**.
 *
 * Hard rules, never outweighed by signals:
 * - only the opposite direction, another integration and institution account, the same currency,
 *   posted (not pending) sides, within `windowDays`, amount equal or within the fee tolerance;
 * - a candidate already paired is out; a pair a person split (`splitPairs`) is never proposed again;
 * - a side a person completed, posted, checked or edited (`personal`) is never rewritten: it can
 *   only be suggested;
 * - sides from two bank connections pair only with linking evidence (LINKING_EVIDENCE), else suggested.
 */
import { LINKING_EVIDENCE, TRANSFER_EVIDENCE, daysBetween, fromMilli, milli, scoreOf, signalsBetween, type Signal } from "./signals";
import type { MovementSide } from "./types";

export type { MovementSide } from "./types";


export type MatchOptions = {
  /** Largest date distance between the sides (card payments show on the card up to ~6 days later). */
  windowDays?: number;
  /** Fee tolerance: a difference up to this share of the larger amount… */
  feeShare?: number;
  /** …and at most this absolute amount (decimal string), is a fee, flagged as a difference. */
  feeCap?: string;
};

export type Candidate = {
  side: MovementSide;
  score: number;
  signals: Signal[];
  /** Payer amount − receiver amount (a fee), or null when equal. */
  difference: string | null;
};

export type PairDecision = {
  kind: "pair";
  /** The paying side (the Book transaction's From) and the receiving side (its To). */
  from: MovementSide;
  to: MovementSide;
  /** The other side (the candidate chosen). */
  match: Candidate;
  /** The pair's amount: what arrived. The difference, if any, stays a draft on the payer. */
  amount: string;
};

export type SuggestDecision = { kind: "suggest"; reason: "ambiguous" | "weak" | "personal"; candidates: Candidate[] };
export type NoneDecision = { kind: "none"; reason: "pending" | "no-candidate" };
export type PairingDecision = PairDecision | SuggestDecision | NoneDecision;

/** A confident pair scores at least this… */
export const PAIR_SCORE = 7;
/** …and beats the runner-up by at least this much; below PAIR_SCORE but ≥ SUGGEST_SCORE: suggested. */
export const PAIR_MARGIN = 3;
export const SUGGEST_SCORE = 4;
const MAX_SUGGESTIONS = 3;

/** The default fee tolerance: 2 % of the larger amount, at most 10.00. */
export const FEE_SHARE = 0.02;
export const FEE_CAP = "10.00";

/** Order-free key of a pair, as `splitPairs` remembers it. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function toleranceMilli(a: string, b: string, o: Required<MatchOptions>): number {
  return Math.min(Math.round(Math.max(milli(a), milli(b)) * o.feeShare), milli(o.feeCap));
}

function eligible(side: MovementSide, c: MovementSide, split: ReadonlySet<string>, o: Required<MatchOptions>): boolean {
  return (
    c.key !== side.key &&
    c.integrationId !== side.integrationId &&
    c.institutionAccountId !== side.institutionAccountId &&
    c.bookAccountId !== side.bookAccountId &&
    c.direction !== side.direction &&
    c.currency === side.currency &&
    !c.pending &&
    c.pairedWith === null &&
    !split.has(pairKey(side.key, c.key)) &&
    daysBetween(side.date, c.date) <= o.windowDays &&
    Math.abs(milli(side.amount) - milli(c.amount)) <= toleranceMilli(side.amount, c.amount, o)
  );
}

function candidateOf(side: MovementSide, c: MovementSide, o: Required<MatchOptions>): Candidate {
  const signals = signalsBetween(side, c, toleranceMilli(side.amount, c.amount, o));
  const [payer, receiver] = side.direction === "out" ? [side, c] : [c, side];
  const diff = milli(payer.amount) - milli(receiver.amount);
  return { side: c, score: scoreOf(signals), signals, difference: diff === 0 ? null : (diff < 0 ? "-" : "") + fromMilli(diff) };
}

export function decidePairing(
  side: MovementSide,
  candidates: readonly MovementSide[],
  splitPairs: Iterable<string> = [],
  options: MatchOptions = {},
): PairingDecision {
  const o: Required<MatchOptions> = { windowDays: options.windowDays ?? 7, feeShare: options.feeShare ?? FEE_SHARE, feeCap: options.feeCap ?? FEE_CAP };
  if (side.pending) return { kind: "none", reason: "pending" };
  const split = new Set(splitPairs);
  const scored = candidates
    .filter((c) => eligible(side, c, split, o))
    .map((c) => candidateOf(side, c, o))
    // Without evidence of a transfer, an equal amount nearby is a coincidence, not a candidate.
    .filter((c) => c.signals.some((s) => TRANSFER_EVIDENCE.has(s)) && c.score >= SUGGEST_SCORE)
    .sort((a, b) => b.score - a.score || daysBetween(side.date, a.side.date) - daysBetween(side.date, b.side.date) || (a.side.key < b.side.key ? -1 : 1));
  const best = scored[0];
  if (!best) return { kind: "none", reason: "no-candidate" };
  const runnerUp = scored[1];
  const top = scored.slice(0, MAX_SUGGESTIONS);
  if (best.score < PAIR_SCORE) return { kind: "suggest", reason: "weak", candidates: top };
  // Two logins' transactions: a transfer out of one and in to the other on the same day is a pair only
  // with evidence naming the other account or payment; otherwise a person decides.
  if (best.side.connectionId !== side.connectionId && !best.signals.some((s) => LINKING_EVIDENCE.has(s))) return { kind: "suggest", reason: "weak", candidates: top };
  if (runnerUp && best.score - runnerUp.score < PAIR_MARGIN) return { kind: "suggest", reason: "ambiguous", candidates: top };
  if (side.personal || best.side.personal) return { kind: "suggest", reason: "personal", candidates: [best] };
  const [from, to] = side.direction === "out" ? [side, best.side] : [best.side, side];
  return { kind: "pair", from, to, match: best, amount: to.amount };
}
