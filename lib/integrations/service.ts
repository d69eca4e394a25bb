import type { BookGateway } from "@/lib/books/gateway";
import { connectionSecret, providerFailure } from "@/lib/connections/service";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isProviderError } from "@/lib/providers/errors";
import { isSyncMutationError, type BankTransaction } from "@/lib/providers/transactions";
import type { BankProvider } from "@/lib/providers/types";
import { toBookDraft } from "@/lib/sync/mapping";
import { toMinor, fromMinor } from "@/lib/books/balances";
import type { NewBookTransaction } from "@/lib/books/types";
import { fittingAccountType, openingBalance, periodProblem } from "./rules";

/**
 * Book Integrations: link an institution account to a Book Account from a date, change that date,
 * remove the link. Posting is idempotent by remote id, so a backfill can always be run again: it
 * adds what is missing in the window and nothing twice.
 */

const today = () => new Date().toISOString().slice(0, 10);

/** The institution account, if this user may integrate it into this Book (their own, or shared with the Book). */
async function integrableAccount(db: PrismaClient, userId: string, bookId: string, institutionAccountId: string) {
  const account = await db.institutionAccount.findUnique({
    where: { id: institutionAccountId },
    include: { connection: { include: { shares: { where: { bookId }, select: { bookId: true } } } } },
  });
  if (!account || (account.connection.ownerId !== userId && account.connection.shares.length === 0)) {
    throw new AppError("NOT_FOUND", "This bank account does not exist or is not shared with this Book.");
  }
  return account;
}

export type LinkInput = {
  userId: string;
  bookId: string;
  institutionAccountId: string;
  bookAccount: { id: string } | { create: { name: string } };
  periodStart: string;
  /** Post an opening balance at the period start (default off). */
  openingBalance?: boolean;
};

export async function linkAccount(db: PrismaClient, gateway: BookGateway, provider: BankProvider, input: LinkInput): Promise<{ integrationId: string }> {
  const account = await integrableAccount(db, input.userId, input.bookId, input.institutionAccountId);
  const problem = periodProblem(input.periodStart, today(), provider.maxHistoryDays);
  if (problem) throw new AppError("INVALID_INPUT", problem, { periodStart: problem });
  const wanted = fittingAccountType(account.type);
  const existing = await db.integration.findUnique({ where: { bookId_institutionAccountId: { bookId: input.bookId, institutionAccountId: account.id } } });
  if (existing) throw new AppError("CONFLICT", "This bank account is already linked to an Account of this Book. Change its period under Book Integrations.");
  let bookAccountId: string;
  if ("id" in input.bookAccount) {
    const chosenId = input.bookAccount.id;
    const chosen = (await gateway.listAccounts(input.bookId)).find((a) => a.id === chosenId);
    if (!chosen) throw new AppError("INVALID_INPUT", "Choose an Account of this Book.", { bookAccount: "Choose an Account of this Book." });
    if (chosen.type !== wanted) {
      const msg = `A ${account.type === "credit" ? "credit card" : "bank account"} must go to a ${wanted} Account; ${chosen.name} is ${chosen.type}.`;
      throw new AppError("INVALID_INPUT", msg, { bookAccount: msg });
    }
    bookAccountId = chosen.id;
  } else {
    bookAccountId = (await gateway.createAccount(input.bookId, { name: input.bookAccount.create.name, type: wanted })).id;
  }
  try {
    const integration = await db.$transaction(async (tx) => {
      const created = await tx.integration.create({
        // Syncing from the start: its backfill begins right away.
        data: { bookId: input.bookId, institutionAccountId: account.id, bookAccountId, periodStart: new Date(`${input.periodStart}T00:00:00Z`), createdById: input.userId, status: "SYNCING", openingBalance: input.openingBalance ?? false },
      });
      await tx.auditEvent.create({
        data: {
          actorId: input.userId,
          bookId: input.bookId,
          connectionId: account.connectionId,
          action: "integration.link",
          details: { integrationId: created.id, account: account.name, mask: account.mask, bookAccountId, periodStart: input.periodStart },
        },
      });
      return created;
    });
    return { integrationId: integration.id };
  } catch (err) {
    // A double submit lost the race: the first Save made the integration.
    if (err && typeof err === "object" && (err as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "This bank account is already linked to an Account of this Book.");
    }
    throw err;
  }
}

/** Fetches the account's transactions from the provider, whole history, restarting on mutation. */
async function fetchAccountTransactions(provider: BankProvider, secret: string, providerAccountId: string): Promise<BankTransaction[]> {
  if (!provider.fetchTransactionsPage) throw new AppError("INTERNAL", `${provider.name} cannot list transactions.`);
  for (let attempt = 0; ; attempt++) {
    const byId = new Map<string, BankTransaction>();
    try {
      let cursor: string | null = null;
      for (let page = 0; page < 10_000; page++) {
        const p = await provider.fetchTransactionsPage(secret, cursor);
        for (const t of [...p.added, ...p.modified]) if (t.providerAccountId === providerAccountId) byId.set(t.providerTransactionId, t);
        for (const r of p.removed) byId.delete(r.providerTransactionId);
        cursor = p.nextCursor;
        if (!p.hasMore) break;
      }
      return [...byId.values()];
    } catch (err) {
      if (isSyncMutationError(err) && attempt < 3) continue;
      if (isProviderError(err)) throw providerFailure(err);
      throw err;
    }
  }
}

