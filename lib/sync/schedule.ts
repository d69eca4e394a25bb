import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { RUN_ALIVE_MS } from "./lease";
import { enqueueSync, SYNC_QUEUE } from "./queue";
import { encodeMessage } from "@/lib/i18n/stored";
import { msg } from "@/lib/i18n/translate";

/**
 * The schedule repairs itself: it is not a list of future jobs that can be lost, but a due time on
 * every connection (`nextSyncAt`), set by every run and read here. A connection whose job vanished
 * is simply due again at its next time.
 */
export async function enqueueDue(boss: PgBoss, db: PrismaClient, intervalMinutes: number, limit = 500): Promise<number> {
  const due = await db.$queryRaw<{ id: string }[]>`
    UPDATE connections SET "nextSyncAt" = (now() AT TIME ZONE 'UTC') + (${intervalMinutes}::int * interval '1 minute')
    WHERE id IN (
      SELECT id FROM connections
      WHERE secret IS NOT NULL AND status IN ('CONNECTED', 'ERROR', 'SYNCING') AND ("nextSyncAt" IS NULL OR "nextSyncAt" <= (now() AT TIME ZONE 'UTC'))
      ORDER BY "nextSyncAt" ASC NULLS FIRST LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  for (const { id } of due) await enqueueSync(boss, db, id, "schedule");
  return due.length;
}

/** A run without a heartbeat for this long has no live worker (lease.ts: its lease renewals stopped as long). */
export const STALE_RUN_SECONDS = RUN_ALIVE_MS / 1000;
/** How often each worker runs the reaper (its own timer, apart from the schedule's tick). */
export const REAP_EVERY_MS = 5_000;

/**
 * The reaper, for workers that died (killed, crashed, machine gone):
 * - a RUNNING run whose heartbeat stopped and whose connection no lease holds any more is closed as
 *   interrupted;
 * - a lease that ran out without being released belongs to a dead holder (a live run renews it, a
 *   finished one releases it; a stalled one stops itself once it ran out, lease.ts): it is cleared —
 *   this also covers a worker killed after taking the lease but before its run was recorded;
 * and either way the dead worker's pg-boss job is failed (`stately`, it would block the connection
 * until pg-boss notices) and the connection queued again. The next run resumes from the stored
 * cursor and the dirty Postings, so nothing is lost or doubled. With the 15 s lease renewed every
 * 5 s and a reaper every 5 s, a killed worker's sync is queued again about 10–20 s after the kill
 * (scripts/drills/crash.ts measures kill → Active).
 */
/** The reaped run's error, as a stored message (lib/i18n/stored.ts). */
const INTERRUPTED = encodeMessage(msg("sync.engine.interrupted"));

export async function reapStaleRuns(boss: PgBoss, db: PrismaClient, staleSeconds = STALE_RUN_SECONDS): Promise<number> {
  const reaped = await db.$queryRaw<{ connectionId: string }[]>`
    UPDATE sync_runs SET state = 'FAILED', "finishedAt" = (now() AT TIME ZONE 'UTC'), "errorCode" = 'INTERRUPTED',
      "errorMessage" = ${INTERRUPTED}
    WHERE state = 'RUNNING' AND "heartbeatAt" < (now() AT TIME ZONE 'UTC') - (${staleSeconds}::int * interval '1 second')
      AND NOT EXISTS (SELECT 1 FROM connections c WHERE c.id = sync_runs."connectionId" AND c."syncLeaseUntil" >= (now() AT TIME ZONE 'UTC'))
    RETURNING "connectionId"`;
  const deadLeases = await db.$queryRaw<{ id: string }[]>`
    UPDATE connections SET "syncLeaseOwner" = NULL, "syncLeaseUntil" = NULL
    WHERE "syncLeaseOwner" IS NOT NULL AND "syncLeaseUntil" < (now() AT TIME ZONE 'UTC')
    RETURNING id`;
  for (const connectionId of new Set([...reaped.map((r) => r.connectionId), ...deadLeases.map((c) => c.id)])) {
    // pg-boss would hold the dead worker's job active (and, `stately`, block the connection) until it notices.
    const active = (await boss.findJobs(SYNC_QUEUE, { key: connectionId })).filter((j) => j.state === "active");
    if (active.length) await boss.fail(SYNC_QUEUE, active.map((j) => j.id), { message: "worker stopped" });
    await enqueueSync(boss, db, connectionId, "retry");
  }
  return reaped.length + deadLeases.length;
}
