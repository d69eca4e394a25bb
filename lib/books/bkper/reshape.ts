import { AppError } from "@/lib/errors";
import { msg } from "@/lib/i18n/translate";
import { assertMergeable, planReshape, remoteIdTaken } from "../reshape-rules";
import type { BookAccount, BookInfo, BookTransaction, TransactionReshape } from "../types";
import { transactionGone } from "../update-rules";
import type { BkperClient } from "./client";
import { isBkperError } from "./errors";
import type { BkperRawTransaction } from "./schemas";
import { toTransaction, toUpdateBody } from "./transform";

/**
 * Transfer pairing's changes on Bkper Books (docs/reference/bkper.md §1): the transaction is read
 * (GET …/transactions/{id}), the shared rules (../reshape-rules.ts) are checked, and it is sent back
 * whole (PUT …/transactions) with its Accounts and remote ids changed — on Bkper an update of the
 * existing draft with the second Account and the added remote ids. A merge is three such steps, each
 * checked against the Book first, so a repeat after a crash resumes where the last one stopped.
 */

export type BkperReshapeDeps = {
  client: BkperClient;
  book: (bookId: string) => Promise<BookInfo>;
  accounts: (bookId: string) => Promise<BookAccount[]>;
  /** remote id → the transaction holding it (trashed ones included). */
  holders: (bookId: string, remoteIds: string[], fractionDigits: number) => Promise<Map<string, BookTransaction>>;
};

async function read(d: BkperReshapeDeps, bookId: string, id: string): Promise<BkperRawTransaction> {
  return d.client.getTransaction(bookId, id).catch((err: unknown) => {
    throw isBkperError(err, "NOT_FOUND") ? transactionGone() : err;
  });
}

async function put(d: BkperReshapeDeps, bookId: string, body: Record<string, unknown> & { id: string }, fd: number): Promise<BookTransaction> {
  const updated = await d.client.updateTransaction(bookId, body).catch((err: unknown) => {
    throw isBkperError(err, "NOT_FOUND") ? transactionGone() : err;
  });
  if (updated) return toTransaction(updated, fd);
  return toTransaction((await d.client.getTransaction(bookId, body.id)).transaction, fd);
}

export async function reshapeBkper(d: BkperReshapeDeps, bookId: string, transactionId: string, change: TransactionReshape): Promise<BookTransaction> {
  const [book, accounts, raw] = await Promise.all([d.book(bookId), d.accounts(bookId), read(d, bookId, transactionId)]);
  const fd = book.fractionDigits;
  const current = toTransaction(raw.transaction, fd);
  const plan = planReshape(current, change, book, accounts);
  if (!plan.changes) return current;
  if (plan.add.length) {
    for (const [remoteId, holder] of await d.holders(bookId, plan.add, fd)) if (holder.id !== transactionId) throw remoteIdTaken(remoteId);
  }
  const body = toUpdateBody(raw.raw, raw.transaction.id, plan);
  // A PUT replaces the transaction: Accounts as references (left out to empty a side), the whole id list.
  delete body.creditAccount;
  delete body.debitAccount;
  if (plan.creditAccountId) body.creditAccount = { id: plan.creditAccountId };
  if (plan.debitAccountId) body.debitAccount = { id: plan.debitAccountId };
  body.remoteIds = plan.remoteIds;
  return put(d, bookId, body, fd);
}

export async function mergeBkper(d: BkperReshapeDeps, bookId: string, fromId: string, intoId: string, remoteIds: string[]): Promise<BookTransaction> {
  const book = await d.book(bookId);
  const fd = book.fractionDigits;
  const [fromRaw, intoRaw] = await Promise.all([read(d, bookId, fromId), read(d, bookId, intoId)]);
  const from = toTransaction(fromRaw.transaction, fd);
  assertMergeable(from, toTransaction(intoRaw.transaction, fd));
  const wanted = new Set(remoteIds);
  const held = from.remoteIds.filter((r) => wanted.has(r));
  if (held.length) {
    // Bkper keeps a trashed transaction's remote ids: free them first, while it can still be changed.
    if (from.trashed) throw new AppError("CONFLICT", msg("bookErrors.inTrash"));
    await reshapeBkper(d, bookId, fromId, { removeRemoteIds: held });
  }
  if (!from.trashed) {
    await d.client.trashTransaction(bookId, fromId).catch((err: unknown) => {
      if (!isBkperError(err, "NOT_FOUND")) throw err;
    });
  }
  return reshapeBkper(d, bookId, intoId, { addRemoteIds: [...wanted] });
}
