import { isIsoDay } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { msg } from "@/lib/i18n/translate";
import type { BookAccount, BookInfo, BookTransaction, TransactionEdit, TransactionQuery, TransactionStatusFilter } from "./types";
import { TRANSACTION_STATUSES } from "./types";
import { isZeroDecimal } from "./bkper/values";
import { assertUpdatable, normalisePatch, transactionGone } from "./update-rules";

/**
 * The rules every BookGateway applies to the workbench operations (post, check, uncheck, trash,
 * restore, edit), whoever keeps the Book — local Books enforce them here; Bkper enforces its own, and
 * the Bkper gateway checks these first so the answer is the same words either way.
 */

export type WorkbenchOp = "post" | "check" | "uncheck" | "trash" | "restore";
export const MAX_IDS = 500;
export const DEFAULT_PAGE = 50;

/** Ids as given: de-duplicated, at least one, at most MAX_IDS. */
export function checkIds(ids: string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0 || unique.some((id) => typeof id !== "string" || id.length === 0 || id.length > 200)) throw new AppError("INVALID_INPUT", msg("bookErrors.noTransactions"));
  if (unique.length > MAX_IDS) throw new AppError("INVALID_INPUT", msg("bookErrors.tooMany", { max: MAX_IDS }));
  return unique;
}

function assertOpen(date: string, book: Pick<BookInfo, "lockDate" | "closingDate">): void {
  if (book.closingDate && date <= book.closingDate) throw new AppError("CONFLICT", msg("bookErrors.beforeClosing", { date: { day: date }, closing: { day: book.closingDate } }));
  if (book.lockDate && date <= book.lockDate) throw new AppError("CONFLICT", msg("bookErrors.beforeLock", { date: { day: date }, lock: { day: book.lockDate } }));
}

/**
 * Whether the transaction needs changing for `op` (false: already so, left alone); throws when it may
 * not (CONFLICT with the reason in words). `accounts` is needed for post (both sides must exist, differ
 * and not be archived).
 */
export function needsChange(op: WorkbenchOp, t: BookTransaction, book: Pick<BookInfo, "lockDate" | "closingDate">, accounts?: Map<string, BookAccount>): boolean {
  switch (op) {
    case "post": {
      if (t.trashed) throw new AppError("CONFLICT", msg("bookErrors.inTrash"));
      if (t.posted) return false;
      assertOpen(t.date, book);
      if (!t.creditAccountId || !t.debitAccountId) throw new AppError("CONFLICT", msg("bookErrors.needsBothAccounts", { description: t.description }));
      if (t.creditAccountId === t.debitAccountId) throw new AppError("CONFLICT", msg("bookErrors.sameAccount"));
      for (const id of [t.creditAccountId, t.debitAccountId]) {
        const a = accounts?.get(id);
        if (!a) throw new AppError("CONFLICT", msg("bookErrors.unknownAccount"));
        if (a.archived) throw new AppError("CONFLICT", msg("bookErrors.archivedAccount", { name: a.name }));
      }
      if (!t.amount || isZeroDecimal(t.amount)) throw new AppError("CONFLICT", msg("bookErrors.needsAmount", { description: t.description }));
      return true;
    }
    case "check":
      if (t.trashed) throw new AppError("CONFLICT", msg("bookErrors.inTrash"));
      if (!t.posted) throw new AppError("CONFLICT", msg("bookErrors.draftNotCheckable"));
      if (t.checked) return false;
      assertOpen(t.date, book);
      return true;
    case "uncheck":
      if (t.trashed) throw new AppError("CONFLICT", msg("bookErrors.inTrash"));
      if (!t.checked) return false;
      assertOpen(t.date, book);
      return true;
    case "trash":
      if (t.trashed) return false;
      if (t.checked) throw new AppError("CONFLICT", msg("bookErrors.checkedNotTrashable"));
      assertOpen(t.date, book);
      return true;
    case "restore":
      if (!t.trashed) return false;
      assertOpen(t.date, book);
      return true;
  }
}

