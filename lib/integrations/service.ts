import { accountLabel, bookNameOf } from "@/lib/audit/names";
import { recordAudit } from "@/lib/audit/record";
import type { BookGateway } from "@/lib/books/gateway";
import { AppError } from "@/lib/errors";
import { isoDay, today } from "@/lib/dates";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BankProvider } from "@/lib/providers/types";
import { queueStoredForIntegration } from "./postings";
import { dissolveForIntegration } from "./transfers/decisions";
import { fittingAccountType, periodProblemMessage } from "./rules";
import { msg } from "@/lib/i18n/translate";

/**
 * Book Integrations: link an institution account to a Book Account from a date, change that date,
 * remove the link. The Book work is queued as Postings (lib/sync/store.ts) and done by the sync
 * engine's poster: unique per integration and bank transaction, so nothing posts twice.
 */


/** The institution account, if this user may integrate it into this Book (their own, or shared with the Book). */
/** An institution account the user may integrate into the Book: their own connection's, or one shared with the Book; NOT_FOUND otherwise. */
async function integrableAccount(db: PrismaClient, userId: string, bookId: string, institutionAccountId: string) {
  const account = await db.institutionAccount.findUnique({
    where: { id: institutionAccountId },
    include: { connection: { include: { shares: { where: { bookId }, select: { bookId: true } } } } },
  });
  if (!account || (account.connection.ownerId !== userId && account.connection.shares.length === 0)) {
    throw new AppError("NOT_FOUND", msg("server.institutionAccountNotFound"));
  }
  return account;
}

/**
 * What the Link Account dialog offers, read when it opens (not with the page): the Book's Accounts
 * of the type that fits the institution account (bank account → ASSET, card → LIABILITY), not
 * archived, by name. The same check as Link Account itself: an account the user may integrate.
 */
