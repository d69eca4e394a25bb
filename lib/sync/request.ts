import { getDatabase } from "@/lib/db";
import { enqueueSync, getSyncQueue } from "./queue";
import type { SyncTrigger } from "./triggers";

/**
 * The portal's way to ask for a sync (actions, webhooks). It queues the job and then calls the
 * wake-up the in-process worker registered at its start (`setSyncWakeUp`), so it never imports the
 * worker: the worker sits above the queue, and this module below it (docs/architecture.md#layers).
 * With no worker in this process (SYNC_WORKER=off) nothing is registered and the job simply
 * waits for a worker process to poll it.
 */

export type SyncRequestOptions = { reconcileFrom?: string };
/** Asks for a sync of one connection; never throws. What actions and webhook handlers are given. */
export type RequestSync = (connectionId: string, trigger: SyncTrigger, opts?: SyncRequestOptions) => Promise<void>;

// On globalThis, like the queue and the worker: Next.js may load this module once per bundle
// (instrumentation, route handlers), and all of them must see the one registered wake-up.
const g = globalThis as unknown as { __bankConnectionsSyncWakeUp?: () => void };

/** Registers (or, with undefined, removes) what a queued sync wakes; the in-process worker calls it. */
export function setSyncWakeUp(fn: (() => void) | undefined): void {
  g.__bankConnectionsSyncWakeUp = fn;
}

/**
 * A RequestSync over `enqueue` (the queue): queues, then wakes the registered worker. A queue
 * problem is logged, and the schedule still syncs the connection at its next due time.
 */
export function syncRequester(enqueue: (connectionId: string, trigger: SyncTrigger, opts: SyncRequestOptions) => Promise<void>): RequestSync {
  return async (connectionId, trigger, opts = {}) => {
    try {
      await enqueue(connectionId, trigger, opts);
      g.__bankConnectionsSyncWakeUp?.();
    } catch (err) {
      console.error(`[queue] could not queue a sync (${trigger}): ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
  };
}

/** Queues a sync of one connection on the app's queue and database. Never throws. */
export const requestSync: RequestSync = syncRequester(async (connectionId, trigger, opts) => {
  const [boss, db] = await Promise.all([getSyncQueue(), getDatabase()]);
  await enqueueSync(boss, db.prisma, connectionId, trigger, opts);
});
