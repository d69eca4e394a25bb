"use server";

import { recordAudit } from "@/lib/audit/record";
import { bookAction } from "@/lib/app-context";
import { bookGatewayFor } from "@/lib/books";
import { ruleDeleteInput, ruleInput } from "@/lib/books/counter-rules/schema";
import { createRule, deleteRule } from "@/lib/books/counter-rules/store";

/** Counter-account rules of a Book (Book settings): EDITOR or OWNER; each change is audited. */

export const createCounterRule = bookAction("EDITOR", ruleInput, async ({ db, user, input, book, app }) => {
  const accounts = await bookGatewayFor(db, user.id).listAccounts(input.bookId);
  const rule = await createRule(db, input, accounts);
  await recordAudit(db, {
    action: "rule.create",
    actorId: user.id,
    bookId: input.bookId,
    details: { ruleId: rule.id, contains: rule.contains, account: accounts.find((a) => a.id === rule.accountId)?.name, direction: rule.direction, minAmount: rule.minAmount, maxAmount: rule.maxAmount, book: book.name },
  });
  app.revalidate(`/books/${input.bookId}/settings`);
  return { id: rule.id };
});

export const deleteCounterRule = bookAction("EDITOR", ruleDeleteInput, async ({ db, user, input, book, app }) => {
  const rule = await deleteRule(db, input.bookId, input.ruleId);
  const accounts = await bookGatewayFor(db, user.id)
    .listAccounts(input.bookId)
    .catch(() => []);
  await recordAudit(db, { action: "rule.delete", actorId: user.id, bookId: input.bookId, details: { ruleId: rule.id, contains: rule.contains, account: accounts.find((a) => a.id === rule.accountId)?.name, book: book.name } });
  app.revalidate(`/books/${input.bookId}/settings`);
  return { done: true };
});
