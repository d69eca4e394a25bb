import { hostname } from "node:os";
import type { PgBoss } from "pg-boss";
import { bookGatewayFor } from "@/lib/books";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getProvider } from "@/lib/providers";
import { syncConnection, type EngineDeps, type SyncOutcome } from "./engine";
import { LEASE_MS, leaseRemainingMs } from "./lease";
import { enqueueSync, type SyncJob } from "./queue";

/** This process's name in runs and leases. */
export const WORKER_ID = `${hostname()}:${process.pid}`;

export function appEngineDeps(db: PrismaClient, intervalMinutes: number): EngineDeps {
  return { providerFor: getProvider, gatewayFor: (userId) => bookGatewayFor(db, userId), workerId: WORKER_ID, intervalMinutes };
}

/**
 * Runs one queued sync and queues what must follow: the same sync again when another worker held
 * the connection, a retry at the provider's time after a rate limit or outage, and a retry when
 * Book postings wait on their backoff.
 */
export async function runSyncJob(boss: PgBoss, db: PrismaClient, deps: EngineDeps, job: SyncJob): Promise<SyncOutcome> {
  const outcome = await syncConnection(db, deps, job.connectionId, { trigger: job.trigger });
  const now = Date.now();
  // Held by another worker (perhaps a dead one whose lease has not run out yet), or taken from this
  // run: the same sync again once that lease can have run out, at most a lease from now.
  if (outcome.status === "busy" || outcome.status === "lost") {
    const wait = Math.min(LEASE_MS, await leaseRemainingMs(db, job.connectionId));
    await enqueueSync(boss, db, job.connectionId, job.trigger, { startAfterSeconds: Math.max(1, Math.ceil(wait / 1000) + 1) });
    return outcome;
  }
  // Postings waiting on their backoff: the run says when it knows (it posted and stored nothing), else they are read.
  const waiting =
    outcome.status === "done" && outcome.postingsWaitUntil !== undefined
      ? outcome.postingsWaitUntil
      : ((
          await db.posting.findFirst({
            where: { dirty: true, integration: { institutionAccount: { connectionId: job.connectionId } } },
            orderBy: { nextAttemptAt: "asc" },
            select: { nextAttemptAt: true },
          })
        )?.nextAttemptAt ?? null);
  const retryAt = [outcome.status === "failed" ? outcome.retryAt?.getTime() : undefined, waiting?.getTime()].filter((t): t is number => t !== undefined).sort((a, b) => a - b)[0];
  if (retryAt !== undefined) await enqueueSync(boss, db, job.connectionId, "retry", { startAfterSeconds: Math.max(1, Math.ceil((retryAt - now) / 1000)) });
  return outcome;
}
