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
export type SyncJob = { connectionId: string; trigger: SyncTrigger };

export async function openSyncQueue(db: Database, opts: { schedule?: boolean } = {}): Promise<PgBoss> {
  const options = { schedule: opts.schedule ?? false, supervise: true, migrate: true };
  const boss = db.pglite
    ? new PgBoss({ db: fromPglite(db.pglite), backend: "pglite", ...options })
    : new PgBoss({ connectionString: db.url ?? "", max: 4, ...options });
  boss.on("error", (err: unknown) => console.error(`[queue] ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`));
  await boss.start();
  // heartbeatSeconds: a killed worker's job is released within a minute instead of at expiry.
  await boss.createQueue(SYNC_QUEUE, { policy: "stately", expireInSeconds: 30 * 60, heartbeatSeconds: 30, retryLimit: 0, deleteAfterSeconds: 7 * 86_400 });
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
