import { createHash } from "node:crypto";
import type { BookGateway } from "@/lib/books/gateway";
import type { BookInfo, BookTransaction, NewBookTransaction } from "@/lib/books/types";
import { AppError } from "@/lib/errors";
import { Prisma, type PrismaClient, type TransferPair } from "@/lib/generated/prisma/client";
import { msg } from "@/lib/i18n/translate";
import { pairKey } from "./match";
import { postingSelect, type PostingRow, type SideMapper } from "./rows";
import { fromMilli, milli } from "./signals";

/**
 * The pair steps (docs/architecture.md#transfer-pairing): claim, survivor, retire, mark — and the
 * ways a pair ends (dissolved when a side is gone, split by a person). Each step is idempotent and
 * checked against the Book, so a round interrupted between any two of them is resumed by the next:
 * the pair row (PAIRING) and both Postings' `transferPairId` hold the frozen decision meanwhile.
 */

export type PairContext = { db: PrismaClient; gateway: BookGateway; book: BookInfo; map: SideMapper };
export type PairOutcome = { posted: number; trashed: number; flagged: number; touched: string[] };
const NOTHING: PairOutcome = { posted: 0, trashed: 0, flagged: 0, touched: [] };

/** The pair's row id: the Book and the order-free key of its two Postings, so every retry computes the same. */
export function pairIdOf(bookId: string, a: string, b: string): string {
  return `tp${createHash("sha256").update(`${bookId}|${pairKey(a, b)}`).digest("hex").slice(0, 30)}`;
}

/** The remote id of a fee difference: one per payer side, so it too exists once. */
export const differenceRemoteId = (payerRemoteId: string) => `${payerRemoteId}#difference`;

type LoadedPair = TransferPair & { payerPosting: PostingRow | null; receiverPosting: PostingRow | null };

export async function loadPair(db: PrismaClient | Prisma.TransactionClient, id: string): Promise<LoadedPair | null> {
  return db.transferPair.findUnique({ where: { id }, include: { payerPosting: { select: postingSelect }, receiverPosting: { select: postingSelect } } });
}

export type PairProposal = {
  bookId: string;
  payer: PostingRow;
  receiver: PostingRow;
  date: string;
  amount: string;
  description: string;
  difference: string | null;
  score: number;
  signals: string[];
  decidedById: string | null;
  /** When both sides are already in the Book: whose transaction survives (default the payer's); the other retires into it. */
  survivor?: "payer" | "receiver";
};

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/**
 * One database transaction: both Postings locked in id order, the pair inserted in PAIRING (or the
 * one another worker inserted found), both Postings pointed at it. From here the decision is frozen.
 * Null when a side is in another pair already, or a person split this pair.
 */
