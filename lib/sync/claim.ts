import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ProviderName } from "@/lib/providers/types";
import { LEASE_MS } from "./lease";

/**
 * The first statement of a sync (docs/architecture.md#how-a-sync-runs): it takes the connection's
 * lease — the same conditional UPDATE as `acquireLease` (docs/architecture.md#invariant-3) — and,
 * in that statement, reads everything the run decides on before it asks the bank: the connection,
 * its accounts, whether Postings wait (and from when), whether an integration still shows Syncing
 * or Error, whether one checks automatically, and whether a balance is due for a re-read. No row:
 * another run holds the lease (or there is no such connection).
 *
 * A sync that finds nothing new at the bank then needs one more statement, its finishing write
 * (finish.ts): two in all.
 */

export type ClaimedConnection = {
  id: string;
  provider: ProviderName;
  secret: string | null;
  status: "CONNECTED" | "SYNCING" | "LOGIN_REQUIRED" | "ERROR" | "DISCONNECTED";
  institutionName: string;
  syncCursor: string | null;
  syncStartCursor: string | null;
  syncReconcileFrom: Date | null;
  /** The consent's expiry as stored (Pluggy): the sync writes the provider's only when it differs. */
  consentExpiresAt: Date | null;
  /** No sync has succeeded yet (lastSyncedAt is null). */
  neverSynced: boolean;
  accounts: { id: string; providerAccountId: string }[];
  /** The earliest next attempt of the connection's dirty Postings (epoch ms); null: none is dirty. */
  dirtyPostingsAt: number | null;
  /** An integration of the connection is not ACTIVE (Syncing or Error): the poster settles it. */
  unsettledIntegrations: boolean;
  /** An integration of the connection checks (✓) automatically after each sync. */
  autoCheckIntegrations: boolean;
  /**
   * An account's balance was never read, or not for longer than the refresh interval: its row was
   * last written (`updatedAt`: a balance read, in practice) that long ago. Not `balanceAt`, which is
   * the bank's own date for the balance and may be days old however often it is read.
   */
  balancesDue: boolean;
};

type Row = Omit<ClaimedConnection, "syncReconcileFrom" | "consentExpiresAt" | "accounts" | "dirtyPostingsAt"> & {
  syncReconcileFrom: string | null;
  consentExpiresAt: string | null;
  accounts: unknown;
  dirtyPostingsAt: number | string | null;
};

function accountsOf(v: unknown): { id: string; providerAccountId: string }[] {
  const list: unknown = typeof v === "string" ? JSON.parse(v) : v;
  if (!Array.isArray(list)) return [];
  return list.flatMap((a: unknown) => {
    if (!a || typeof a !== "object") return [];
    const { id, providerAccountId } = a as Record<string, unknown>;
    return typeof id === "string" && typeof providerAccountId === "string" ? [{ id, providerAccountId }] : [];
  });
}

export async function claimConnection(db: PrismaClient, connectionId: string, owner: string, opts: { leaseMs?: number; balanceRefreshMs: number }): Promise<ClaimedConnection | null> {
  const ms = opts.leaseMs ?? LEASE_MS;
  const rows = await db.$queryRaw<Row[]>`
    WITH c AS (
      UPDATE connections SET "syncLeaseOwner" = ${owner}, "syncLeaseUntil" = (now() AT TIME ZONE 'UTC') + (${ms}::int * interval '1 millisecond')
      WHERE id = ${connectionId} AND ("syncLeaseUntil" IS NULL OR "syncLeaseUntil" < (now() AT TIME ZONE 'UTC') OR "syncLeaseOwner" = ${owner})
      RETURNING id, provider, secret, status, "institutionName", "syncCursor", "syncStartCursor", "syncReconcileFrom", "lastSyncedAt", "consentExpiresAt"
    )
    SELECT c.id, c.provider::text AS provider, c.secret, c.status::text AS status, c."institutionName", c."syncCursor", c."syncStartCursor",
      c."syncReconcileFrom"::text AS "syncReconcileFrom", c."lastSyncedAt" IS NULL AS "neverSynced",
      to_char(c."consentExpiresAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "consentExpiresAt",
      COALESCE((SELECT json_agg(json_build_object('id', a.id, 'providerAccountId', a."providerAccountId") ORDER BY a.id) FROM institution_accounts a WHERE a."connectionId" = c.id), '[]'::json) AS accounts,
      COALESCE((SELECT bool_or(a."balanceAt" IS NULL OR a."updatedAt" < (now() AT TIME ZONE 'UTC') - (${opts.balanceRefreshMs}::int * interval '1 millisecond'))
        FROM institution_accounts a WHERE a."connectionId" = c.id), false) AS "balancesDue",
      (SELECT (EXTRACT(EPOCH FROM min(p."nextAttemptAt")) * 1000)::float8 FROM postings p
        JOIN integrations i ON i.id = p."integrationId" JOIN institution_accounts a ON a.id = i."institutionAccountId"
        WHERE a."connectionId" = c.id AND p.dirty) AS "dirtyPostingsAt",
      EXISTS (SELECT 1 FROM integrations i JOIN institution_accounts a ON a.id = i."institutionAccountId" WHERE a."connectionId" = c.id AND i.status <> 'ACTIVE') AS "unsettledIntegrations",
      EXISTS (SELECT 1 FROM integrations i JOIN institution_accounts a ON a.id = i."institutionAccountId" WHERE a."connectionId" = c.id AND i."autoCheck") AS "autoCheckIntegrations"
    FROM c`;
  const r = rows[0];
  if (!r) return null;
  return {
    ...r,
    syncReconcileFrom: r.syncReconcileFrom ? new Date(`${r.syncReconcileFrom.slice(0, 10)}T00:00:00Z`) : null,
    consentExpiresAt: r.consentExpiresAt ? new Date(r.consentExpiresAt) : null,
    accounts: accountsOf(r.accounts),
    dirtyPostingsAt: r.dirtyPostingsAt === null ? null : Number(r.dirtyPostingsAt),
  };
}
