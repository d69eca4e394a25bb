import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { isoDay } from "@/lib/dates";
import { newId } from "@/lib/ids";
import type { BankTransaction, RemovedTransaction } from "@/lib/providers/transactions";

/**
 * Stores what a provider said about bank transactions and queues the Book work it implies (the
 * Posting outbox), inside the caller's database transaction — the same one that advances the
 * cursor, so a crash can never skip a page (docs/architecture.md#invariant-2).
 */

export type Tx = Prisma.TransactionClient | PrismaClient;

export type StoreCounts = { added: number; modified: number; removed: number; unknownAccounts: number };

/** providerAccountId → institution account id, for one connection. */
export type AccountIndex = Map<string, string>;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

type Stored = { id: string; institutionAccountId: string; providerTransactionId: string; date: Date; amount: Prisma.Decimal; direction: string; currency: string; description: string; pending: boolean; pendingTransactionId: string | null; removed: boolean; details: Prisma.JsonValue };

/** The counterpart details as stored (null when the provider said nothing). */
const detailsValue = (t: BankTransaction) => (t.details ? (t.details as Prisma.InputJsonObject) : Prisma.DbNull);
/** Flat string fields; jsonb keeps its own key order, so they are compared sorted. */
const canonical = (v: unknown) => JSON.stringify(v && typeof v === "object" && !Array.isArray(v) ? Object.entries(v).sort(([a], [b]) => a.localeCompare(b)) : []);
const sameDetails = (s: Stored, t: BankTransaction) => canonical(s.details) === canonical(t.details);

function sameContent(s: Stored, t: BankTransaction): boolean {
  return (
    isoDay(s.date) === t.date &&
    s.amount.equals(new Prisma.Decimal(t.amount)) &&
    s.direction === t.direction &&
    s.currency === t.currency &&
    s.description === t.description &&
    s.pending === t.pending &&
    (s.pendingTransactionId ?? null) === (t.pendingTransactionId ?? null) &&
    !s.removed
  );
}

/**
 * Upserts `incoming` (added and modified alike: a page may repeat rows) and marks `removed`.
 * New or changed non-pending rows get a dirty Posting for each integration of their account whose
 * period they fall in; removed rows mark their Postings dirty (the poster trashes or flags).
 */
