import type { BookTransaction, NewBookTransaction } from "@/lib/books/types";
import { isoDay } from "@/lib/dates";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { decidePairing, pairKey, type Candidate } from "./match";
import { loadPostingRows, sideOf, type PostingRow } from "./rows";
import { claimPair, pairIdOf, resumePair, type PairContext, type PairOutcome } from "./steps";
import { amountBuckets, dayNumber, indexNear, nearSides, rowsNearArriving, type ArrivingSide } from "./near";
import type { MovementSide } from "./types";

/**
 * The poster's call (lib/sync/poster.ts, docs/architecture.md#transfer-pairing): before a group of
 * one integration's dirty Postings goes to the Book as one-sided drafts, transfer pairing takes the
 * ones it is responsible for — those already in a pair (resumed), and those arriving with the other
 * side of their movement in another integration of the same Book (paired, or suggested) — and gives
 * back the rest for the usual work. With only one integration in the Book nothing changes.
 */

export type PairingContext = PairContext & {
  /** A failed Book call: the Postings stay dirty with a backoff (the poster's own failure path). */
  onFailure(rows: PostingRow[], err: unknown): Promise<void>;
};

const WINDOW_DAYS = 7;

function add(into: PairOutcome, o: PairOutcome): void {
  into.posted += o.posted;
  into.trashed += o.trashed;
  into.flagged += o.flagged;
  into.touched.push(...o.touched);
}

type Known = { row: PostingRow; draft: NewBookTransaction; side: MovementSide };

/**
 * `rowsFresh`: the caller read `group` just now and has written none of its Postings since (the
 * poster's first group of a round); otherwise their state is read again first, as an earlier group
 * of the round may have paired (and cleaned) some of them.
 */
export async function pairTransfers(ctx: PairingContext, group: PostingRow[], opts: { rowsFresh?: boolean } = {}): Promise<{ rest: PostingRow[]; outcome: PairOutcome }> {
  const outcome: PairOutcome = { posted: 0, trashed: 0, flagged: 0, touched: [] };
  const first = group[0];
  if (!first) return { rest: group, outcome };
  const { db, book } = ctx;
  const fresh = new Map<string, Pick<PostingRow, "id" | "dirty" | "transferPairId" | "bookTransactionId" | "state">>(
    opts.rowsFresh
      ? group.map((r) => [r.id, r])
      : (await db.posting.findMany({ where: { id: { in: group.map((r) => r.id) } }, select: { id: true, dirty: true, transferPairId: true, bookTransactionId: true, state: true } })).map((p) => [p.id, p]),
  );
  const live = group.filter((r) => fresh.get(r.id)?.dirty);
  const inPairs = new Map<string, PostingRow[]>();
  const rest: PostingRow[] = [];
  for (const r of live) {
    const pairId = fresh.get(r.id)!.transferPairId;
    if (pairId) inPairs.set(pairId, [...(inPairs.get(pairId) ?? []), r]);
    else rest.push(r);
  }
  for (const [pairId, rows] of inPairs) {
    try {
      add(outcome, await resumePair(ctx, pairId));
    } catch (err) {
      await ctx.onFailure(rows, err);
    }
  }

  const arriving = rest.flatMap((r) => {
    const f = fresh.get(r.id)!;
    const draft = f.bookTransactionId === null ? ctx.map.draft(r, book) : null;
    return draft ? [{ row: r, draft, side: sideOf(r, draft, draft.remoteIds[0]!) }] : [];
  });
  if (!arriving.length) return { rest, outcome };
  const others = await db.integration.findMany({ where: { bookId: book.id, id: { not: first.integrationId } }, select: { id: true, institutionAccountId: true } });
  if (!others.length) return { rest, outcome };

  const candidateIds = await nearCandidates(db, others, arriving);
  if (!candidateIds.length) return { rest, outcome };
  const candidateRows = await loadPostingRows(db, candidateIds);
  const candidates = new Map<string, Known>();
  for (const c of candidateRows) {
    const draft = ctx.map.draft(c, book);
    if (!draft) continue;
    candidates.set(c.id, { row: c, draft, side: { ...sideOf(c, draft, draft.remoteIds[0]!), pairedWith: c.transferPairId ? "paired" : null } });
  }
  if (!candidates.size) return { rest, outcome };
  // By day and amount: each arriving side is compared only with those its window and tolerance reach.
  const index = indexNear([...candidates.values()].map((k) => k.side));
  // Pairs a person split or that are suggested already are the person's to decide, never the engine's.
  const decided = new Set(
    (
      await db.transferPair.findMany({
        where: { bookId: book.id, state: { in: ["SPLIT", "SUGGESTED"] }, OR: [{ payerPostingId: { in: arriving.map((a) => a.row.id) } }, { receiverPostingId: { in: arriving.map((a) => a.row.id) } }] },
        select: { pairKey: true },
      })
    ).map((p) => p.pairKey),
  );

  const handled = new Set<string>();
  for (const a of arriving) {
    const near = nearSides(index, a.side, WINDOW_DAYS);
    if (!near.length) continue;
    try {
      const decision = decidePairing(a.side, near, decided, { windowDays: WINDOW_DAYS });
      if (decision.kind === "none") continue;
      if (decision.kind === "suggest") {
        await suggest(ctx, a, decision.candidates, candidates);
        continue;
      }
      const other = candidates.get(decision.match.side.key)!;
      const personal = await personalSide(ctx, other);
      if (personal === "gone") continue;
      if (personal) {
        await suggest(ctx, a, [decision.match], candidates);
        continue;
      }
      const [payer, receiver] = a.side.direction === "out" ? [a, other] : [other, a];
      const pairId = await claimPair(db, {
        bookId: book.id,
        payer: payer.row,
        receiver: receiver.row,
        date: payer.draft.date,
        amount: decision.amount,
        description: payer.draft.description,
        difference: decision.match.difference,
        score: decision.match.score,
        signals: decision.match.signals,
        decidedById: null,
      });
      if (!pairId) continue;
      other.side.pairedWith = a.row.id;
      handled.add(a.row.id);
      add(outcome, await resumePair(ctx, pairId));
    } catch (err) {
      handled.add(a.row.id);
      await ctx.onFailure([a.row], err);
    }
  }
  return { rest: rest.filter((r) => !handled.has(r.id)), outcome };
}

