import type { AuditAction } from "@/lib/audit/actions";
import { recordAudit } from "@/lib/audit/record";
import type { BookGateway } from "@/lib/books/gateway";
import type { BookTransaction } from "@/lib/books/types";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { msg } from "@/lib/i18n/translate";
import type { SideMapper } from "./rows";
import { claimPair, loadPair, resumePair, type PairContext } from "./steps";

/**
 * A person's decisions on transfer pairs (EDITOR or OWNER; the Book page's actions check the role):
 * split a paired transaction back into two drafts (remembered: never paired again), accept a
 * suggested pair (the pair steps, with the person as decider), or keep a suggestion's two drafts
 * separate (remembered as SPLIT). Each is audited; a Book failure midway leaves the pair for the
 * sync to finish, as any pair step (docs/architecture.md#transfer-pairing).
 */

export type DecisionInput = { userId: string; bookId: string; pairId: string };
type Deps = { db: PrismaClient; gateway: BookGateway; map: SideMapper };

async function context(d: Deps, bookId: string): Promise<PairContext> {
  const book = await d.gateway.getBook(bookId);
  if (!book) throw new AppError("NOT_FOUND", msg("bookErrors.bookGone"));
  return { db: d.db, gateway: d.gateway, book, map: d.map };
}

async function pairOf(d: Deps, input: DecisionInput) {
  const pair = await loadPair(d.db, input.pairId);
  if (!pair || pair.bookId !== input.bookId) throw new AppError("NOT_FOUND", msg("transfers.gone"));
  return pair;
}

/** The Book transaction each side of the pair is in now (null: none, or gone). */
async function bookSides(ctx: PairContext, pair: Awaited<ReturnType<typeof pairOf>>): Promise<(BookTransaction | null)[]> {
  return Promise.all(
    [pair.payerPosting, pair.receiverPosting].map(async (row) => {
      if (!row || row.state !== "POSTED" || !row.bookTransactionId) return null;
      for (const r of ctx.map.remoteIds(row)) {
        const t = await ctx.gateway.findByRemoteId(ctx.book.id, r);
        if (t) return t;
      }
      return null;
    }),
  );
}

const audit = (db: PrismaClient, action: AuditAction, input: DecisionInput, details: Record<string, unknown>) => recordAudit(db, { action, actorId: input.userId, bookId: input.bookId, details: { pairId: input.pairId, ...details } });

/** Split a paired transaction back into two drafts; refused once it is checked or posted. */
export async function splitTransfer(d: Deps, input: DecisionInput): Promise<void> {
  const pair = await pairOf(d, input);
  if (pair.state !== "PAIRED") throw new AppError("CONFLICT", msg("transfers.notPaired"));
  const ctx = await context(d, input.bookId);
  const [survivor] = (await bookSides(ctx, pair)).filter((t) => t?.id === pair.survivorTransactionId);
  if (survivor?.checked) throw new AppError("CONFLICT", msg("transfers.splitChecked"));
  if (survivor?.posted) throw new AppError("CONFLICT", msg("transfers.splitPosted"));
  await d.db.$transaction(async (tx) => {
    const { count } = await tx.transferPair.updateMany({ where: { id: pair.id, state: "PAIRED" }, data: { state: "SPLIT", decidedById: input.userId, decidedAt: new Date() } });
    if (count === 0) throw new AppError("CONFLICT", msg("transfers.notPaired"));
    await tx.posting.updateMany({ where: { transferPairId: pair.id }, data: { dirty: true, nextAttemptAt: new Date(), attempts: 0 } });
  });
  await audit(d.db, "transfer.split", input, { description: pair.description, date: pair.date, amount: pair.amount });
  await resumePair(ctx, pair.id);
}

/** Record a suggested pair as one transfer: both drafts become one, From the payer's Account To the receiver's. */
export async function acceptSuggestion(d: Deps, input: DecisionInput): Promise<void> {
  const pair = await pairOf(d, input);
  if (pair.state !== "SUGGESTED") throw new AppError("CONFLICT", msg("transfers.notSuggested"));
  if (!pair.payerPosting || !pair.receiverPosting || pair.payerPosting.bankTransaction.removed || pair.receiverPosting.bankTransaction.removed) throw new AppError("CONFLICT", msg("transfers.sideGone"));
  const ctx = await context(d, input.bookId);
  const sides = await bookSides(ctx, pair);
  if (sides.some((t) => t?.checked)) throw new AppError("CONFLICT", msg("transfers.acceptChecked"));
  if (sides.every((t) => t?.posted)) throw new AppError("CONFLICT", msg("transfers.acceptBothPosted"));
  const pairId = await claimPair(d.db, {
    bookId: input.bookId,
    payer: pair.payerPosting,
    receiver: pair.receiverPosting,
    date: pair.date,
    amount: pair.amount,
    description: pair.description,
    difference: pair.difference,
    score: pair.score,
    signals: Array.isArray(pair.signals) ? pair.signals.map(String) : [],
    decidedById: input.userId,
    // A side a person posted survives; the other (a draft) retires into it.
    survivor: sides[1]?.posted ? "receiver" : "payer",
  });
  if (!pairId) throw new AppError("CONFLICT", msg("transfers.sideTaken"));
  await audit(d.db, "transfer.accept", input, { description: pair.description, date: pair.date, amount: pair.amount });
  await resumePair(ctx, pairId);
}

/** Keep a suggestion's two drafts separate; the pair is never suggested again. */
export async function rejectSuggestion(d: Deps, input: DecisionInput): Promise<void> {
  const pair = await pairOf(d, input);
  const { count } = await d.db.transferPair.updateMany({ where: { id: pair.id, state: "SUGGESTED" }, data: { state: "SPLIT", decidedById: input.userId, decidedAt: new Date() } });
  if (count === 0) throw new AppError("CONFLICT", msg("transfers.notSuggested"));
  await audit(d.db, "transfer.reject", input, { description: pair.description, date: pair.date, amount: pair.amount });
}

/**
 * Removing an integration dissolves its pairs (inside the caller's transaction, before its Postings
 * go): the survivor keeps the other side and its remote ids, so re-linking finds them instead of
 * making them again.
 */
export async function dissolveForIntegration(tx: Pick<PrismaClient, "transferPair" | "posting">, integrationId: string): Promise<void> {
  const pairs = await tx.transferPair.findMany({
    where: { state: { in: ["SUGGESTED", "PAIRING", "PAIRED"] }, OR: [{ payerPosting: { integrationId } }, { receiverPosting: { integrationId } }] },
    select: { id: true },
  });
  if (!pairs.length) return;
  const ids = pairs.map((p) => p.id);
  await tx.transferPair.updateMany({ where: { id: { in: ids } }, data: { state: "DISSOLVED" } });
  await tx.posting.updateMany({ where: { transferPairId: { in: ids } }, data: { transferPairId: null } });
}
