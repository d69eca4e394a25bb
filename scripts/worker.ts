/**
 * `npm run worker`: a dedicated sync worker against PostgreSQL (DATABASE_URL). Run as many as you
 * like, on any machines: pg-boss hands each job to one worker and the connection lease keeps one
 * sync per connection. Each worker also ticks the schedule and the reaper. SIGTERM/SIGINT stop it
 * gracefully (the running sync finishes its page; an interrupted one is resumed by the next run).
 */
import { ConfigError, getConfig } from "@/lib/config";
import { openDatabase } from "@/lib/db/open";
import { openSyncQueue } from "@/lib/sync/queue";
import { appEngineDeps, WORKER_ID } from "@/lib/sync/runner";
import { startWorker, workerMail } from "@/lib/worker";
import { setPrivateUmask } from "@/lib/security/data-dir";

async function main(): Promise<void> {
  setPrivateUmask(); // whatever this process writes is private to its user (lib/security/data-dir.ts)
  const config = getConfig();
  if (config.database.kind !== "postgres") {
    console.error("worker: set DATABASE_URL (PostgreSQL). The embedded database belongs to the app process, which runs its own worker.");
    process.exit(1);
  }
  const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    console.error("worker: WORKER_CONCURRENCY must be a whole number from 1 to 64.");
    process.exit(1);
  }
  const db = await openDatabase(config.database, { migrate: config.autoMigrate });
  const boss = await openSyncQueue(db);
  const worker = await startWorker(boss, db.prisma, appEngineDeps(db.prisma, config.syncIntervalMinutes), { concurrency, intervalMinutes: config.syncIntervalMinutes, mail: workerMail(config) });
  console.log(`worker ${WORKER_ID} started (concurrency ${concurrency})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log(`worker ${WORKER_ID} stopping`);
    await worker.stop().catch(() => undefined);
    await boss.stop({ graceful: true, timeout: 30_000 }).catch(() => undefined);
    await db.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) for (const line of err.message.split("\n")) console.error(`worker: ${line}`);
  else console.error(`worker: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  process.exit(1);
});