export async function claimPair(db: PrismaClient, p: PairProposal): Promise<string | null> {
  const id = pairIdOf(p.bookId, p.payer.id, p.receiver.id);
  try {
    return await db.$transaction(
      async (tx) => {
        const locked = await tx.$queryRaw<{ id: string; transferPairId: string | null; bookTransactionId: string | null; state: string }[]>`
          SELECT id, "transferPairId", "bookTransactionId", state::text AS state FROM postings WHERE id IN (${p.payer.id}, ${p.receiver.id}) ORDER BY id FOR UPDATE`;
        if (locked.length !== 2 || locked.some((l) => l.transferPairId !== null && l.transferPairId !== id)) return null;
        const existing = await tx.transferPair.findUnique({ where: { id }, select: { state: true } });
        if (existing?.state === "SPLIT") return null;
        if (existing?.state !== "PAIRING" && existing?.state !== "PAIRED") {
          const own = (postingId: string) => {
            const l = locked.find((x) => x.id === postingId);
            return l && l.state === "POSTED" ? l.bookTransactionId : null;
          };
          const [payerTx, receiverTx] = [own(p.payer.id), own(p.receiver.id)];
          // Both already in the Book (a suggestion accepted): one survives (the payer's unless told), the other retires into it.
          const [keep, retire] = p.survivor === "receiver" ? [receiverTx, payerTx] : [payerTx, receiverTx];
          const data = {
            bookId: p.bookId,
            pairKey: pairKey(p.payer.id, p.receiver.id),
            payerPostingId: p.payer.id,
            receiverPostingId: p.receiver.id,
            state: "PAIRING" as const,
            survivorTransactionId: keep ?? retire,
            retireTransactionId: keep && retire ? retire : null,
            date: p.date,
            amount: p.amount,
            description: p.description,
            difference: p.difference,
            score: p.score,
            signals: p.signals,
            decidedById: p.decidedById,
            decidedAt: p.decidedById ? new Date() : null,
          };
          if (existing) await tx.transferPair.update({ where: { id }, data });
          else await tx.transferPair.create({ data: { id, ...data } });
        }
        await tx.posting.updateMany({ where: { id: { in: [p.payer.id, p.receiver.id] } }, data: { transferPairId: id, dirty: true } });
        return id;
      },
      { timeout: 30_000, maxWait: 15_000 },
    );
  } catch (err) {
    // The partial unique index: a side went into another pair meanwhile.
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Resumes whatever the pair is in the middle of; the Postings pointing at it end clean (or stay dirty on a failure). */
export async function resumePair(ctx: PairContext, pairId: string): Promise<PairOutcome> {
  const pair = await loadPair(ctx.db, pairId);
  if (!pair) return NOTHING;
  switch (pair.state) {
    case "PAIRING":
      return runSteps(ctx, pair);
    case "PAIRED":
      return settlePaired(ctx, pair);
    case "SPLIT":
      return finishSplit(ctx, pair);
    default:
      await release(ctx.db, pair.id);
      return NOTHING;
  }
}

/** Postings let go of a pair that no longer holds them: dirty again, for the poster's usual work. */
async function release(db: PrismaClient | Prisma.TransactionClient, pairId: string): Promise<void> {
  await db.posting.updateMany({ where: { transferPairId: pairId }, data: { transferPairId: null, dirty: true, nextAttemptAt: new Date(), attempts: 0 } });
}

type Sides = { P: PostingRow; R: PostingRow; dp: NewBookTransaction; dr: NewBookTransaction };

function sidesOf(ctx: PairContext, pair: LoadedPair): Sides | null {
  const P = pair.payerPosting;
  const R = pair.receiverPosting;
  if (!P || !R || P.bankTransaction.removed || R.bankTransaction.removed) return null;
  const dp = ctx.map.draft(P, ctx.book);
  const dr = ctx.map.draft(R, ctx.book);
  return dp && dr ? { P, R, dp, dr } : null;
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

async function runSteps(ctx: PairContext, pair: LoadedPair): Promise<PairOutcome> {
  const s = sidesOf(ctx, pair);
  if (!s) return dissolve(ctx, pair);
  const { db, gateway, book } = ctx;
  const ids = unique([...s.dp.remoteIds, ...s.dr.remoteIds]);
  const from = s.P.integration.bookAccountId;
  const to = s.R.integration.bookAccountId;
  // 1. Survivor: the draft already there, or ONE transaction made with both sides' remote ids.
  let survivorId = pair.survivorTransactionId;
  if (!survivorId) {
    const [made] = await gateway.createTransactions(book.id, [
      { date: pair.date, amount: pair.amount, description: pair.description, creditAccountId: from, debitAccountId: to, remoteIds: ids, properties: { ...s.dp.properties, transfer_pair: pair.id } },
    ]);
    if (!made) throw new AppError("INTERNAL", msg("sync.engine.countMismatch"));
    survivorId = made.id;
    await db.transferPair.update({ where: { id: pair.id }, data: { survivorTransactionId: survivorId } });
  }
  // 2. Retire: both sides had drafts; the receiver's moves into the payer's.
  if (pair.retireTransactionId && pair.retireTransactionId !== survivorId) {
    const retiring = s.R.bookTransactionId === pair.retireTransactionId ? s.dr : s.dp;
    await gateway.mergeTransaction(book.id, pair.retireTransactionId, survivorId, retiring.remoteIds);
  }
  try {
    await gateway.reshapeTransaction(book.id, survivorId, { creditAccountId: from, debitAccountId: to, amount: pair.amount, date: pair.date, description: pair.description, addRemoteIds: ids });
  } catch (err) {
    // A person got to the draft first (checked, trashed, an Account archived): theirs; only suggested.
    if (err instanceof AppError && (err.code === "CONFLICT" || err.code === "INVALID_INPUT" || err.code === "NOT_FOUND") && !pair.retireTransactionId) {
      await db.$transaction(async (tx) => {
        await tx.transferPair.update({ where: { id: pair.id }, data: { state: "SUGGESTED", survivorTransactionId: null, retireTransactionId: null } });
        await release(tx, pair.id);
      });
      return NOTHING;
    }
    throw err;
  }
  if (pair.difference) await gateway.createTransactions(book.id, [differenceDraft(pair, s)]);
  // 3. Mark: the pair PAIRED, both Postings posted with the survivor and what their side wrote.
  await db.$transaction([
    db.transferPair.update({ where: { id: pair.id }, data: { state: "PAIRED", survivorTransactionId: survivorId } }),
    markPosted(db, s.P.id, survivorId, s.dp, pair.id),
    markPosted(db, s.R.id, survivorId, s.dr, pair.id),
  ]);
  return { posted: 2, trashed: 0, flagged: 0, touched: [s.P.integrationId, s.R.integrationId] };
}

/** The fee: the payer's Account moved by the difference, the other side left for the bookkeeper. */
function differenceDraft(pair: TransferPair, s: Sides): NewBookTransaction {
  const diff = milli(pair.difference!.replace(/^-/, ""));
  const paidMore = !pair.difference!.startsWith("-");
  return {
    date: s.dp.date,
    amount: fromMilli(diff),
    description: s.dp.description,
    creditAccountId: paidMore ? s.P.integration.bookAccountId : null,
    debitAccountId: paidMore ? null : s.P.integration.bookAccountId,
    remoteIds: [differenceRemoteId(s.dp.remoteIds[0]!)],
    properties: { ...(s.dp.properties ?? {}), transfer_pair: pair.id, transfer_difference: "true" },
  };
}

function markPosted(db: PrismaClient | Prisma.TransactionClient, postingId: string, bookTransactionId: string, draft: NewBookTransaction, pairId: string | null) {
  return db.posting.update({
    where: { id: postingId },
    data: {
      state: "POSTED",
      dirty: false,
      skipReason: null,
      bookTransactionId,
      postedDate: draft.date,
      postedAmount: draft.amount,
      postedDescription: draft.description,
      postedAt: new Date(),
      attempts: 0,
      lastError: null,
      transferPairId: pairId,
    },
  });
}

/** A PAIRED pair's Posting was made dirty: a side gone (removed, out of the period) dissolves it; otherwise the Book is done. */
async function settlePaired(ctx: PairContext, pair: LoadedPair): Promise<PairOutcome> {
  if (!sidesOf(ctx, pair)) return dissolve(ctx, pair);
  await ctx.db.posting.updateMany({ where: { transferPairId: pair.id }, data: { dirty: false, lastError: null, attempts: 0 } });
  return NOTHING;
}

/** The survivor as the Book has it now (read by a remote id of either side). */
async function survivorNow(ctx: PairContext, pair: LoadedPair): Promise<BookTransaction | null> {
  if (!pair.survivorTransactionId) return null;
  for (const row of [pair.payerPosting, pair.receiverPosting]) {
    if (!row) continue;
    for (const r of ctx.map.remoteIds(row)) {
      const t = await ctx.gateway.findByRemoteId(ctx.book.id, r);
      if (t?.id === pair.survivorTransactionId) return t;
    }
  }
  return null;
}

function oneSided(row: PostingRow, draft: NewBookTransaction, payer: boolean) {
  const account = row.integration.bookAccountId;
  return { creditAccountId: payer ? account : null, debitAccountId: payer ? null : account, amount: draft.amount, date: draft.date, description: draft.description };
}

function sameAs(t: BookTransaction, want: { creditAccountId: string | null; debitAccountId: string | null; amount: string; date: string; description: string }): boolean {
  return t.creditAccountId === want.creditAccountId && t.debitAccountId === want.debitAccountId && t.amount === want.amount && t.date === want.date && t.description === want.description;
}

/**
 * A side is gone (the bank removed it, the period moved past it, its integration was removed): the
 * pair is DISSOLVED — not SPLIT, the engine may pair the remaining side again. The survivor goes
 * back to a one-sided draft of the remaining side unless a person posted, checked or changed it;
 * then the gone side's Posting is FLAGGED, as for any removed transaction a person worked on.
 */
async function dissolve(ctx: PairContext, pair: LoadedPair): Promise<PairOutcome> {
  const { db, gateway, book } = ctx;
  const sides = [
    { row: pair.payerPosting, payer: true },
    { row: pair.receiverPosting, payer: false },
  ].map((x) => ({ ...x, draft: x.row && !x.row.bankTransaction.removed ? ctx.map.draft(x.row, book) : null }));
  const staying = sides.filter((x) => x.row && x.draft);
  const going = sides.filter((x) => x.row && !x.draft);
  const t = await survivorNow(ctx, pair);
  if (!t) {
    // Nothing of the pair in the Book (or never made): the Postings go back to the poster's usual work.
    await db.$transaction(async (tx) => {
      await tx.transferPair.update({ where: { id: pair.id }, data: { state: "DISSOLVED" } });
      await release(tx, pair.id);
    });
    return NOTHING;
  }
  const stay = staying[0];
  const target = stay?.row && stay.draft ? oneSided(stay.row, stay.draft, stay.payer) : null;
  const asPaired = { creditAccountId: pair.payerPosting?.integration.bookAccountId ?? null, debitAccountId: pair.receiverPosting?.integration.bookAccountId ?? null, amount: pair.amount, date: pair.date, description: pair.description };
  const personal = t.checked || t.posted || t.trashed || !(sameAs(t, asPaired) || (target !== null && sameAs(t, target)));
  const out: PairOutcome = { posted: 0, trashed: 0, flagged: 0, touched: sides.flatMap((x) => (x.row ? [x.row.integrationId] : [])) };
  if (personal) {
    await db.$transaction([
      db.transferPair.update({ where: { id: pair.id }, data: { state: "DISSOLVED" } }),
      ...going.map((x) => db.posting.update({ where: { id: x.row!.id }, data: { state: "FLAGGED", dirty: false, lastError: null, attempts: 0, transferPairId: null } })),
      ...staying.map((x) => db.posting.update({ where: { id: x.row!.id }, data: { dirty: false, lastError: null, attempts: 0, transferPairId: null } })),
    ]);
    out.flagged = going.length;
    return out;
  }
  if (target && stay?.row && stay.draft) {
    const goneIds = going.flatMap((x) => ctx.map.remoteIds(x.row!));
    await gateway.reshapeTransaction(book.id, t.id, { ...target, removeRemoteIds: goneIds });
  } else if (!t.trashed) {
    await gateway.trashTransaction(book.id, t.id);
  }
  await trashDifference(ctx, pair);
  await db.$transaction([
    db.transferPair.update({ where: { id: pair.id }, data: { state: "DISSOLVED" } }),
    ...going.map((x) => db.posting.update({ where: { id: x.row!.id }, data: { state: "TRASHED", bookTransactionId: null, postedAt: null, dirty: false, lastError: null, attempts: 0, transferPairId: null } })),
    ...staying.map((x) => markPosted(db, x.row!.id, t.id, x.draft!, null)),
  ]);
  out.trashed = going.length;
  return out;
}

async function trashDifference(ctx: PairContext, pair: LoadedPair): Promise<void> {
  if (!pair.difference || !pair.payerPosting) return;
  const [payerId] = ctx.map.remoteIds(pair.payerPosting);
  if (!payerId) return;
  const d = await ctx.gateway.findByRemoteId(ctx.book.id, differenceRemoteId(payerId));
  if (d && !d.trashed && !d.checked && !d.posted) await ctx.gateway.trashTransaction(ctx.book.id, d.id);
}

/**
 * A person split the pair (SPLIT): the survivor keeps the payer's side and drops the receiver's
 * Account and remote ids; a new draft of the receiver's side is made with its remote ids (creating by
 * remote id, so a repeat finds it). Both Postings then point at their own transaction.
 */
async function finishSplit(ctx: PairContext, pair: LoadedPair): Promise<PairOutcome> {
  const s = sidesOf(ctx, pair);
  const t = await survivorNow(ctx, pair);
  if (!s || !pair.survivorTransactionId) {
    await release(ctx.db, pair.id);
    return NOTHING;
  }
  const { db, gateway, book } = ctx;
  if (t && !t.trashed) await gateway.reshapeTransaction(book.id, t.id, { ...oneSided(s.P, s.dp, true), removeRemoteIds: s.dr.remoteIds });
  const [own] = await gateway.createTransactions(book.id, [s.dr]);
  if (!own) throw new AppError("INTERNAL", msg("sync.engine.countMismatch"));
  await trashDifference(ctx, pair);
  await db.$transaction([markPosted(db, s.P.id, pair.survivorTransactionId, s.dp, null), markPosted(db, s.R.id, own.id, s.dr, null)]);
  return { posted: 0, trashed: 0, flagged: 0, touched: [s.P.integrationId, s.R.integrationId] };
}