export async function storeTransactions(tx: Tx, connectionId: string, accounts: AccountIndex, incoming: BankTransaction[], removed: RemovedTransaction[]): Promise<StoreCounts> {
  const counts: StoreCounts = { added: 0, modified: 0, removed: 0, unknownAccounts: 0 };
  // The last word wins when a page names one id twice.
  const byKey = new Map<string, BankTransaction & { institutionAccountId: string }>();
  for (const t of incoming) {
    const institutionAccountId = accounts.get(t.providerAccountId);
    if (!institutionAccountId) {
      counts.unknownAccounts++;
      continue;
    }
    byKey.set(`${institutionAccountId}|${t.providerTransactionId}`, { ...t, institutionAccountId });
  }
  const rows = [...byKey.values()];
  const existing: Stored[] = rows.length
    ? await tx.bankTransaction.findMany({
        where: { connectionId, providerTransactionId: { in: rows.map((r) => r.providerTransactionId) } },
        select: { id: true, institutionAccountId: true, providerTransactionId: true, date: true, amount: true, direction: true, currency: true, description: true, pending: true, pendingTransactionId: true, removed: true, details: true },
      })
    : [];
  const known = new Map(existing.map((e) => [`${e.institutionAccountId}|${e.providerTransactionId}`, e]));

  const toCreate: Prisma.BankTransactionCreateManyInput[] = [];
  const changedIds: string[] = [];
  /** Rows that are (now) posted and need a Posting per integration. */
  const postable: { id: string; institutionAccountId: string; date: string }[] = [];
  for (const r of rows) {
    const data = {
      date: day(r.date),
      amount: r.amount,
      direction: r.direction,
      currency: r.currency,
      description: r.description,
      pending: r.pending,
      pendingTransactionId: r.pendingTransactionId,
      runningBalance: r.runningBalance ?? null,
      category: r.category ?? null,
      paymentReference: r.paymentData?.referenceNumber ?? null,
      payerAccount: r.paymentData?.payerAccount ?? null,
      receiverAccount: r.paymentData?.receiverAccount ?? null,
      billId: r.billId ?? null,
      details: detailsValue(r),
      removed: false,
    };
    const prior = known.get(`${r.institutionAccountId}|${r.providerTransactionId}`);
    if (!prior) {
      const id = newId();
      toCreate.push({ id, connectionId, institutionAccountId: r.institutionAccountId, providerTransactionId: r.providerTransactionId, ...data });
      if (!r.pending) postable.push({ id, institutionAccountId: r.institutionAccountId, date: r.date });
      counts.added++;
      continue;
    }
    if (sameContent(prior, r)) {
      // Only what the provider says about the counterpart changed (or was not stored before): kept for
      // the next drafts, with no Book work (a draft's properties are written when it is created).
      if (!sameDetails(prior, r)) await tx.bankTransaction.update({ where: { id: prior.id }, data: { details: detailsValue(r) } });
      continue;
    }
    await tx.bankTransaction.update({ where: { id: prior.id }, data });
    changedIds.push(prior.id);
    if (!r.pending) postable.push({ id: prior.id, institutionAccountId: r.institutionAccountId, date: r.date });
    counts.modified++;
  }
  if (toCreate.length) await tx.bankTransaction.createMany({ data: toCreate, skipDuplicates: true });

  const removedIds = removed.map((r) => r.providerTransactionId);
  if (removedIds.length) {
    const gone = await tx.bankTransaction.findMany({ where: { connectionId, providerTransactionId: { in: removedIds }, removed: false }, select: { id: true } });
    if (gone.length) {
      await tx.bankTransaction.updateMany({ where: { id: { in: gone.map((g) => g.id) } }, data: { removed: true } });
      changedIds.push(...gone.map((g) => g.id));
      counts.removed += gone.length;
    }
  }

  if (changedIds.length) await tx.posting.updateMany({ where: { bankTransactionId: { in: changedIds } }, data: { dirty: true, nextAttemptAt: new Date(), attempts: 0 } });
  await createPostings(tx, postable);
  return counts;
}

/** One dirty Posting per (integration, bank transaction) in the integration's period; existing ones are kept. */
async function createPostings(tx: Tx, postable: { id: string; institutionAccountId: string; date: string }[]): Promise<void> {
  if (!postable.length) return;
  const integrations = await tx.integration.findMany({
    where: { institutionAccountId: { in: [...new Set(postable.map((p) => p.institutionAccountId))] } },
    select: { id: true, institutionAccountId: true, periodStart: true },
  });
  if (!integrations.length) return;
  const data: Prisma.PostingCreateManyInput[] = [];
  for (const p of postable) {
    for (const i of integrations) {
      if (i.institutionAccountId === p.institutionAccountId && p.date >= isoDay(i.periodStart)) data.push({ id: newId(), integrationId: i.id, bankTransactionId: p.id });
    }
  }
  if (data.length) await tx.posting.createMany({ data, skipDuplicates: true });
}

/**
 * A reconciliation re-read (Pluggy has no removed feed): every stored, not-removed transaction of
 * `accountIds` dated on or after `from` that the provider no longer lists is removed.
 */
export async function removeMissing(tx: Tx, connectionId: string, accountIds: string[], from: string, present: Set<string>): Promise<number> {
  if (!accountIds.length) return 0;
  const stored = await tx.bankTransaction.findMany({
    where: { connectionId, institutionAccountId: { in: accountIds }, removed: false, date: { gte: day(from) } },
    select: { providerTransactionId: true },
  });
  const missing = stored.filter((s) => !present.has(s.providerTransactionId)).map((s) => ({ providerTransactionId: s.providerTransactionId }));
  if (!missing.length) return 0;
  return (await storeTransactions(tx, connectionId, new Map(), [], missing)).removed;
}
