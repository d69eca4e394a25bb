/**
 * /transactions/sync over the event timeline.
 *
 * A cursor is an opaque base64url string holding a position on the timeline (instant + earliest
 * date shown) plus, mid-pagination, the position the update started from, the snapshot it runs
 * to and an offset. Each page is `diff(from, snapshot)[offset … offset+count]`; a final cursor is
 * just the snapshot. A mid-pagination cursor fails with TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION
 * when the data moved past the snapshot since the update started (or when the fault fires).
 */
import { DAY_MS, isoDate } from "@bank-connections/sandbox/data/dates";
import { defaultWindow, getLoginData } from "@bank-connections/sandbox/data/generate";
import { hash32, keyOf } from "@bank-connections/sandbox/data/prng";
import type { LoginData, LoginSpec } from "@bank-connections/sandbox/data/types";
import { balancesAt, diffPositions, type TxChange } from "@bank-connections/sandbox/data/view";
import { PlaidApiError } from "./errors";
import { withOpenedAccounts } from "@bank-connections/sandbox/data/opened-accounts";
import type { PlaidItemRecord, SyncPos } from "./state";
import { toPlaidAccount, toPlaidTransaction } from "./transform";

export interface CursorData {
  itemId: string;
  accountId: string | null;
  /** The snapshot position (final cursor: the position reached). */
  to: SyncPos;
  /** Mid-pagination only: where this update started (null = from nothing) and the page offset. */
  page: { from: SyncPos | null; offset: number } | null;
}

const compactDate = (d: string) => d.replaceAll("-", "");
const expandDate = (d: string) => (d === "" ? "" : `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`);

export function encodeCursor(seed: number, c: CursorData): string {
  const fields = [
    "1",
    c.itemId,
    c.accountId ?? "",
    c.to.t.toString(36),
    compactDate(c.to.minDate),
    c.page ? (c.page.from ? c.page.from.t.toString(36) : "n") : "",
    c.page?.from ? compactDate(c.page.from.minDate) : "",
    c.page ? c.page.offset.toString(36) : "",
  ];
  const body = fields.join("~");
  return Buffer.from(`${body}~${hash32(keyOf(seed, body)).toString(36)}`, "utf8").toString("base64url");
}

/** Null when the string is not a cursor this sandbox issued. */
export function decodeCursor(seed: number, cursor: string): CursorData | null {
  let text: string;
  try {
    text = Buffer.from(cursor, "base64url").toString("utf8");
  } catch {
    return null;
  }
  const parts = text.split("~");
  if (parts.length !== 9 || parts[0] !== "1") return null;
  const [, itemId = "", accountId = "", toT = "", toMin = "", fromT = "", fromMin = "", offset = "", check = ""] = parts;
  if (hash32(keyOf(seed, parts.slice(0, 8).join("~"))).toString(36) !== check) return null;
  const num = (s: string) => {
    const n = parseInt(s, 36);
    return Number.isFinite(n) ? n : null;
  };
  const to = num(toT);
  if (to === null || !itemId) return null;
  let page: CursorData["page"] = null;
  if (offset !== "") {
    const off = num(offset);
    if (off === null) return null;
    let from: SyncPos | null = null;
    if (fromT !== "n") {
      const ft = num(fromT);
      if (ft === null) return null;
      from = { t: ft, minDate: expandDate(fromMin) };
    }
    page = { from, offset: off };
  }
  return { itemId, accountId: accountId || null, to: { t: to, minDate: expandDate(toMin) }, page };
}

/** The login behind an item: same bank data for the same (institution, username, seed); ids per item. */
export function itemLogin(item: PlaidItemRecord, seed: number): LoginSpec {
  return { institutionId: item.institutionId, username: item.username, seed, idNamespace: item.itemId, ...(item.custom ? { layout: item.custom.layout, accountOverrides: item.custom.overrides } : {}) };
}

export function itemData(item: PlaidItemRecord, seed: number, clock: { baseMs: number; nowMs: number }): LoginData {
  return withOpenedAccounts(item, getLoginData(itemLogin(item, seed), defaultWindow(clock)));
}

/** First date the item may see: days_requested before creation (30 days while INITIAL). */
export function itemMinDate(item: PlaidItemRecord, data: LoginData): string {
  const days = item.phase === "INITIAL" ? Math.min(30, item.daysRequested) : item.daysRequested;
  const d = isoDate(item.createdAtMs - days * DAY_MS);
  return d < data.window.start ? data.window.start : d;
}

export function currentPos(item: PlaidItemRecord, data: LoginData, nowMs: number): SyncPos {
  return { t: nowMs, minDate: itemMinDate(item, data) };
}

export function sharedAccountIds(item: PlaidItemRecord, data: LoginData): string[] {
  const all = data.accounts.map((a) => a.accountId);
  return item.accountIds ? all.filter((id) => item.accountIds?.includes(id)) : all;
}

export interface SyncRequest {
  cursor: string | undefined;
  count: number;
  accountId: string | undefined;
  includeOriginalDescription: boolean;
  /** True when the sync-mutation fault decided to fire for this (mid-pagination) call. */
  forceMutation: () => boolean;
}

