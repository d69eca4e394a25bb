import { PgBoss, fromPglite } from "pg-boss";
import { getDatabase } from "@/lib/db";
import type { Database } from "@/lib/db/open";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SyncTrigger } from "./triggers";

/**
 * Sync jobs on pg-boss — in the app's own PGlite by default, in PostgreSQL in production — one
 * queue, keyed by connection with the `stately` policy: at most one job waiting and one running
 * per connection, however many triggers arrive. The connection lease (lease.ts) is the second
 * lock: even a job pg-boss hands out twice cannot run two syncs of one connection.
 */

export const SYNC_QUEUE = "sync-connection";
/**
 * A job's holder touches it every few seconds (pg-boss's worker at half this, the cron pull at
 * CRON_TOUCH_MS); pg-boss's supervisor (every 5 s) fails a job not touched for this long — a killed
 * worker's, even one that died before its run began — and retries it once at once, so a dead
 * worker's job is back in the queue within about 15 s whatever moment it died at.
 */
export const JOB_HEARTBEAT_SECONDS = 10;
export const CRON_TOUCH_MS = 4_000;
const QUEUE_OPTIONS = { expireInSeconds: 30 * 60, heartbeatSeconds: JOB_HEARTBEAT_SECONDS, retryLimit: 1, retryDelay: 0, deleteAfterSeconds: 7 * 86_400 };
export type SyncJob = { connectionId: string; trigger: SyncTrigger };

export async function openSyncQueue(db: Database, opts: { schedule?: boolean } = {}): Promise<PgBoss> {
  const options = { schedule: opts.schedule ?? false, supervise: true, superviseIntervalSeconds: 5, migrate: true };
  const boss = db.pglite
    ? new PgBoss({ db: fromPglite(db.pglite), backend: "pglite", ...options })
    : new PgBoss({ connectionString: db.url ?? "", max: 4, ...options });
  boss.on("error", (err: unknown) => console.error(`[queue] ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`));
  await boss.start();
  await boss.createQueue(SYNC_QUEUE, { policy: "stately", ...QUEUE_OPTIONS });
  // A queue made by an earlier version keeps its options until told.
  await boss.updateQueue(SYNC_QUEUE, QUEUE_OPTIONS);
  return boss;
}

/** Queues a sync of the connection (deduplicated); with `reconcileFrom` it also re-reads from that date. */
export async function enqueueSync(boss: PgBoss, db: PrismaClient, connectionId: string, trigger: SyncTrigger, opts: { reconcileFrom?: string; startAfterSeconds?: number } = {}): Promise<void> {
  if (opts.reconcileFrom && /^\d{4}-\d{2}-\d{2}$/.test(opts.reconcileFrom)) {
    const from = new Date(`${opts.reconcileFrom}T00:00:00Z`);
    await db.$executeRaw`UPDATE connections SET "syncReconcileFrom" = LEAST(COALESCE("syncReconcileFrom", ${from}::date), ${from}::date) WHERE id = ${connectionId}`;
  }
  const job: SyncJob = { connectionId, trigger };
  const id = await boss.send(SYNC_QUEUE, job, { singletonKey: connectionId, ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}) });
  // One job already waits for this connection — perhaps a retry due later: a trigger for now moves it to now.
  if (id === null && !opts.startAfterSeconds) await boss.update(SYNC_QUEUE, job, { singletonKey: connectionId, startAfter: new Date() });
}

const g = globalThis as unknown as { __bankConnectionsQueue?: Promise<PgBoss> };

/** The app process's queue (opened once, on its database). */
export function getSyncQueue(): Promise<PgBoss> {
  g.__bankConnectionsQueue ??= getDatabase()
    .then((db) => openSyncQueue(db))
    .catch((err: unknown) => {
      g.__bankConnectionsQueue = undefined;
      throw err;
    });
  return g.__bankConnectionsQueue;
}
