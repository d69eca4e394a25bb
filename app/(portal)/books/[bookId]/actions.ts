"use server";

import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { bookAction } from "@/lib/app-context";
import { bookGatewayFor } from "@/lib/books";
import { bookIdSchema } from "@/lib/books/ids";

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