export async function linkChoices(db: PrismaClient, gateway: BookGateway, input: { userId: string; bookId: string; institutionAccountId: string }): Promise<{ id: string; name: string }[]> {
  const account = await integrableAccount(db, input.userId, input.bookId, input.institutionAccountId);
  const wanted = fittingAccountType(account.type);
  return (await gateway.listAccounts(input.bookId)).filter((a) => a.type === wanted && !a.archived).map((a) => ({ id: a.id, name: a.name }));
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

export async function linkAccount(db: PrismaClient, gateway: BookGateway, provider: BankProvider, input: LinkInput): Promise<{ integrationId: string; connectionId: string }> {
  const account = await integrableAccount(db, input.userId, input.bookId, input.institutionAccountId);
  const problem = periodProblemMessage(input.periodStart, today(), provider.maxHistoryDays);
  if (problem) throw new AppError("INVALID_INPUT", problem, { periodStart: problem });
  const wanted = fittingAccountType(account.type);
  const existing = await db.integration.findUnique({ where: { bookId_institutionAccountId: { bookId: input.bookId, institutionAccountId: account.id } } });
  if (existing) throw new AppError("CONFLICT", msg("server.alreadyLinkedChangePeriod"));
  let bookAccountId: string;
  let bookAccountName: string;
  if ("id" in input.bookAccount) {
    const chosenId = input.bookAccount.id;
    const [chosen] = await gateway.getAccounts(input.bookId, [chosenId]);
    if (!chosen) throw new AppError("INVALID_INPUT", msg("server.chooseBookAccount"), { bookAccount: msg("server.chooseBookAccount") });
    if (chosen.type !== wanted) {
      const said = msg(account.type === "credit" ? "server.wrongTypeCard" : "server.wrongTypeAccount", {
        wanted: { msg: msg(`newAccount.types.${wanted}`) },
        name: chosen.name,
        type: { msg: msg(`newAccount.types.${chosen.type}`) },
      });
      throw new AppError("INVALID_INPUT", said, { bookAccount: said });
    }
    bookAccountId = chosen.id;
    bookAccountName = chosen.name;
  } else {
    const created = await gateway.createAccount(input.bookId, { name: input.bookAccount.create.name, type: wanted });
    bookAccountId = created.id;
    bookAccountName = created.name;
  }
  try {
    const integration = await db.$transaction(async (tx) => {
      const created = await tx.integration.create({
        // Syncing from the start: its backfill begins right away.
        data: { bookId: input.bookId, institutionAccountId: account.id, bookAccountId, periodStart: new Date(`${input.periodStart}T00:00:00Z`), createdById: input.userId, status: "SYNCING", openingBalance: input.openingBalance ?? false },
      });
      const who = { actorId: input.userId, bookId: input.bookId, connectionId: account.connectionId };
      const book = await bookNameOf(tx, input.bookId);
      const institution = account.connection.institutionName;
      if (account.connection.shares.length === 0) {
        // The owner integrates their connection into a Book it was not shared with: it is shared now.
        await tx.connectionShare.create({ data: { connectionId: account.connectionId, bookId: input.bookId, sharedById: input.userId } });
        await recordAudit(tx, { ...who, action: "connection.share", details: { institution, book } });
      }
      await recordAudit(tx, {
        ...who,
        action: "integration.link",
        details: { integrationId: created.id, institution, account: accountLabel(account), bookAccount: bookAccountName, bookAccountId, periodStart: input.periodStart, openingBalance: input.openingBalance ?? false, book },
      });
      // What the engine already stored for this account goes to the Book at once, without waiting for the bank.
      await queueStoredForIntegration(tx, created.id);
      return created;
    });
    return { integrationId: integration.id, connectionId: account.connectionId };
  } catch (err) {
    // A double submit lost the race: the first Save made the integration.
    if (err && typeof err === "object" && (err as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", msg("server.alreadyLinked"));
    }
    throw err;
  }
}

/** What every audit record of an integration names: which integration, bank and account. */
function integrationAuditFields(integration: Awaited<ReturnType<typeof editableIntegration>>) {
  return {
    integrationId: integration.id,
    institution: integration.institutionAccount.connection.institutionName,
    account: accountLabel(integration.institutionAccount),
  };
}

async function editableIntegration(db: PrismaClient, bookId: string, integrationId: string) {
  const integration = await db.integration.findUnique({ where: { id: integrationId }, include: { institutionAccount: { include: { connection: { select: { institutionName: true } } } } } });
  if (!integration || integration.bookId !== bookId) throw new AppError("NOT_FOUND", msg("server.integrationNotFound"));
  return integration;
}

/** Save Configuration: a new period start; the next backfill posts what is missing in the new window. */
export async function changePeriod(
  db: PrismaClient,
  provider: BankProvider,
  input: { userId: string; bookId: string; integrationId: string; periodStart: string; /** Check (✓) up to the last agreeing day after each sync; unchanged when absent. */ autoCheck?: boolean },
): Promise<{ connectionId: string }> {
  const integration = await editableIntegration(db, input.bookId, input.integrationId);
  const problem = periodProblemMessage(input.periodStart, today(), provider.maxHistoryDays);
  if (problem) throw new AppError("INVALID_INPUT", problem, { periodStart: problem });
  await db.$transaction(async (tx) => {
    await tx.integration.update({
      where: { id: integration.id },
      data: { periodStart: new Date(`${input.periodStart}T00:00:00Z`), status: "SYNCING", errorMessage: null, ...(input.autoCheck === undefined ? {} : { autoCheck: input.autoCheck }) },
    });
    // Stored transactions now inside the window get their Postings; those already posted keep theirs (never twice).
    await queueStoredForIntegration(tx, integration.id);
    await recordAudit(tx, {
      action: "integration.save_configuration",
      actorId: input.userId,
      bookId: input.bookId,
      connectionId: integration.institutionAccount.connectionId,
      details: {
        ...integrationAuditFields(integration),
        previousPeriodStart: isoDay(integration.periodStart),
        periodStart: input.periodStart,
        ...(input.autoCheck === undefined || input.autoCheck === integration.autoCheck ? {} : { autoCheck: input.autoCheck }),
        book: await bookNameOf(tx, input.bookId),
      },
    });
  });
  return { connectionId: integration.institutionAccount.connectionId };
}

/** Remove: stops posting from this account to this Book; the connection and posted transactions stay. */
export async function removeIntegration(db: PrismaClient, input: { userId: string; bookId: string; integrationId: string }): Promise<void> {
  const integration = await editableIntegration(db, input.bookId, input.integrationId);
  await db.$transaction(async (tx) => {
    // Its transfer pairs dissolve first: the other side keeps the paired transaction and its remote ids.
    await dissolveForIntegration(tx, integration.id);
    await tx.integration.delete({ where: { id: integration.id } });
    await recordAudit(tx, {
      action: "integration.remove",
      actorId: input.userId,
      bookId: input.bookId,
      connectionId: integration.institutionAccount.connectionId,
      details: {
        ...integrationAuditFields(integration),
        periodStart: isoDay(integration.periodStart),
        postedCount: integration.postedCount,
        book: await bookNameOf(tx, input.bookId),
      },
    });
  });
}
