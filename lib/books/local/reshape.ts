import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { msg } from "@/lib/i18n/translate";
import { assertMergeable, planReshape, remoteIdTaken } from "../reshape-rules";
import type { BookAccount, BookInfo, BookTransaction, TransactionReshape } from "../types";
import { transactionGone } from "../update-rules";
import { dateFromIso, toTransaction, txInclude } from "./rows";

/**
 * Transfer pairing's changes on local Books (BookGateway.reshapeTransaction, mergeTransaction): each
 * one database transaction, written with a guard on the state it was read in, so a concurrent check
 * or trash makes it fail (CONFLICT) with nothing done.
 */

type Deps = { db: PrismaClient; book: (bookId: string) => Promise<BookInfo | null>; accounts: (bookId: string) => Promise<BookAccount[]> };

const TX = { timeout: 30_000, maxWait: 15_000 } as const;

async function requireBook(d: Deps, bookId: string): Promise<BookInfo> {
  const book = await d.book(bookId);
  if (!book) throw new AppError("NOT_FOUND", msg("bookErrors.bookGone"));
  return book;
}

export async function reshapeLocal(d: Deps, bookId: string, transactionId: string, change: TransactionReshape): Promise<BookTransaction> {
  const [book, accounts] = await Promise.all([requireBook(d, bookId), d.accounts(bookId)]);
  return d.db.$transaction(async (tx) => {
    const row = await tx.ledgerTransaction.findFirst({ where: { id: transactionId, bookId }, include: txInclude });
    if (!row) throw transactionGone();
    const current = toTransaction(row);
    const plan = planReshape(current, change, book, accounts);
    if (!plan.changes) return current;
    if (plan.add.length) {
      const held = await tx.ledgerRemoteId.findFirst({ where: { bookId, remoteId: { in: plan.add }, transactionId: { not: transactionId } }, select: { remoteId: true } });
      if (held) throw remoteIdTaken(held.remoteId);
    }
    const { count } = await tx.ledgerTransaction.updateMany({
      where: { id: transactionId, bookId, checked: false, trashed: false, posted: current.posted },
      data: { date: dateFromIso(plan.date), amount: plan.amount, description: plan.description, creditAccountId: plan.creditAccountId, debitAccountId: plan.debitAccountId },
    });
    if (count === 0) throw new AppError("CONFLICT", msg("bookErrors.changedMeanwhile"));
    if (plan.remove.length) await tx.ledgerRemoteId.deleteMany({ where: { bookId, transactionId, remoteId: { in: plan.remove } } });
    if (plan.add.length) await tx.ledgerRemoteId.createMany({ data: plan.add.map((remoteId) => ({ bookId, remoteId, transactionId })) });
    return toTransaction(await tx.ledgerTransaction.findUniqueOrThrow({ where: { id: transactionId }, include: txInclude }));
  }, TX);
}

export async function mergeLocal(d: Deps, bookId: string, fromId: string, intoId: string, remoteIds: string[]): Promise<BookTransaction> {
  await requireBook(d, bookId);
  return d.db.$transaction(async (tx) => {
    const rows = await tx.ledgerTransaction.findMany({ where: { bookId, id: { in: [fromId, intoId] } }, include: txInclude });
    const from = rows.find((r) => r.id === fromId);
    const into = rows.find((r) => r.id === intoId);
    if (!from || !into) throw transactionGone();
    assertMergeable(toTransaction(from), toTransaction(into));
    const wanted = [...new Set(remoteIds)];
    const elsewhere = await tx.ledgerRemoteId.findFirst({ where: { bookId, remoteId: { in: wanted }, transactionId: { notIn: [fromId, intoId] } }, select: { remoteId: true } });
    if (elsewhere) throw remoteIdTaken(elsewhere.remoteId);
    // One statement moves the ids (a remote id stays unique per Book throughout), one creates the missing ones.
    await tx.ledgerRemoteId.updateMany({ where: { bookId, transactionId: fromId, remoteId: { in: wanted } }, data: { transactionId: intoId } });
    await tx.ledgerRemoteId.createMany({ data: wanted.map((remoteId) => ({ bookId, remoteId, transactionId: intoId })), skipDuplicates: true });
    if (!from.trashed) {
      const { count } = await tx.ledgerTransaction.updateMany({ where: { id: fromId, bookId, checked: false }, data: { trashed: true } });
      if (count === 0) throw new AppError("CONFLICT", msg("bookErrors.changedMeanwhile"));
    }
    return toTransaction(await tx.ledgerTransaction.findUniqueOrThrow({ where: { id: intoId }, include: txInclude }));
  }, TX);
}
