import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@/lib/generated/prisma/client";
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

export const STALE_RUN_SECONDS = 180;

/**
 * The reaper: a run whose worker stopped beating (killed, crashed, machine gone) is closed as
 * interrupted and its connection queued again; the next run resumes from the stored cursor and the
 * dirty Postings, so nothing is lost or doubled.
 */
/** The reaped run's error, as a stored message (lib/i18n/stored.ts). */
const INTERRUPTED = encodeMessage(msg("sync.engine.interrupted"));

export async function reapStaleRuns(boss: PgBoss, db: PrismaClient, staleSeconds = STALE_RUN_SECONDS): Promise<number> {
  const reaped = await db.$queryRaw<{ connectionId: string }[]>`
    UPDATE sync_runs SET state = 'FAILED', "finishedAt" = (now() AT TIME ZONE 'UTC'), "errorCode" = 'INTERRUPTED',
      "errorMessage" = ${INTERRUPTED}
    WHERE state = 'RUNNING' AND "heartbeatAt" < (now() AT TIME ZONE 'UTC') - (${staleSeconds}::int * interval '1 second')
    RETURNING "connectionId"`;
  for (const connectionId of new Set(reaped.map((r) => r.connectionId))) {
    // pg-boss would hold the dead worker's job active (and, `stately`, block the connection) until it expires.
    const active = (await boss.findJobs(SYNC_QUEUE, { key: connectionId })).filter((j) => j.state === "active");
    if (active.length) await boss.fail(SYNC_QUEUE, active.map((j) => j.id), { message: "worker stopped" });
    await enqueueSync(boss, db, connectionId, "retry");
  }
  return reaped.length;
}
