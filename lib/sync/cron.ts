import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EngineDeps } from "./engine";
import { CRON_TOUCH_MS, SYNC_QUEUE, type SyncJob } from "./queue";
import { runSyncJob } from "./runner";
import { enqueueDue, reapStaleRuns } from "./schedule";

export type CronResult = { reaped: number; queued: number; ran: number; failed: number; busy: number; left: boolean; ms: number };

/**
 * Serverless pull (Vercel cron → /api/cron/sync): revive interrupted runs, queue what is due, then
 * fetch and run jobs one by one until the time budget is spent. What is left waits for the next
 * call; nothing is lost because jobs stay queued until completed.
 */
export async function pullDueJobs(boss: PgBoss, db: PrismaClient, deps: EngineDeps, opts: { budgetMs: number; intervalMinutes: number }): Promise<CronResult> {
  const started = Date.now();
  const result: CronResult = { reaped: 0, queued: 0, ran: 0, failed: 0, busy: 0, left: false, ms: 0 };
  result.reaped = await reapStaleRuns(boss, db);
  result.queued = await enqueueDue(boss, db, opts.intervalMinutes);
  while (Date.now() - started < opts.budgetMs) {
    const [job] = await boss.fetch<SyncJob>(SYNC_QUEUE, { batchSize: 1 });
    if (!job) break;
    // The queue expects a heartbeat from whoever holds a job (a killed holder's job is retried within about 15 s).
    const heartbeat = setInterval(() => void boss.touch(SYNC_QUEUE, job.id).catch(() => undefined), CRON_TOUCH_MS);
    try {
      const outcome = await runSyncJob(boss, db, deps, job.data);
      if (outcome.status === "busy" || outcome.status === "lost") result.busy++;
      else if (outcome.status === "failed") result.failed++;
      result.ran++;
      await boss.complete(SYNC_QUEUE, job.id);
    } catch (err) {
      result.failed++;
      await boss.fail(SYNC_QUEUE, job.id, { message: err instanceof Error ? err.message.split("\n")[0] : "failed" });
    } finally {
      clearInterval(heartbeat);
    }
  }
  result.left = (await boss.findJobs(SYNC_QUEUE, { queued: true, limit: 1 }).catch(() => [])).length > 0;
  result.ms = Date.now() - started;
  return result;
}
