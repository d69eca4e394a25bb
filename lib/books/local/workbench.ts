import { canDo, WORKBENCH_NEEDS, type WorkbenchOperation } from "../roles";
import { AppError, notAllowed } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { msg } from "@/lib/i18n/translate";
import type { BookAccount, BookInfo, BookTransaction, TransactionEdit, TransactionPage, TransactionQuery } from "../types";
import { transactionGone } from "../update-rules";
import { checkIds, decodeCursor, encodeCursor, normaliseEdit, normaliseQuery, planChanges, type WorkbenchOp } from "../workbench-rules";
import { dateFromIso, toTransaction, txInclude } from "./rows";

/**
 * The workbench on local Books (BookGateway's post/check/uncheck/trash/restore, edit and paged
 * listing): each change is one database transaction, checked as a whole first and written with a
 * guard on the state it was read in, so a concurrent change makes it fail (CONFLICT) with nothing done.
 */

type Deps = { db: PrismaClient; userId: string; book: (bookId: string) => Promise<BookInfo | null>; accounts: (bookId: string) => Promise<BookAccount[]> };

async function requireRole(d: Deps, bookId: string, op: WorkbenchOperation): Promise<BookInfo> {
  const [book, member] = await Promise.all([d.book(bookId), d.db.bookMember.findUnique({ where: { bookId_userId: { bookId, userId: d.userId } }, select: { role: true } })]);
  if (!book || !member) throw new AppError("NOT_FOUND", msg("bookErrors.bookGone"));
  if (!canDo(member.role, op)) throw new AppError("FORBIDDEN", notAllowed(WORKBENCH_NEEDS[op]));
  return book;
}

const GUARD: Record<WorkbenchOp, Prisma.LedgerTransactionWhereInput> = {
  post: { posted: false, trashed: false, creditAccountId: { not: null }, debitAccountId: { not: null } },
  check: { posted: true, checked: false, trashed: false },
  uncheck: { checked: true, trashed: false },
  trash: { trashed: false, checked: false },
  restore: { trashed: true },
};
const DATA: Record<WorkbenchOp, Prisma.LedgerTransactionUpdateManyMutationInput> = {
  post: { posted: true },
  check: { checked: true },
  uncheck: { checked: false },
  trash: { trashed: true },
  restore: { trashed: false },
};

export async function applyLocal(d: Deps, bookId: string, op: WorkbenchOp, ids: string[]): Promise<void> {
  const wanted = checkIds(ids);
  const book = await requireRole(d, bookId, op);
  const accounts = op === "post" ? new Map((await d.accounts(bookId)).map((a) => [a.id, a])) : undefined;
  await d.db.$transaction(
    async (tx) => {
      const rows = await tx.ledgerTransaction.findMany({ where: { bookId, id: { in: wanted } }, include: txInclude });
      const change = planChanges(op, wanted, new Map(rows.map((r) => [r.id, toTransaction(r)])), book, accounts);
      if (change.length === 0) return;
      const { count } = await tx.ledgerTransaction.updateMany({ where: { bookId, id: { in: change.map((t) => t.id) }, ...GUARD[op] }, data: DATA[op] });
      if (count !== change.length) throw new AppError("CONFLICT", msg("bookErrors.changedMeanwhile"));
    },
    { timeout: 30_000, maxWait: 15_000 },
  );
}

export async function editLocal(d: Deps, bookId: string, transactionId: string, edit: TransactionEdit): Promise<BookTransaction> {
  const row = await d.db.ledgerTransaction.findFirst({ where: { id: transactionId, bookId }, include: txInclude });
  if (!row) throw transactionGone();
  const current = toTransaction(row);
  const book = await requireRole(d, bookId, current.posted ? "editPosted" : "complete");
  const e = normaliseEdit(current, edit, book, await d.accounts(bookId));
  const { count } = await d.db.ledgerTransaction.updateMany({
    where: { id: transactionId, bookId, checked: false, trashed: false, posted: current.posted },
    data: { date: dateFromIso(e.date), amount: e.amount, description: e.description, creditAccountId: e.creditAccountId, debitAccountId: e.debitAccountId },
  });
  if (count === 0) throw new AppError("CONFLICT", msg("bookErrors.changedMeanwhile"));
  return toTransaction(await d.db.ledgerTransaction.findUniqueOrThrow({ where: { id: transactionId }, include: txInclude }));
}

type Keyset = { d: string; i: string; k: "n" | "p" };
const isKeyset = (v: unknown): v is Keyset =>
  typeof v === "object" && v !== null && typeof (v as Keyset).d === "string" && /^\d{4}-\d{2}-\d{2}$/.test((v as Keyset).d) && typeof (v as Keyset).i === "string" && ((v as Keyset).k === "n" || (v as Keyset).k === "p");

/** Newest first by (date, id); a cursor holds the edge row of the page it came from and the direction. */
export async function pageLocal(db: PrismaClient, bookId: string, query: TransactionQuery): Promise<TransactionPage> {
  const q = normaliseQuery(query);
  const where: Prisma.LedgerTransactionWhereInput[] = [{ bookId }];
  if (q.status === "all") where.push({ trashed: false });
  if (q.status === "draft") where.push({ posted: false, trashed: false });
  if (q.status === "posted") where.push({ posted: true, checked: false, trashed: false });
  if (q.status === "checked") where.push({ checked: true, trashed: false });
  if (q.status === "trashed") where.push({ trashed: true });
  if (q.accountId) where.push({ OR: [{ creditAccountId: q.accountId }, { debitAccountId: q.accountId }] });
  if (q.text) for (const word of q.text.split(" ")) where.push({ description: { contains: word, mode: "insensitive" } });
  if (q.from) where.push({ date: { gte: dateFromIso(q.from) } });
  if (q.to) where.push({ date: { lte: dateFromIso(q.to) } });
  const at = q.cursor ? decodeCursor(q.cursor, isKeyset) : null;
  const back = at?.k === "p";
  if (at) {
    const day = dateFromIso(at.d);
    where.push(back ? { OR: [{ date: { gt: day } }, { date: day, id: { gt: at.i } }] } : { OR: [{ date: { lt: day } }, { date: day, id: { lt: at.i } }] });
  }
  const dir = back ? "asc" : "desc";
  const rows = await db.ledgerTransaction.findMany({ where: { AND: where }, include: txInclude, orderBy: [{ date: dir }, { id: dir }], take: q.limit + 1 });
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit).map(toTransaction);
  if (back) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const edge = (t: BookTransaction | undefined, k: "n" | "p") => (t ? encodeCursor({ d: t.date, i: t.id, k } satisfies Keyset) : null);
  return {
    items: page,
    next: back ? edge(last, "n") : more ? edge(last, "n") : null,
    previous: back ? (more ? edge(first, "p") : null) : at ? edge(first, "p") : null,
  };
}
