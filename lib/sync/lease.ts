import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * One sync per connection at a time, across processes and machines (docs/architecture.md#invariant-3): a lease on
 * the connection row, taken with one conditional UPDATE, renewed while the sync makes progress and
 * released at the end. A worker that dies simply lets its lease run out.
 */
export const LEASE_MS = 120_000;

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

export async function renewLease(db: PrismaClient, connectionId: string, owner: string, ms = LEASE_MS): Promise<void> {
  const n = await db.$executeRaw`
    UPDATE connections SET "syncLeaseUntil" = (now() AT TIME ZONE 'UTC') + (${ms}::int * interval '1 millisecond') WHERE id = ${connectionId} AND "syncLeaseOwner" = ${owner}`;
  if (n !== 1) throw new LeaseLostError();
}

export async function releaseLease(db: PrismaClient, connectionId: string, owner: string): Promise<void> {
  await db.$executeRaw`UPDATE connections SET "syncLeaseOwner" = NULL, "syncLeaseUntil" = NULL WHERE id = ${connectionId} AND "syncLeaseOwner" = ${owner}`;
}
