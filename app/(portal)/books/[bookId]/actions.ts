"use server";

import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { bookAction } from "@/lib/app-context";
import { bookGatewayFor } from "@/lib/books";
import { bookIdSchema } from "@/lib/books/ids";
import { acceptSuggestion, rejectSuggestion, splitTransfer } from "@/lib/integrations/transfers/decisions";
import { sideMapper } from "@/lib/sync/poster";
import { transactionChangeInput, transactionEditInput, runTransactionChange, runTransactionEdit } from "./workbench";

const createAccountInput = z.object({
  bookId: bookIdSchema,
  name: z.string().trim().min(1, "server.enterName").max(120, "server.atMost120"),
  type: z.enum(["ASSET", "LIABILITY", "INCOMING", "OUTGOING"], { message: "server.chooseType" }),
});

/** New Account in a Book: EDITOR or OWNER. */
export const createAccount = bookAction("EDITOR", createAccountInput, async ({ db, user, input, book, app }) => {
  const account = await bookGatewayFor(db, user.id).createAccount(input.bookId, { name: input.name, type: input.type });
  await recordAudit(db, { action: "account.create", actorId: user.id, bookId: input.bookId, details: { accountId: account.id, name: account.name, type: account.type, book: book.name } });
  app.revalidate(`/books/${input.bookId}`);
  return account;
});

// The workbench (lib/books/workbench-actions.ts does the work; the gateway checks the role per operation too).

/** Complete a draft (the other Account, description, date, amount) or correct a posted one; POSTER at least (posted: EDITOR). */
export const editTransaction = bookAction("POSTER", transactionEditInput, async ({ db, user, input, book, app }) => {
  const t = await runTransactionEdit(db, bookGatewayFor(db, user.id), user.id, book, input);
  app.revalidate(`/books/${input.bookId}`);
  return t;
});

export const postTransaction = bookAction("POSTER", transactionChangeInput, async ({ db, user, input, book, app }) => {
  await runTransactionChange(db, bookGatewayFor(db, user.id), user.id, book, "post", input);
  app.revalidate(`/books/${input.bookId}`);
  return { done: true };
});

export const checkTransaction = bookAction("EDITOR", transactionChangeInput, async ({ db, user, input, book, app }) => {
  await runTransactionChange(db, bookGatewayFor(db, user.id), user.id, book, "check", input);
  app.revalidate(`/books/${input.bookId}`);
  return { done: true };
});

export const uncheckTransaction = bookAction("EDITOR", transactionChangeInput, async ({ db, user, input, book, app }) => {
  await runTransactionChange(db, bookGatewayFor(db, user.id), user.id, book, "uncheck", input);
  app.revalidate(`/books/${input.bookId}`);
  return { done: true };
});

export const trashTransaction = bookAction("EDITOR", transactionChangeInput, async ({ db, user, input, book, app }) => {
  await runTransactionChange(db, bookGatewayFor(db, user.id), user.id, book, "trash", input);
  app.revalidate(`/books/${input.bookId}`);
  return { done: true };
});

export const restoreTransaction = bookAction("EDITOR", transactionChangeInput, async ({ db, user, input, book, app }) => {
  await runTransactionChange(db, bookGatewayFor(db, user.id), user.id, book, "restore", input);
  app.revalidate(`/books/${input.bookId}`);
  return { done: true };
});

// Transfer pairing (lib/integrations/transfers/decisions.ts): split a recorded transfer, accept or reject a suggestion; EDITOR or OWNER.

const transferInput = z.object({ bookId: bookIdSchema, pairId: z.string().trim().min(1, "server.chooseTransaction").max(100, "server.chooseTransaction") });

export const splitTransferAction = bookAction("EDITOR", transferInput, async ({ db, user, input, app }) => {
  await splitTransfer({ db, gateway: bookGatewayFor(db, user.id), map: sideMapper }, { userId: user.id, bookId: input.bookId, pairId: input.pairId });
  app.revalidate(`/books/${input.bookId}`);
  return { done: true };
});

export const acceptTransferAction = bookAction("EDITOR", transferInput, async ({ db, user, input, app }) => {
  await acceptSuggestion({ db, gateway: bookGatewayFor(db, user.id), map: sideMapper }, { userId: user.id, bookId: input.bookId, pairId: input.pairId });
  app.revalidate(`/books/${input.bookId}`);
  return { done: true };
});

export const rejectTransferAction = bookAction("EDITOR", transferInput, async ({ db, user, input, app }) => {
  await rejectSuggestion({ db, gateway: bookGatewayFor(db, user.id), map: sideMapper }, { userId: user.id, bookId: input.bookId, pairId: input.pairId });
  app.revalidate(`/books/${input.bookId}`);
  return { done: true };
});