/** Checks all, then returns those to change; `found` holds the Book's transactions for the ids (missing → NOT_FOUND). */
export function planChanges(op: WorkbenchOp, ids: string[], found: Map<string, BookTransaction>, book: Pick<BookInfo, "lockDate" | "closingDate">, accounts?: Map<string, BookAccount>): BookTransaction[] {
  const out: BookTransaction[] = [];
  for (const id of ids) {
    const t = found.get(id);
    if (!t) throw transactionGone();
    if (needsChange(op, t, book, accounts)) out.push(t);
  }
  return out;
}

/** The edit checked and normalised against the transaction as it is and the Book's Accounts. */
export function normaliseEdit(current: BookTransaction, edit: TransactionEdit, book: BookInfo, accounts: BookAccount[]): TransactionEdit {
  const p = normalisePatch(edit, book.fractionDigits);
  assertUpdatable(current, p.date, book);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const side = (id: string | null, was: string | null): string | null => {
    if (id === null || id === "") return null;
    const a = byId.get(id);
    if (!a) throw new AppError("INVALID_INPUT", msg("bookErrors.unknownAccount"), { account: msg("bookErrors.unknownAccount") });
    if (a.archived && id !== was) throw new AppError("INVALID_INPUT", msg("bookErrors.archivedAccount", { name: a.name }), { account: msg("bookErrors.archivedAccount", { name: a.name }) });
    return id;
  };
  const creditAccountId = side(edit.creditAccountId, current.creditAccountId);
  const debitAccountId = side(edit.debitAccountId, current.debitAccountId);
  if (creditAccountId && creditAccountId === debitAccountId) throw new AppError("INVALID_INPUT", msg("bookErrors.sameAccount"), { account: msg("bookErrors.sameAccount") });
  if (current.posted && (!creditAccountId || !debitAccountId)) throw new AppError("INVALID_INPUT", msg("bookErrors.postedKeepsBoth"), { account: msg("bookErrors.postedKeepsBoth") });
  if (current.posted && isZeroDecimal(p.amount)) throw new AppError("INVALID_INPUT", msg("bookErrors.needsAmount", { description: current.description }), { amount: msg("bookErrors.needsAmount", { description: current.description }) });
  return { ...p, description: p.description.trim().slice(0, 1000), creditAccountId, debitAccountId };
}

/** A query with its defaults and bounds applied; bad dates or a reversed range → INVALID_INPUT. */
export function normaliseQuery(q: TransactionQuery): Required<Omit<TransactionQuery, "accountId" | "text" | "from" | "to" | "cursor">> & TransactionQuery & { status: TransactionStatusFilter; limit: number } {
  const status = q.status ?? "all";
  if (!TRANSACTION_STATUSES.includes(status)) throw new AppError("INVALID_INPUT", msg("bookErrors.badFilter"));
  for (const d of [q.from, q.to]) if (d !== undefined && !isIsoDay(d)) throw new AppError("INVALID_INPUT", msg("bookErrors.notADate", { value: d }));
  if (q.from && q.to && q.from > q.to) throw new AppError("INVALID_INPUT", msg("bookErrors.reversedRange"));
  const limit = Math.max(1, Math.min(Math.trunc(q.limit ?? DEFAULT_PAGE), 200));
  const text = q.text?.trim().replace(/\s+/g, " ").slice(0, 100) || undefined;
  return { ...q, status, limit, text };
}

/** Cursors travel in URLs: base64url JSON, refused (INVALID_INPUT) when they do not decode to the expected shape. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
export function decodeCursor<T>(cursor: string, valid: (v: unknown) => v is T): T {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (valid(v)) return v;
  } catch {
    // fall through
  }
  throw new AppError("INVALID_INPUT", msg("bookErrors.badCursor"));
}
