import { AppError } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { msg } from "@/lib/i18n/translate";
import type { BookAccount } from "../types";
import type { CounterRule } from "./match";
import { MAX_RULES, type RuleInput } from "./schema";

/** Counter-account rules in the database (`counter_account_rules`, one Book's at a time). */

type Db = PrismaClient | Prisma.TransactionClient;
type Row = Prisma.CounterAccountRuleGetPayload<object>;

const toRule = (r: Row): CounterRule => ({
  id: r.id,
  contains: r.contains,
  accountId: r.accountId,
  direction: r.direction === "in" || r.direction === "out" ? r.direction : null,
  minAmount: r.minAmount ? r.minAmount.toString() : null,
  maxAmount: r.maxAmount ? r.maxAmount.toString() : null,
  createdAt: r.createdAt,
});

export async function listRules(db: Db, bookId: string): Promise<CounterRule[]> {
  return (await db.counterAccountRule.findMany({ where: { bookId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(toRule);
}

/** Adds a rule whose Account is one of the Book's (not archived); at most MAX_RULES per Book. */
export async function createRule(db: PrismaClient, input: RuleInput, accounts: readonly BookAccount[]): Promise<CounterRule> {
  const account = accounts.find((a) => a.id === input.accountId);
  if (!account || account.archived) throw new AppError("INVALID_INPUT", msg("server.ruleAccount"), { accountId: msg("server.ruleAccount") });
  return db.$transaction(async (tx) => {
    if ((await tx.counterAccountRule.count({ where: { bookId: input.bookId } })) >= MAX_RULES) throw new AppError("CONFLICT", msg("server.tooManyRules", { max: MAX_RULES }));
    const row = await tx.counterAccountRule.create({
      data: { bookId: input.bookId, contains: input.words, accountId: input.accountId, direction: input.direction, minAmount: input.minAmount, maxAmount: input.maxAmount },
    });
    return toRule(row);
  });
}

/** Deletes one of the Book's rules and returns it; an unknown one (deleted meanwhile) → NOT_FOUND. */
export async function deleteRule(db: PrismaClient, bookId: string, ruleId: string): Promise<CounterRule> {
  const row = await db.counterAccountRule.findFirst({ where: { id: ruleId, bookId } });
  if (!row) throw new AppError("NOT_FOUND", msg("server.ruleGone"));
  await db.counterAccountRule.deleteMany({ where: { id: ruleId, bookId } });
  return toRule(row);
}
