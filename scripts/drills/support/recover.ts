import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { enqueueSync, SYNC_QUEUE } from "@/lib/sync/queue";
import { reapStaleRuns } from "@/lib/sync/schedule";

/**
 * After a worker was killed: at once, what time would do for its connection.
 * - pg-boss leaves the dead worker's job `active` until `expireInSeconds` (30 min); with the
 *   `stately` policy no other job of that connection can start meanwhile — failed here, as the
 *   expiry would;
 * - the connection lease runs out after LEASE_MS (120 s) — cleared here;
 * - the reaper closes the RUNNING run after STALE_RUN_SECONDS (180 s) and queues the sync again —
 *   reapStaleRuns(…, 0) here;
 * - a job lost before any run started comes back with the schedule — queued here.
 */
export type Recovery = { jobsFailed: number; leaseCleared: boolean; runsReaped: number };

export async function recoverAfterCrash(boss: PgBoss, db: PrismaClient, connectionId: string): Promise<Recovery> {
  const jobs = await boss.findJobs(SYNC_QUEUE, { data: { connectionId } });
  const active = jobs.filter((j) => j.state === "active").map((j) => j.id);
  if (active.length) await boss.fail(SYNC_QUEUE, active, { reason: "worker killed (drill)" });
  const cleared = await db.$executeRaw`UPDATE connections SET "syncLeaseOwner" = NULL, "syncLeaseUntil" = NULL WHERE id = ${connectionId} AND "syncLeaseOwner" IS NOT NULL`;
  const runsReaped = await reapStaleRuns(boss, db, 0);
  await enqueueSync(boss, db, connectionId, "retry");
  return { jobsFailed: active.length, leaseCleared: cleared > 0, runsReaped };
}

export type Progress = { runs: Record<"RUNNING" | "SUCCEEDED" | "FAILED", number>; stored: number; postings: number; dirty: number; posted: number; inBook: number; /** Every Book transaction not trashed (any provider, the demo ones too). */
  bookTotal: number;
  lastRun: { state: string; pages: number; added: number; posted: number; errorCode: string | null } | null };

/** Where the connection's sync stands, from the database alone. */
export async function progressOf(db: PrismaClient, connectionId: string, bookId: string, provider: "plaid" | "pluggy"): Promise<Progress> {
  const [byState, stored, postings, dirty, posted, inBook, bookTotal, lastRun] = await Promise.all([
    db.syncRun.groupBy({ by: ["state"], where: { connectionId }, _count: true }),
    db.bankTransaction.count({ where: { connectionId } }),
    db.posting.count({ where: { integration: { institutionAccount: { connectionId } } } }),
    db.posting.count({ where: { dirty: true, integration: { institutionAccount: { connectionId } } } }),
    db.posting.count({ where: { state: "POSTED", integration: { institutionAccount: { connectionId } } } }),
    db.ledgerTransaction.count({ where: { bookId, trashed: false, properties: { path: ["provider"], equals: provider } } }),
    db.ledgerTransaction.count({ where: { bookId, trashed: false } }),
    db.syncRun.findFirst({ where: { connectionId }, orderBy: { startedAt: "desc" }, select: { state: true, pages: true, added: true, posted: true, errorCode: true } }),
  ]);
  const runs = { RUNNING: 0, SUCCEEDED: 0, FAILED: 0 };
  for (const r of byState) runs[r.state] = r._count;
  return { runs, stored, postings, dirty, posted, inBook, bookTotal, lastRun };
}
