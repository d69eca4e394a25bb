import { AppError } from "@/lib/errors";
import { msg } from "@/lib/i18n/translate";
import type { BookAccount, BookInfo, BookTransaction, TransactionReshape } from "./types";
import { assertUpdatable, normalisePatch } from "./update-rules";

/**
 * The rules every BookGateway applies to transfer pairing's changes (reshapeTransaction,
 * mergeTransaction), whoever keeps the Book: checked first, so local Books and Bkper refuse the same
 * things with the same words.
 */

export type ReshapePlan = {
  date: string;
  amount: string;
  description: string;
  creditAccountId: string | null;
  debitAccountId: string | null;
  /** The transaction's remote ids after the change, sorted. */
  remoteIds: string[];
  add: string[];
  remove: string[];
  /** False when the transaction is already as asked (nothing to write). */
  changes: boolean;
};

/** The change checked against the transaction as it is, the Book and its Accounts. */
export function planReshape(current: BookTransaction, change: TransactionReshape, book: BookInfo, accounts: BookAccount[]): ReshapePlan {
  const p = normalisePatch({ date: change.date ?? current.date, amount: change.amount ?? current.amount, description: change.description ?? current.description }, book.fractionDigits);
  assertUpdatable(current, p.date, book);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const side = (id: string | null | undefined, was: string | null): string | null => {
    if (id === undefined) return was;
    if (id === null) return null;
    const a = byId.get(id);
    if (!a) throw new AppError("INVALID_INPUT", msg("bookErrors.unknownAccount"));
    if (a.archived && id !== was) throw new AppError("INVALID_INPUT", msg("bookErrors.archivedAccount", { name: a.name }));
    return id;
  };
  const creditAccountId = side(change.creditAccountId, current.creditAccountId);
  const debitAccountId = side(change.debitAccountId, current.debitAccountId);
  if (creditAccountId && creditAccountId === debitAccountId) throw new AppError("INVALID_INPUT", msg("bookErrors.sameAccount"));
  if (current.posted && (!creditAccountId || !debitAccountId)) throw new AppError("CONFLICT", msg("bookErrors.postedLosesSide"));
  const removeSet = new Set(change.removeRemoteIds ?? []);
  const had = new Set(current.remoteIds);
  const add = [...new Set(change.addRemoteIds ?? [])].filter((r) => !had.has(r) && !removeSet.has(r));
  const remove = current.remoteIds.filter((r) => removeSet.has(r));
  const remoteIds = [...current.remoteIds.filter((r) => !removeSet.has(r)), ...add].sort();
  const changes =
    p.date !== current.date ||
    p.amount !== current.amount ||
    p.description !== current.description ||
    creditAccountId !== current.creditAccountId ||
    debitAccountId !== current.debitAccountId ||
    add.length > 0 ||
    remove.length > 0;
  return { ...p, creditAccountId, debitAccountId, remoteIds, add, remove, changes };
}

/** A remote id to add that another transaction of the Book holds: CONFLICT (a remote id belongs to one transaction). */
export function remoteIdTaken(remoteId: string): AppError {
  return new AppError("CONFLICT", msg("bookErrors.remoteIdTaken", { value: remoteId }));
}

/** mergeTransaction's refusals, on the two transactions as read. */
export function assertMergeable(from: BookTransaction, into: BookTransaction): void {
  if (from.checked && !from.trashed) throw new AppError("CONFLICT", msg("bookErrors.checked"));
  if (into.trashed) throw new AppError("CONFLICT", msg("bookErrors.inTrash"));
  if (into.checked) throw new AppError("CONFLICT", msg("bookErrors.checked"));
}
