import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { ItemState, ProviderAccount } from "@/lib/providers/types";
import { utcTimestamp } from "@/lib/db/timestamp";

/**
 * What the provider says about an item beyond its status, recorded on the connection: accounts it
 * has that the connection does not list yet ("New accounts available", cleared by update mode in
 * completeReconnect) and the consent's expiry as the provider dates it (Pluggy's item consent,
 * Plaid's consent_expiration_time) — never assumed.
 */

/** True when the provider lists accounts this connection does not hold; marks the connection once. */
export async function noteNewAccounts(db: PrismaClient, connectionId: string, fresh: readonly Pick<ProviderAccount, "providerAccountId">[], knownAccountIds?: readonly string[]): Promise<boolean> {
  if (fresh.length === 0) return false;
  // The connection's accounts as the caller read them (a sync's claim): no query when none is new.
  if (knownAccountIds) {
    const known = new Set(knownAccountIds);
    if (fresh.every((a) => known.has(a.providerAccountId))) return false;
  }
  const known = await db.institutionAccount.findMany({ where: { connectionId, providerAccountId: { in: fresh.map((a) => a.providerAccountId) } }, select: { providerAccountId: true } });
  const knownIds = new Set(known.map((a) => a.providerAccountId));
  if (fresh.every((a) => knownIds.has(a.providerAccountId))) return false;
  await db.connection.updateMany({ where: { id: connectionId, newAccountsAt: null }, data: { newAccountsAt: new Date() } });
  return true;
}

/**
 * Records the consent expiry the provider reports (a renewed consent moves it; none reported keeps
 * ours). `known`: the stored expiry as the caller read it (a sync's claim) — equal, nothing is written.
 */
export async function recordConsentExpiry(db: PrismaClient, connectionId: string, state: Pick<ItemState, "consentExpiresAt">, known?: Date | null): Promise<void> {
  if (!state.consentExpiresAt) return;
  const at = new Date(state.consentExpiresAt);
  if (Number.isNaN(at.getTime())) return;
  if (known && known.getTime() === at.getTime()) return;
  await db.connection.updateMany({ where: { id: connectionId, OR: [{ consentExpiresAt: null }, { NOT: { consentExpiresAt: at } }] }, data: { consentExpiresAt: at } });
}

/** A provider account's balance as recorded: dated when the bank says it updated it, or else when it was read. */
export type BalanceRow = { providerAccountId: string; balanceCurrent: string | null; balanceAvailable: string | null; balanceAt: Date };

export function balanceRows(fresh: readonly ProviderAccount[], readAt = new Date()): BalanceRow[] {
  return fresh.map((a) => {
    const dated = a.balanceAsOf ? new Date(a.balanceAsOf) : null;
    const balanceAt = dated && !Number.isNaN(dated.getTime()) && dated <= readAt ? dated : readAt;
    return { providerAccountId: a.providerAccountId, balanceCurrent: a.balanceCurrent, balanceAvailable: a.balanceAvailable, balanceAt };
  });
}

/**
 * Records the balances the provider reports now for the accounts this connection holds, dated when
 * the bank says it updated them (Plaid's `last_updated_datetime`) or else when they were read —
 * what balance verification compares the Book with (lib/integrations/verification/). A sync that
 * found nothing new writes them in its finishing statement instead (lib/sync/finish.ts).
 */
export async function recordBalances(db: PrismaClient, connectionId: string, fresh: readonly ProviderAccount[], readAt = new Date()): Promise<void> {
  const rows = balanceRows(fresh, readAt);
  if (!rows.length) return;
  await db.$executeRaw`${balancesUpdate(rows, Prisma.sql`= ${connectionId}`, new Date())}`;
}

/**
 * The UPDATE that records `rows` on the accounts of the connection `connection` matches
 * (`= id`, or `IN (SELECT id FROM …)` inside the finishing write's CTE, lib/sync/finish.ts): one
 * statement for all the accounts, `updatedAt` set to `at` (the claim's `balancesDue` reads it).
 */
export function balancesUpdate(rows: readonly BalanceRow[], connection: Prisma.Sql, at: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE institution_accounts ia SET "balanceCurrent" = v.cur, "balanceAvailable" = v.avail, "balanceAt" = v.at, "updatedAt" = ${utcTimestamp(at)}
    FROM (VALUES ${Prisma.join(rows.map((b) => Prisma.sql`(${b.providerAccountId}, ${b.balanceCurrent}::numeric, ${b.balanceAvailable}::numeric, ${utcTimestamp(b.balanceAt)})`))}) AS v(pid, cur, avail, at)
    WHERE ia."connectionId" ${connection} AND ia."providerAccountId" = v.pid`;
}