/**
 * Whether the other side's draft is a person's now (completed, posted, checked or edited): then it is
 * only suggested. "gone": trashed or missing in the Book — a person's decision too; not paired.
 */
async function personalSide(ctx: PairContext, other: Known): Promise<boolean | "gone"> {
  if (other.row.state !== "POSTED" || !other.row.bookTransactionId) return false;
  const t: BookTransaction | null = await ctx.gateway.findByRemoteId(ctx.book.id, other.draft.remoteIds[0]!);
  if (!t || t.trashed || t.id !== other.row.bookTransactionId) return "gone";
  const filled = (other.draft.creditAccountId === null && t.creditAccountId !== null) || (other.draft.debitAccountId === null && t.debitAccountId !== null);
  const edited = t.date !== other.row.postedDate || t.amount !== other.row.postedAmount || t.description !== other.row.postedDescription;
  return t.checked || t.posted || filled || edited;
}

/** SUGGESTED rows for the Book page (accept = the pair steps with the person as decider; reject = SPLIT). */
async function suggest(ctx: PairContext, a: Known, picks: Candidate[], candidates: Map<string, Known>): Promise<void> {
  const data = picks.flatMap((c) => {
    const other = candidates.get(c.side.key);
    if (!other) return [];
    const [payer, receiver] = a.side.direction === "out" ? [a, other] : [other, a];
    return [
      {
        id: pairIdOf(ctx.book.id, a.row.id, other.row.id),
        bookId: ctx.book.id,
        pairKey: pairKey(a.row.id, other.row.id),
        payerPostingId: payer.row.id,
        receiverPostingId: receiver.row.id,
        state: "SUGGESTED" as const,
        date: payer.draft.date,
        amount: receiver.draft.amount,
        description: payer.draft.description,
        difference: c.difference,
        score: c.score,
        signals: c.signals,
      },
    ];
  });
  if (data.length) await ctx.db.transferPair.createMany({ data, skipDuplicates: true });
}

/**
 * The Postings of the Book's other integrations that can pass the matcher's hard rules against one
 * of the arriving sides — posted, live, the opposite direction, the same currency, within the window
 * and the fee tolerance — read as bare columns over the arriving dates' spans (an index on account
 * and date), so that only those few are loaded whole. Without it every group loaded every other
 * integration's transactions of its date range (a 24-month backfill into a Book with four
 * integrations: all of them, for each group). A superset of what the matcher accepts: the tolerance
 * is a cent wider for the Book's rounding and the window a day wider.
 */
async function nearCandidates(db: PrismaClient, others: { id: string; institutionAccountId: string }[], arriving: Known[]): Promise<string[]> {
  const reach = WINDOW_DAYS + 1;
  // Rows share a few dozen days: each day's number is computed once.
  const days = new Map<string, number>();
  const dayOf = (iso: string) => {
    let n = days.get(iso);
    if (n === undefined) days.set(iso, (n = dayNumber(iso)));
    return n;
  };
  const isoOf = (day: number) => isoDay(new Date(day * 86_400_000));
  const sides: ArrivingSide[] = arriving.map((a) => ({ day: dayOf(a.draft.date), amount: Number(a.draft.amount), inbound: a.side.direction === "in", currency: a.side.currency }));
  // The arriving days as disjoint spans, each widened by the window.
  const spans: [number, number][] = [];
  for (const day of [...new Set(sides.map((a) => a.day))].sort((x, y) => x - y)) {
    const last = spans[spans.length - 1];
    if (last && day - reach <= last[1] + 1) last[1] = day + reach;
    else spans.push([day - reach, day + reach]);
  }
  // Only rows whose whole units and direction some arriving side's tolerance reaches (amountBuckets), in the arriving currencies.
  const buckets = amountBuckets(sides);
  const amountFilter = buckets
    ? Prisma.sql`AND b.currency = ANY(${[...new Set(sides.map((a) => a.currency))]}::text[])
        AND (floor(abs(b.amount))::bigint * 2 + CASE WHEN b.direction = 'in' THEN 1 ELSE 0 END) = ANY(${buckets}::bigint[])`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string; day: string; amount: string; direction: string; currency: string }[]>`
    SELECT p.id, to_char(b.date, 'YYYY-MM-DD') AS day, abs(b.amount)::text AS amount, b.direction, b.currency
    FROM unnest(${spans.map((x) => isoOf(x[0]))}::date[], ${spans.map((x) => isoOf(x[1]))}::date[]) AS r(lo, hi)
    JOIN bank_transactions b ON b."institutionAccountId" = ANY(${others.map((o) => o.institutionAccountId)}::text[]) AND b.date BETWEEN r.lo AND r.hi
    JOIN postings p ON p."bankTransactionId" = b.id AND p."integrationId" = ANY(${others.map((o) => o.id)}::text[])
    WHERE p.state IN ('NEW', 'POSTED') AND NOT b.removed AND NOT b.pending ${amountFilter}`;
  return rowsNearArriving(sides, rows.map((c) => ({ id: c.id, day: dayOf(c.day), amount: Number(c.amount), inbound: c.direction === "in", currency: c.currency })), reach);
}
