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

/** What storeTransactions compares an incoming row with. */
const STORED_FIELDS = { id: true, institutionAccountId: true, providerTransactionId: true, date: true, amount: true, direction: true, currency: true, description: true, pending: true, pendingTransactionId: true, removed: true, details: true } as const;
const storedKey = (s: { institutionAccountId: string; providerTransactionId: string }) => `${s.institutionAccountId}|${s.providerTransactionId}`;

/** The incoming rows of known accounts, one per account and provider id (the last word wins when a page names one twice), and how many were of unknown accounts. */
function keyedIncoming(accounts: AccountIndex, incoming: readonly BankTransaction[]): { rows: (BankTransaction & { institutionAccountId: string })[]; unknownAccounts: number } {
  let unknownAccounts = 0;
  const byKey = new Map<string, BankTransaction & { institutionAccountId: string }>();
  for (const t of incoming) {
    const institutionAccountId = accounts.get(t.providerAccountId);
    if (!institutionAccountId) {
      unknownAccounts++;
      continue;
    }
    byKey.set(storedKey({ institutionAccountId, providerTransactionId: t.providerTransactionId }), { ...t, institutionAccountId });
  }
  return { rows: [...byKey.values()], unknownAccounts };
}

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
  const { rows, unknownAccounts } = keyedIncoming(accounts, incoming);
  counts.unknownAccounts = unknownAccounts;
  const existing: Stored[] = rows.length
    ? await tx.bankTransaction.findMany({ where: { connectionId, providerTransactionId: { in: rows.map((r) => r.providerTransactionId) } }, select: STORED_FIELDS })
    : [];
  const known = new Map(existing.map((e) => [storedKey(e), e]));

  const toCreate: NewRow[] = [];
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
    const prior = known.get(storedKey(r));
    if (!prior) {
      const id = newId();
      toCreate.push({ ...r, id });
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
  await insertBankTransactions(tx, connectionId, toCreate);

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

type NewRow = BankTransaction & { institutionAccountId: string; id: string };

/**
 * The new rows in one INSERT … SELECT FROM unnest(one array per column), existing ones (by id or by
 * account and provider id) left as they are. Prisma's createMany sends one bind parameter per value
 * (18 per row) and spent more CPU rendering them than the database spent on the insert: a first
 * sync of a few hundred rows was the worker's costliest statement (issue 16, workers drill).
 */
async function insertBankTransactions(tx: Tx, connectionId: string, rows: NewRow[]): Promise<void> {
  if (!rows.length) return;
  const col = <T>(f: (r: NewRow) => T) => rows.map(f);
  await tx.$executeRaw`
    INSERT INTO bank_transactions (id, "connectionId", "institutionAccountId", "providerTransactionId", date, amount, direction, currency, description, pending,
      "pendingTransactionId", "runningBalance", category, "paymentReference", "payerAccount", "receiverAccount", "billId", details, removed, "createdAt", "updatedAt")
    SELECT u.id, ${connectionId}, u.ia, u.ptid, u.d, u.amount, u.direction, u.currency, u.description, u.pending, u.pending_id, u.running, u.category, u.ref,
      u.payer, u.receiver, u.bill, u.details, false, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
    FROM unnest(
      ${col((r) => r.id)}::text[], ${col((r) => r.institutionAccountId)}::text[], ${col((r) => r.providerTransactionId)}::text[], ${col((r) => r.date)}::text[]::date[],
      ${col((r) => r.amount)}::text[]::numeric[], ${col((r) => r.direction)}::text[], ${col((r) => r.currency)}::text[], ${col((r) => r.description)}::text[],
      ${col((r) => String(r.pending))}::text[]::boolean[], ${col((r) => r.pendingTransactionId)}::text[], ${col((r) => r.runningBalance ?? null)}::text[]::numeric[],
      ${col((r) => r.category ?? null)}::text[], ${col((r) => r.paymentData?.referenceNumber ?? null)}::text[], ${col((r) => r.paymentData?.payerAccount ?? null)}::text[],
      ${col((r) => r.paymentData?.receiverAccount ?? null)}::text[], ${col((r) => r.billId ?? null)}::text[], ${col((r) => (r.details ? JSON.stringify(r.details) : null))}::text[]::jsonb[]
    ) AS u(id, ia, ptid, d, amount, direction, currency, description, pending, pending_id, running, category, ref, payer, receiver, bill, details)
    ON CONFLICT DO NOTHING`;
}

/** One dirty Posting per (integration, bank transaction) in the integration's period; existing ones are kept. One statement, whatever the count. */
async function createPostings(tx: Tx, postable: { id: string; institutionAccountId: string; date: string }[]): Promise<void> {
  if (!postable.length) return;
  const integrations = await tx.integration.findMany({
    where: { institutionAccountId: { in: [...new Set(postable.map((p) => p.institutionAccountId))] } },
    select: { id: true, institutionAccountId: true, periodStart: true },
  });
  if (!integrations.length) return;
  const ids: string[] = [];
  const integrationIds: string[] = [];
  const bankIds: string[] = [];
  for (const p of postable) {
    for (const i of integrations) {
      if (i.institutionAccountId !== p.institutionAccountId || p.date < isoDay(i.periodStart)) continue;
      ids.push(newId());
      integrationIds.push(i.id);
      bankIds.push(p.id);
    }
  }
  if (!ids.length) return;
  await tx.$executeRaw`
    INSERT INTO postings (id, "integrationId", "bankTransactionId", "nextAttemptAt", "createdAt", "updatedAt")
    SELECT u.id, u.integration, u.bank, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC') FROM unnest(${ids}::text[], ${integrationIds}::text[], ${bankIds}::text[]) AS u(id, integration, bank)
    ON CONFLICT DO NOTHING`;
}

/**
 * Whether a reconciliation re-read would write anything — storeTransactions of `incoming` (a new
 * row, changed content or details) or removeMissing (a stored row the provider no longer lists) —
 * decided in one read, with the same comparisons. A re-read that changes nothing (the idle sync of a
 * Pluggy connection) then opens no transaction and records no run before its finishing write.
 */
export async function reconcileWouldChange(db: Tx, connectionId: string, accounts: AccountIndex, incoming: readonly BankTransaction[], accountIds: string[], from: string, present: ReadonlySet<string>): Promise<boolean> {
  const { rows } = keyedIncoming(accounts, incoming);
  if (!rows.length && !accountIds.length) return false;
  const stored = await db.bankTransaction.findMany({
    where: {
      connectionId,
      OR: [
        ...(rows.length ? [{ providerTransactionId: { in: rows.map((r) => r.providerTransactionId) } }] : []),
        ...(accountIds.length ? [{ institutionAccountId: { in: accountIds }, removed: false, date: { gte: day(from) } }] : []),
      ],
    },
    select: STORED_FIELDS,
  });
  const known = new Map(stored.map((e) => [storedKey(e), e]));
  for (const r of rows) {
    const prior = known.get(storedKey(r));
    if (!prior || !sameContent(prior, r) || !sameDetails(prior, r)) return true;
  }
  const from0 = day(from).getTime();
  return stored.some((s) => accountIds.includes(s.institutionAccountId) && !s.removed && s.date.getTime() >= from0 && !present.has(s.providerTransactionId));
}

/**
 * A reconciliation re-read (Pluggy has no removed feed): every stored, not-removed transaction of
 * `accountIds` dated on or after `from` that the provider no longer lists is removed.
 */
export async function removeMissing(tx: Tx, connectionId: string, accountIds: string[], from: string, present: ReadonlySet<string>): Promise<number> {
  if (!accountIds.length) return 0;
  const stored = await tx.bankTransaction.findMany({
    where: { connectionId, institutionAccountId: { in: accountIds }, removed: false, date: { gte: day(from) } },
    select: { providerTransactionId: true },
  });
  const missing = stored.filter((s) => !present.has(s.providerTransactionId)).map((s) => ({ providerTransactionId: s.providerTransactionId }));
  if (!missing.length) return 0;
  return (await storeTransactions(tx, connectionId, new Map(), [], missing)).removed;
}
