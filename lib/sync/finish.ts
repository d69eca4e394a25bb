import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { balancesUpdate, type BalanceRow } from "@/lib/connections/provider-accounts";
import { utcTimestamp } from "@/lib/db/timestamp";
import { newId } from "@/lib/ids";
import type { SyncTrigger } from "./triggers";

/**
 * The last statement of a sync that succeeded, one statement however the run went: the run's
 * record (inserted here when the run had nothing to write before, else updated), the connection's
 * next due time and "last synced" time (a sync that found nothing new did ask the bank: the time the
 * pages show stays true), an Error cleared, the cursor of an empty last page, the balances the run read when it did not record them
 * before posting — and the lease released. All of it only while the lease is still this run's
 * (docs/architecture.md#invariant-3): otherwise nothing is written and the caller closes the run as
 * interrupted.
 */

export type RunCounts = { added: number; modified: number; removed: number; posted: number; pages: number };

export type FinishInput = {
  connectionId: string;
  owner: string;
  trigger: SyncTrigger;
  workerId: string;
  /** The run's record when the run made one already (RUNNING); null: made here, SUCCEEDED. */
  runId: string | null;
  counts: RunCounts;
  startedAt: Date;
  finishedAt: Date;
  nextSyncAt: Date;
  /** The bank was asked (a usable connection): "last synced" moves and an Error is cleared. */
  usable: boolean;
  balances: readonly BalanceRow[];
  /** The cursor of an empty last page, moved here (docs/architecture.md#invariant-2: it stored nothing). */
  cursor: CursorUpdate | null;
};

export type CursorUpdate = { syncCursor: string; syncStartCursor: null };

/** The run's id, or null when the lease was no longer this run's (nothing written). */
export async function finishSucceeded(db: PrismaClient, f: FinishInput): Promise<string | null> {
  const now = utcTimestamp(f.finishedAt);
  const c = f.counts;
  const synced = f.usable
    ? Prisma.sql`, "lastSyncedAt" = ${now},
        "errorCode" = CASE WHEN status = 'ERROR' THEN NULL ELSE "errorCode" END,
        "errorMessage" = CASE WHEN status = 'ERROR' THEN NULL ELSE "errorMessage" END,
        status = CASE WHEN status = 'ERROR' THEN 'CONNECTED'::"ConnectionStatus" ELSE status END`
    : Prisma.empty;
  const cursor = f.cursor ? Prisma.sql`, "syncCursor" = ${f.cursor.syncCursor}, "syncStartCursor" = NULL` : Prisma.empty;
  const runId = f.runId ?? newId();
  const run = f.runId
    ? Prisma.sql`UPDATE sync_runs SET added = ${c.added}, modified = ${c.modified}, removed = ${c.removed}, posted = ${c.posted}, pages = ${c.pages},
        state = 'SUCCEEDED', "finishedAt" = ${now}, "heartbeatAt" = ${now}
        WHERE id = ${runId} AND EXISTS (SELECT 1 FROM conn) RETURNING id`
    : Prisma.sql`INSERT INTO sync_runs (id, "connectionId", trigger, state, worker, added, modified, removed, posted, pages, "startedAt", "heartbeatAt", "finishedAt")
        SELECT ${runId}, conn.id, ${f.trigger}, 'SUCCEEDED', ${f.workerId}, ${c.added}, ${c.modified}, ${c.removed}, ${c.posted}, ${c.pages}, ${utcTimestamp(f.startedAt)}, ${now}, ${now} FROM conn
        RETURNING id`;
  const balances = f.balances.length ? Prisma.sql`, balances AS (${balancesUpdate(f.balances, Prisma.sql`IN (SELECT id FROM conn)`, f.finishedAt)})` : Prisma.empty;
  const [row] = await db.$queryRaw<{ n: number }[]>`
    WITH conn AS (
      UPDATE connections SET "syncLeaseOwner" = NULL, "syncLeaseUntil" = NULL, "nextSyncAt" = ${utcTimestamp(f.nextSyncAt)}, "updatedAt" = ${now}${synced}${cursor}
      WHERE id = ${f.connectionId} AND "syncLeaseOwner" = ${f.owner}
      RETURNING id
    ), run AS (${run})${balances}
    SELECT (SELECT count(*) FROM conn)::int AS n`;
  return Number(row?.n ?? 0) === 1 ? runId : null;
}
