import type { PgBoss } from "pg-boss";
import { getConfig } from "@/lib/config";
import { getDatabase } from "@/lib/db";
import { smtpMailer, type Mailer } from "@/lib/notifications/mailer";
import { notifyConnectionProblems } from "@/lib/notifications/notify";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EngineDeps } from "@/lib/sync/engine";
import { getSyncQueue, SYNC_QUEUE, type SyncJob } from "@/lib/sync/queue";
import { setSyncWakeUp } from "@/lib/sync/request";
import { appEngineDeps, runSyncJob } from "@/lib/sync/runner";
import { enqueueDue, REAP_EVERY_MS, reapStaleRuns } from "@/lib/sync/schedule";
import { pruneWebhookEvents } from "@/lib/webhooks/events";

/**
 * Workers: `work` on the sync queue, a ticker for the schedule (every 30 s) and the reaper on its
 * own short timer (every 5 s: a dead worker's run is closed and queued again within seconds of its
 * lease running out). The embedded default runs one in the app process; `npm run worker` runs one
 * per process against PostgreSQL.
 *
 * Each of the `concurrency` slots is its own pg-boss worker, so that a slot that finished a job
 * fetches the next one at once: pg-boss waits out the rest of its polling interval after a job
 * shorter than it, which held every slot to one sync a second however short the syncs were
 * (issue 16, workers drill); and `wake()` wakes every slot, not only the first.
 */
export type RunningWorker = { workerIds: string[]; stop(): Promise<void>; wake(): void };

export async function startWorker(
  boss: PgBoss,
  db: PrismaClient,
  deps: EngineDeps,
  opts: { concurrency?: number; tickMs?: number; reapMs?: number; intervalMinutes: number; mail?: { mailer: Mailer; appUrl: string } },
): Promise<RunningWorker> {
  const workerIds: string[] = [];
  for (let slot = 0; slot < (opts.concurrency ?? 2); slot++) {
    let id = "";
    id = await boss.work<SyncJob>(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const job of jobs) await runSyncJob(boss, db, deps, job.data);
      // Another job may be waiting: this slot fetches again now rather than after its polling interval.
      if (jobs.length && id) boss.notifyWorker(id);
    });
    workerIds.push(id);
  }
  const wakeAll = () => {
    for (const id of workerIds) boss.notifyWorker(id);
  };
  let reaping = false;
  const reap = async () => {
    if (reaping) return;
    reaping = true;
    try {
      if ((await reapStaleRuns(boss, db)) > 0) wakeAll();
    } catch (err) {
      console.error(`[sync] reaper failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    } finally {
      reaping = false;
    }
  };
  const tick = async () => {
    try {
      await enqueueDue(boss, db, opts.intervalMinutes);
      wakeAll();
      await pruneWebhookEvents(db, 30);
    } catch (err) {
      console.error(`[sync] schedule tick failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
    // E-mails about connections that need Reconnect or whose consent expires (once per problem and person).
    if (opts.mail && !notifying) {
      notifying = true;
      try {
        await notifyConnectionProblems(db, opts.mail.mailer, { appUrl: opts.mail.appUrl });
      } catch (err) {
        console.error(`[notifications] tick failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
      } finally {
        notifying = false;
      }
    }
  };
  let notifying = false;
  void reap();
  void tick();
  const timer = setInterval(() => void tick(), opts.tickMs ?? 30_000);
  timer.unref();
  const reaper = setInterval(() => void reap(), opts.reapMs ?? REAP_EVERY_MS);
  reaper.unref();
  return {
    workerIds,
    wake: wakeAll,
    stop: async () => {
      clearInterval(timer);
      clearInterval(reaper);
      await Promise.all(workerIds.map((id) => boss.offWork(SYNC_QUEUE, { id, wait: true })));
      opts.mail?.mailer.close();
    },
  };
}

/** The tick's e-mail notifications when SMTP_URL and MAIL_FROM are set; none otherwise. */
export function workerMail(config: { mail: { smtpUrl: string; from: string } | undefined; appUrl: string }): { mailer: Mailer; appUrl: string } | undefined {
  return config.mail ? { mailer: smtpMailer(config.mail), appUrl: config.appUrl } : undefined;
}

const g = globalThis as unknown as { __bankConnectionsWorker?: Promise<RunningWorker> };

/**
 * The embedded default's worker, in the app process (SYNC_WORKER=in-process). It registers its
 * wake-up with request.ts, so a just-queued job runs now instead of at the next poll.
 */
export function startInProcessWorker(): Promise<RunningWorker> {
  g.__bankConnectionsWorker ??= (async () => {
    const config = getConfig();
    const [db, boss] = await Promise.all([getDatabase(), getSyncQueue()]);
    const worker = await startWorker(boss, db.prisma, appEngineDeps(db.prisma, config.syncIntervalMinutes), { intervalMinutes: config.syncIntervalMinutes, mail: workerMail(config) });
    setSyncWakeUp(() => worker.wake());
    return worker;
  })();
  return g.__bankConnectionsWorker;
}
