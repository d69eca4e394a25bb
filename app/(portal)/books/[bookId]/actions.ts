"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { bookAction } from "@/lib/auth/action";
import { bookGatewayFor } from "@/lib/books";
import { bookIdSchema } from "@/lib/books/ids";

const createAccountInput = z.object({
  bookId: bookIdSchema,
  name: z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters."),
  type: z.enum(["ASSET", "LIABILITY", "INCOMING", "OUTGOING"], { message: "Choose a type." }),
});

/** New Account in a Book: EDITOR or OWNER. */
export const createAccount = bookAction("EDITOR", createAccountInput, async ({ db, user, input }) => {
  const account = await bookGatewayFor(db, user.id).createAccount(input.bookId, { name: input.name, type: input.type });
  await db.auditEvent.create({ data: { actorId: user.id, bookId: input.bookId, action: "account.create", details: { accountId: account.id, name: account.name, type: account.type } } });
  revalidatePath(`/books/${input.bookId}`);
  return account;
});
