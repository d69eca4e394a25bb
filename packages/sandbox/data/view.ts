/**
 * Reading the timeline at an instant: what the bank shows, what changed between two positions
 * (the basis of Plaid's /transactions/sync), balances, and the "ground truth" for sync tests.
 */
import { cents } from "./dates";
import type { LoginData, SandboxAccount, TxEvent, TxState } from "./types";

/**
 * A point of view on the timeline: the instant `t` (ms) and the earliest transaction date shown
 * (`minDate`, `YYYY-MM-DD`; "" = no limit). Plaid items only see `days_requested` of history.
 */
export interface ViewPosition {
  t: number;
  minDate: string;
}

export function isVisible(e: TxEvent, t: number, minDate = ""): boolean {
  return e.availableAt <= t && (e.removedAt === null || e.removedAt > t) && e.date >= minDate;
}

function isModified(e: TxEvent, t: number): boolean {
  return e.modifiedAt !== null && e.modifiedAt <= t;
}

/** The event's state as seen at `t` (its modification applied once due). */
export function stateAt(e: TxEvent, t: number): TxState {
  const modified = isModified(e, t);
  return {
    id: e.id,
    accountId: e.accountId,
    kind: e.kind,
    pending: e.pending,
    date: e.date,
    authorizedDate: e.authorizedDate,
    authorizedDatetime: e.authorizedDatetime,
    amount: modified && e.modifiedAmount !== null ? e.modifiedAmount : e.amount,
    name: modified && e.modifiedName !== null ? e.modifiedName : e.name,
    merchantName: e.merchantName,
    website: e.website,
    pendingTransactionId: e.pendingTransactionId,
    category: e.category,
    paymentChannel: e.paymentChannel,
    transactionCode: e.transactionCode,
    location: e.location,
    currency: e.currency,
    counterpartAccountId: e.counterpartAccountId,
    peerId: e.peerId,
    versionAt: modified && e.modifiedAt !== null ? e.modifiedAt : e.availableAt,
  };
}

export interface VisibleOptions {
  minDate?: string;
  /** Restrict to these accounts. */
  accountIds?: ReadonlySet<string> | readonly string[];
}

function accountFilter(ids: VisibleOptions["accountIds"]): (id: string) => boolean {
  if (!ids) return () => true;
  const set = ids instanceof Set ? ids : new Set(ids as readonly string[]);
  return (id) => set.has(id);
}

/** Everything the bank shows at `t` (pending and posted), in timeline order. */
export function visibleAt(data: LoginData, t: number, opts: VisibleOptions = {}): TxState[] {
  const keep = accountFilter(opts.accountIds);
  const out: TxState[] = [];
  for (const e of data.events) {
    if (e.availableAt > t) break; // events are sorted by availableAt
    if (keep(e.accountId) && isVisible(e, t, opts.minDate)) out.push(stateAt(e, t));
  }
  return out;
}

export type ChangeType = "added" | "modified" | "removed";

export interface TxChange {
  type: ChangeType;
  /** When the change happened on the timeline (used for ordering). */
  at: number;
  /** For added/modified: the state at the target position. For removed: the last state seen. */
  tx: TxState;
}

const TYPE_ORDER: Record<ChangeType, number> = { removed: 0, added: 1, modified: 2 };

/**
 * The changes a client at `from` (null = has nothing) must apply to reach `to`, collapsed per
 * transaction and ordered by when they happened (then removed < added < modified, then id):
 * - added: visible at `to`, not at `from`;
 * - removed: visible at `from`, not at `to`;
 * - modified: visible at both, and its version changed in between.
 */
export function diffPositions(
  data: LoginData,
  from: ViewPosition | null,
  to: ViewPosition,
  opts: { accountIds?: VisibleOptions["accountIds"] } = {},
): TxChange[] {
  const keep = accountFilter(opts.accountIds);
  const horizon = Math.max(to.t, from?.t ?? 0);
  const out: TxChange[] = [];
  for (const e of data.events) {
    if (e.availableAt > horizon) break;
    if (!keep(e.accountId)) continue;
    const before = from !== null && isVisible(e, from.t, from.minDate);
    const after = isVisible(e, to.t, to.minDate);
    if (after && !before) {
      out.push({ type: "added", at: Math.max(e.availableAt, isModified(e, to.t) ? (e.modifiedAt ?? 0) : 0), tx: stateAt(e, to.t) });
    } else if (before && !after && from !== null) {
      const at = e.removedAt !== null && e.removedAt <= to.t ? e.removedAt : to.t;
      out.push({ type: "removed", at, tx: stateAt(e, from.t) });
    } else if (before && after && from !== null && isModified(e, to.t) !== isModified(e, from.t)) {
      out.push({ type: "modified", at: e.modifiedAt ?? to.t, tx: stateAt(e, to.t) });
    }
  }
  out.sort((a, b) => a.at - b.at || TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || (a.tx.id < b.tx.id ? -1 : a.tx.id > b.tx.id ? 1 : 0));
  return out;
}

export interface AccountBalances {
  /** Depository: money in the account. Credit: amount owed (positive = owed). */
  current: number;
  available: number;
  limit: number | null;
}

/**
 * Balances at `t`, consistent with the timeline: opening balance adjusted by every posted
 * transaction visible at `t` (regardless of any item's history limit); pending debits reduce
 * `available`.
 */
export function balancesAt(data: LoginData, t: number): Map<string, AccountBalances> {
  const posted = new Map<string, number>();
  const pendingOut = new Map<string, number>();
  for (const e of data.events) {
    if (e.availableAt > t) break;
    if (!isVisible(e, t)) continue;
    const s = stateAt(e, t);
    if (s.pending) {
      if (s.amount > 0) pendingOut.set(s.accountId, (pendingOut.get(s.accountId) ?? 0) + s.amount);
    } else {
      posted.set(s.accountId, (posted.get(s.accountId) ?? 0) + s.amount);
    }
  }
  const out = new Map<string, AccountBalances>();
  for (const a of data.accounts) out.set(a.accountId, accountBalance(a, posted.get(a.accountId) ?? 0, pendingOut.get(a.accountId) ?? 0));
  return out;
}

function accountBalance(a: SandboxAccount, postedSum: number, pendingOut: number): AccountBalances {
  if (a.type === "credit") {
    const current = cents(a.openingBalance + postedSum);
    const limit = a.creditLimit ?? 0;
    return { current, available: cents(limit - current - pendingOut), limit: a.creditLimit };
  }
  const current = cents(a.openingBalance - postedSum);
  return { current, available: a.subtype === "savings" ? current : cents(current - pendingOut), limit: null };
}

/**
 * Ground truth for sync tests: per account, the posted (non-pending, non-removed) transactions
 * visible at `t` with their latest amount/name, dated on or after `minDate`, ordered by (date, id).
 */
export function groundTruth(data: LoginData, t: number, opts: { minDate?: string } = {}): Record<string, TxState[]> {
  const out: Record<string, TxState[]> = {};
  for (const a of data.accounts) out[a.accountId] = [];
  for (const s of visibleAt(data, t, { minDate: opts.minDate })) {
    if (!s.pending) (out[s.accountId] ??= []).push(s);
  }
  for (const list of Object.values(out)) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}