/** Posts every transaction of the integration's window that is not in the Book yet. Returns how many drafts it sent. */
export async function backfillIntegration(db: PrismaClient, gateway: BookGateway, provider: BankProvider, integrationId: string): Promise<{ posted: number; skipped: number }> {
  const integration = await db.integration.findUniqueOrThrow({ where: { id: integrationId }, include: { institutionAccount: { include: { connection: true } } } });
  const book = await gateway.getBook(integration.bookId);
  if (!book) throw new AppError("NOT_FOUND", "The Book of this integration no longer exists.");
  await db.integration.update({ where: { id: integrationId }, data: { status: "SYNCING", errorMessage: null } });
  try {
    const secret = connectionSecret(integration.institutionAccount.connection);
    const txs = await fetchAccountTransactions(provider, secret, integration.institutionAccount.providerAccountId);
    const rules = { provider: provider.name, bookAccountId: integration.bookAccountId, periodStart: integration.periodStart.toISOString().slice(0, 10) };
    const drafts = [];
    let skipped = 0;
    for (const t of txs) {
      const r = toBookDraft(t, rules, book);
      if (r.kind === "post") drafts.push(r.draft);
      else skipped++;
    }
    drafts.sort((a, b) => a.date.localeCompare(b.date));
    let posted = 0;
    for (let i = 0; i < drafts.length; i += 200) posted += (await gateway.createTransactions(integration.bookId, drafts.slice(i, i + 200))).length;
    const openingRemoteId = integration.openingBalance ? await postOpeningBalance(gateway, integration, book.fractionDigits, drafts) : null;
    await db.integration.update({
      where: { id: integrationId },
      data: { status: "ACTIVE", postedCount: posted, openingRemoteId, ...(posted > 0 ? { lastPostedAt: new Date() } : {}) },
    });
    return { posted, skipped };
  } catch (err) {
    const message = err instanceof AppError ? err.message : "Posting stopped on an unexpected error; it will be retried.";
    await db.integration.update({ where: { id: integrationId }, data: { status: "ERROR", errorMessage: message } });
    throw err;
  }
}

/**
 * The opening-balance draft for the current period start (one remote id per integration and start,
 * so it is posted once); a previous one for another start is trashed unless someone checked it.
 */
async function postOpeningBalance(
  gateway: BookGateway,
  integration: { id: string; bookId: string; bookAccountId: string; periodStart: Date; openingRemoteId: string | null; institutionAccount: { type: string; balanceCurrent: { toString(): string } | null } },
  fractionDigits: number,
  drafts: NewBookTransaction[],
): Promise<string | null> {
  const start = integration.periodStart.toISOString().slice(0, 10);
  const wanted = `opening:${integration.id}:${start}`;
  if (integration.openingRemoteId && integration.openingRemoteId !== wanted) {
    const old = await gateway.findByRemoteId(integration.bookId, integration.openingRemoteId);
    if (old && !old.checked && !old.trashed) await gateway.trashTransaction(integration.bookId, old.id);
  }
  const balance = integration.institutionAccount.balanceCurrent;
  if (balance === null) return integration.openingRemoteId === wanted ? wanted : null;
  const type = fittingAccountType(integration.institutionAccount.type);
  const movements = drafts.map((d) => ({ direction: (d.debitAccountId === integration.bookAccountId ? "in" : "out") as "in" | "out", amountMinor: toMinor(d.amount, fractionDigits) }));
  const current = toMinor(Number(balance.toString()).toFixed(fractionDigits), fractionDigits);
  const o = openingBalance(type, current, movements);
  if (!o) return null;
  await gateway.createTransactions(integration.bookId, [
    {
      date: start,
      amount: fromMinor(o.amountMinor, fractionDigits),
      description: "Opening balance",
      creditAccountId: o.direction === "out" ? integration.bookAccountId : null,
      debitAccountId: o.direction === "in" ? integration.bookAccountId : null,
      remoteIds: [wanted],
      properties: { opening_balance: "true" },
    },
  ]);
  return wanted;
}

async function editableIntegration(db: PrismaClient, bookId: string, integrationId: string) {
  const integration = await db.integration.findUnique({ where: { id: integrationId }, include: { institutionAccount: true } });
  if (!integration || integration.bookId !== bookId) throw new AppError("NOT_FOUND", "This integration does not exist in this Book.");
  return integration;
}

/** Save Configuration: a new period start; the next backfill posts what is missing in the new window. */
export async function changePeriod(db: PrismaClient, provider: BankProvider, input: { userId: string; bookId: string; integrationId: string; periodStart: string }): Promise<void> {
  const integration = await editableIntegration(db, input.bookId, input.integrationId);
  const problem = periodProblem(input.periodStart, today(), provider.maxHistoryDays);
  if (problem) throw new AppError("INVALID_INPUT", problem, { periodStart: problem });
  await db.$transaction([
    db.integration.update({ where: { id: integration.id }, data: { periodStart: new Date(`${input.periodStart}T00:00:00Z`), status: "SYNCING", errorMessage: null } }),
    db.auditEvent.create({
      data: { actorId: input.userId, bookId: input.bookId, action: "integration.save_configuration", details: { integrationId: integration.id, periodStart: input.periodStart } },
    }),
  ]);
}

/** Remove: stops posting from this account to this Book; the connection and posted transactions stay. */
export async function removeIntegration(db: PrismaClient, input: { userId: string; bookId: string; integrationId: string }): Promise<void> {
  const integration = await editableIntegration(db, input.bookId, input.integrationId);
  await db.$transaction([
    db.integration.delete({ where: { id: integration.id } }),
    db.auditEvent.create({
      data: { actorId: input.userId, bookId: input.bookId, action: "integration.remove", details: { integrationId: integration.id, account: integration.institutionAccount.name } },
    }),
  ]);
}
