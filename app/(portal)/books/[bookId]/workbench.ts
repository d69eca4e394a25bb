import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { BookGateway } from "@/lib/books";
import { bookIdSchema } from "@/lib/books/ids";
import type { BookTransaction } from "@/lib/books/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { suggestionCache } from "@/lib/books/suggestions/history";

/**
 * What the Book page's workbench actions do (app/(portal)/books/[bookId]/actions.ts keeps them thin):
 * the inputs, the gateway call and one audit record per change, written after the Book accepted it.
 */

const transactionId = z.string().trim().min(1, "server.chooseTransaction").max(200, "server.chooseTransaction");
/** An empty select means "no Account on this side" (a draft keeps its bank side; the other is chosen). */
const accountSide = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v ? v : null));

export const transactionChangeInput = z.object({ bookId: bookIdSchema, transactionId });

export const transactionEditInput = z.object({
  bookId: bookIdSchema,
  transactionId,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "server.chooseDate"),
  amount: z
    .string()
    .trim()
    .regex(/^-?\d{1,16}([.,]\d{1,8})?$/, "server.enterAmount")
    .transform((v) => v.replace(",", ".")),
  description: z.string().max(1000, "server.atMost1000").default(""),
  creditAccountId: accountSide,
  debitAccountId: accountSide,
  /** "1": post it right after saving (Complete and post). */
  post: z
    .enum(["1", ""])
    .optional()
    .transform((v) => v === "1"),
  /** "1": the other Account is the suggester's, accepted with one click (recorded in the audit trail). */
  suggested: z
    .enum(["1", ""])
    .optional()
    .transform((v) => v === "1"),
});

type Book = { id: string; name: string };
const names = async (gateway: BookGateway, bookId: string) => new Map((await gateway.listAccounts(bookId)).map((a) => [a.id, a.name]));

export async function runTransactionEdit(db: PrismaClient, gateway: BookGateway, actorId: string, book: Book, input: z.infer<typeof transactionEditInput>): Promise<BookTransaction> {
  const t = await gateway.editTransaction(book.id, input.transactionId, {
    date: input.date,
    amount: input.amount,
    description: input.description,
    creditAccountId: input.creditAccountId,
    debitAccountId: input.debitAccountId,
  });
  // What the suggester learned may have changed (a completed, posted or corrected transaction).
  suggestionCache.forget(book.id);
  const accounts = await names(gateway, book.id);
  await recordAudit(db, {
    action: "transaction.edit",
    actorId,
    bookId: book.id,
    details: { transactionId: t.id, description: t.description, date: t.date, amount: t.amount, from: t.creditAccountId ? accounts.get(t.creditAccountId) : undefined, to: t.debitAccountId ? accounts.get(t.debitAccountId) : undefined, book: book.name, ...(input.suggested ? { suggested: true } : {}) },
  });
  if (!input.post) return t;
  await runTransactionChange(db, gateway, actorId, book, "post", { transactionId: t.id }, t);
  return { ...t, posted: true };
}

export type Change = "post" | "check" | "uncheck" | "trash" | "restore";
const CALL: Record<Change, (g: BookGateway, bookId: string, ids: string[]) => Promise<void>> = {
  post: (g, b, ids) => g.postTransactions(b, ids),
  check: (g, b, ids) => g.checkTransactions(b, ids),
  uncheck: (g, b, ids) => g.uncheckTransactions(b, ids),
  trash: (g, b, ids) => g.trashTransactions(b, ids),
  restore: (g, b, ids) => g.restoreTransactions(b, ids),
};

export async function runTransactionChange(db: PrismaClient, gateway: BookGateway, actorId: string, book: Book, change: Change, input: { transactionId: string }, known?: BookTransaction): Promise<void> {
  await CALL[change](gateway, book.id, [input.transactionId]);
  suggestionCache.forget(book.id);
  await recordAudit(db, {
    action: `transaction.${change}`,
    actorId,
    bookId: book.id,
    details: { count: 1, transactionId: input.transactionId, description: known?.description, book: book.name },
  });
}
