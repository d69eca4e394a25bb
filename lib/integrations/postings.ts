import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Postings for the bank transactions already stored for an integration's account in its period
 * (Link Account, Save Configuration): the Book gets them without waiting for the provider.
 * Returns how many new ones were queued. The engine makes the same Postings for transactions as
 * they arrive (lib/sync/store.ts); both are unique per integration and bank transaction
 * (docs/architecture.md#invariant-1), and the poster drains them (#invariant-4).
 */
export async function queueStoredForIntegration(tx: Prisma.TransactionClient | PrismaClient, integrationId: string): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO postings (id, "integrationId", "bankTransactionId", state, dirty, attempts, "nextAttemptAt", "createdAt", "updatedAt")
    SELECT 'p' || md5(i.id || ':' || b.id), i.id, b.id, 'NEW', true, 0, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
    FROM integrations i
    JOIN bank_transactions b ON b."institutionAccountId" = i."institutionAccountId"
    WHERE i.id = ${integrationId} AND b.pending = false AND b.removed = false AND b.date >= i."periodStart"
    ON CONFLICT ("integrationId", "bankTransactionId") DO NOTHING`;
}