export interface SyncResult {
  body: {
    transactions_update_status: "NOT_READY" | "INITIAL_UPDATE_COMPLETE" | "HISTORICAL_UPDATE_COMPLETE";
    accounts: ReturnType<typeof toPlaidAccount>[];
    added: ReturnType<typeof toPlaidTransaction>[];
    modified: ReturnType<typeof toPlaidTransaction>[];
    removed: { transaction_id: string; account_id: string }[];
    next_cursor: string;
    has_more: boolean;
  };
  /** The final position reached (set when has_more is false). */
  finalPos: SyncPos | null;
}

function statusOf(item: PlaidItemRecord): SyncResult["body"]["transactions_update_status"] {
  return item.phase === "NOT_READY" ? "NOT_READY" : item.phase === "INITIAL" ? "INITIAL_UPDATE_COMPLETE" : "HISTORICAL_UPDATE_COMPLETE";
}

/** Computes one /transactions/sync page. Pure apart from reading the fault decision. */
export function syncPage(item: PlaidItemRecord, seed: number, clock: { baseMs: number; nowMs: number }, req: SyncRequest): SyncResult {
  const empty = { accounts: [], added: [], modified: [], removed: [] };
  if (item.phase === "NOT_READY") {
    return { body: { transactions_update_status: "NOT_READY", ...empty, next_cursor: "", has_more: false }, finalPos: null };
  }
  let decoded: CursorData | null = null;
  if (req.cursor !== undefined && req.cursor !== "" && req.cursor !== "now") {
    decoded = decodeCursor(seed, req.cursor);
    if (!decoded) throw new PlaidApiError("INVALID_FIELD", "cursor is not valid: pass the next_cursor of a previous /transactions/sync response");
    if (decoded.itemId !== item.itemId) throw new PlaidApiError("INVALID_FIELD", "cursor not associated with access_token");
    if ((decoded.accountId ?? undefined) !== req.accountId) {
      throw new PlaidApiError("INVALID_FIELD", "cursor was issued for a different options.account_id: restart from a null cursor");
    }
  }
  const horizon = Math.max(clock.nowMs, decoded?.to.t ?? 0, decoded?.page?.from?.t ?? 0);
  const data = itemData(item, seed, { baseMs: clock.baseMs, nowMs: horizon });
  const shared = sharedAccountIds(item, data);
  if (req.accountId !== undefined && !shared.includes(req.accountId)) {
    throw new PlaidApiError("INVALID_FIELD", "options.account_id does not belong to this item");
  }
  const accountIds = req.accountId !== undefined ? [req.accountId] : shared;
  const now = currentPos(item, data, clock.nowMs);

  if (req.cursor === "now") {
    const next = encodeCursor(seed, { itemId: item.itemId, accountId: req.accountId ?? null, to: now, page: null });
    return { body: { transactions_update_status: statusOf(item), ...empty, next_cursor: next, has_more: false }, finalPos: now };
  }

  let from: SyncPos | null;
  let to: SyncPos;
  let offset: number;
  if (decoded?.page) {
    from = decoded.page.from;
    to = decoded.to;
    offset = decoded.page.offset;
    const moved = (to.t !== now.t || to.minDate !== now.minDate) && diffPositions(data, to, now, { accountIds }).length > 0;
    if (moved || req.forceMutation()) throw new PlaidApiError("TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION");
  } else {
    from = decoded ? decoded.to : null;
    to = now;
    offset = 0;
  }

  const changes: TxChange[] = diffPositions(data, from, to, { accountIds });
  const page = changes.slice(offset, offset + req.count);
  const hasMore = offset + req.count < changes.length;
  const next: CursorData = hasMore
    ? { itemId: item.itemId, accountId: req.accountId ?? null, to, page: { from, offset: offset + req.count } }
    : { itemId: item.itemId, accountId: req.accountId ?? null, to, page: null };

  const opts = { includeOriginalDescription: req.includeOriginalDescription };
  const touched = new Set(page.map((c) => c.tx.accountId));
  const balances = balancesAt(data, clock.nowMs);
  return {
    body: {
      transactions_update_status: statusOf(item),
      accounts: data.accounts.filter((a) => touched.has(a.accountId)).map((a) => toPlaidAccount(a, balances.get(a.accountId), clock.nowMs)),
      added: page.filter((c) => c.type === "added").map((c) => toPlaidTransaction(c.tx, opts)),
      modified: page.filter((c) => c.type === "modified").map((c) => toPlaidTransaction(c.tx, opts)),
      removed: page.filter((c) => c.type === "removed").map((c) => ({ transaction_id: c.tx.id, account_id: c.tx.accountId })),
      next_cursor: encodeCursor(seed, next),
      has_more: hasMore,
    },
    finalPos: hasMore ? null : to,
  };
}

/** Whether anything changed for the item's shared accounts between two positions. */
export function hasChanges(item: PlaidItemRecord, seed: number, clock: { baseMs: number; nowMs: number }, from: SyncPos | null, to: SyncPos): boolean {
  const data = itemData(item, seed, { baseMs: clock.baseMs, nowMs: Math.max(clock.nowMs, to.t, from?.t ?? 0) });
  return diffPositions(data, from, to, { accountIds: sharedAccountIds(item, data) }).length > 0;
}
