import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * One sync per connection at a time, across processes and machines (docs/architecture.md#invariant-3): a lease on
 * the connection row, taken with one conditional UPDATE, renewed by a heartbeat every RENEW_MS while
 * the run's process is alive (whatever the run is doing: a slow bank call, a Book batch) and
 * released at the end. It is short, so a worker that dies (kill -9, a lost machine) lets it run out
 * within LEASE_MS: the reaper (schedule.ts) then closes the run as interrupted and queues the
 * connection again, and the pages stop saying Syncing (lib/sync/read/views.ts).
 */
export const LEASE_MS = 15_000;
/** How often a live run renews its lease (and beats its run's heartbeat): three chances per lease. */
export const RENEW_MS = 5_000;
/**
 * A RUNNING run whose heartbeat is older than this has no live process behind it (its renewals,
 * made with the heartbeat, stopped for a whole lease): the pages no longer show it as running and
 * the reaper closes it once no lease holds the connection.
 */
export const RUN_ALIVE_MS = LEASE_MS;

export class LeaseLostError extends Error {
  constructor() {
    super("Another worker took over this connection's sync (the lease ran out).");
    this.name = "LeaseLostError";
  }
}

export async function acquireLease(db: PrismaClient, connectionId: string, owner: string, ms = LEASE_MS): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE connections SET "syncLeaseOwner" = ${owner}, "syncLeaseUntil" = (now() AT TIME ZONE 'UTC') + (${ms}::int * interval '1 millisecond')
    WHERE id = ${connectionId} AND ("syncLeaseUntil" IS NULL OR "syncLeaseUntil" < (now() AT TIME ZONE 'UTC') OR "syncLeaseOwner" = ${owner})`;
  return n === 1;
}

/** Extends the lease, only while it is still this owner's and has not run out (once out, another worker may have started). */
export async function renewLease(db: PrismaClient, connectionId: string, owner: string, ms = LEASE_MS): Promise<void> {
  const n = await db.$executeRaw`
    UPDATE connections SET "syncLeaseUntil" = (now() AT TIME ZONE 'UTC') + (${ms}::int * interval '1 millisecond')
    WHERE id = ${connectionId} AND "syncLeaseOwner" = ${owner} AND "syncLeaseUntil" >= (now() AT TIME ZONE 'UTC')`;
  if (n !== 1) throw new LeaseLostError();
}

export async function releaseLease(db: PrismaClient, connectionId: string, owner: string): Promise<void> {
  await db.$executeRaw`UPDATE connections SET "syncLeaseOwner" = NULL, "syncLeaseUntil" = NULL WHERE id = ${connectionId} AND "syncLeaseOwner" = ${owner}`;
}

/** How long the connection's lease still holds, by the database's clock (0 when free or run out). */
export async function leaseRemainingMs(db: PrismaClient, connectionId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ ms: number | null }[]>`
    SELECT (EXTRACT(EPOCH FROM ("syncLeaseUntil" - (now() AT TIME ZONE 'UTC'))) * 1000)::float8 AS ms FROM connections WHERE id = ${connectionId}`;
  return Math.max(0, Number(row?.ms ?? 0));
}

/** A lease being held by a run: its heartbeat renews it; `check()` before every write that must not outlive it. */
export type HeldLease = {
  /**
   * Throws LeaseLostError once a renewal was refused, or when no renewal succeeded for a whole
   * lease (the database unreachable, the process stalled): another worker may hold the connection
   * now, so the run must not post or store anything further.
   */
  check(): void;
  /** Whether the lease is known lost (a renewal was refused, or it ran out). */
  readonly lost: boolean;
  /** Stops the heartbeat (waits for a renewal in flight). The caller releases the lease. */
  stop(): Promise<void>;
};

export type KeepLeaseOptions = {
  leaseMs?: number;
  renewMs?: number;
  /** When the lease was taken (before the acquiring UPDATE was sent): it is valid for leaseMs from then. */
  acquiredAt?: number;
  /** After each successful renewal: the run's heartbeat (progress counts, heartbeatAt). Its failure does not lose the lease. */
  beat?: () => Promise<void>;
  onError?: (err: unknown) => void;
};

/** Keeps a just-acquired lease: renews it every renewMs on a timer, independently of the run's progress. */
export function keepLease(db: PrismaClient, connectionId: string, owner: string, opts: KeepLeaseOptions = {}): HeldLease {
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  const renewMs = opts.renewMs ?? Math.max(1, Math.min(RENEW_MS, Math.floor(leaseMs / 3)));
  const onError = opts.onError ?? ((err: unknown) => console.error(`[sync] lease renewal failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`));
  // Measured on this process's clock from before each UPDATE was sent: never later than the database's own.
  let validUntil = (opts.acquiredAt ?? Date.now()) + leaseMs;
  let refused = false;
  let inFlight: Promise<void> | null = null;
  const renew = async () => {
    const sent = Date.now();
    try {
      await renewLease(db, connectionId, owner, leaseMs);
      validUntil = sent + leaseMs;
    } catch (err) {
      if (err instanceof LeaseLostError) refused = true;
      else onError(err);
      return;
    }
    try {
      await opts.beat?.();
    } catch (err) {
      onError(err);
    }
  };
  const timer = setInterval(() => {
    if (refused || inFlight) return;
    inFlight = renew().finally(() => {
      inFlight = null;
    });
  }, renewMs);
  timer.unref?.();
  const isLost = () => refused || Date.now() >= validUntil;
  return {
    check() {
      if (isLost()) throw new LeaseLostError();
    },
    get lost() {
      return isLost();
    },
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
