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

// On globalThis, like the queue and the worker: Next.js may load this module once per bundle
// (instrumentation, route handlers), and all of them must see the one registered wake-up.
const g = globalThis as unknown as { __bankConnectionsSyncWakeUp?: () => void };

/** Registers (or, with undefined, removes) what a queued sync wakes; the in-process worker calls it. */
export function setSyncWakeUp(fn: (() => void) | undefined): void {
  g.__bankConnectionsSyncWakeUp = fn;
}

/**
 * Queues a sync of one connection. Never throws: a queue problem is logged, and the schedule
 * still syncs the connection at its next due time.
 */
export async function requestSync(connectionId: string, trigger: SyncTrigger, opts: { reconcileFrom?: string } = {}): Promise<void> {
  try {
    const [boss, db] = await Promise.all([getSyncQueue(), getDatabase()]);
    await enqueueSync(boss, db.prisma, connectionId, trigger, opts);
    g.__bankConnectionsSyncWakeUp?.();
  } catch (err) {
    console.error(`[queue] could not queue a sync (${trigger}): ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
}
