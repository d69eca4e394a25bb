/**
 * Issue 15, finding 10: the connection lease is short and renewed by a heartbeat while the run's
 * process lives; a renewal that is refused stops the run before its next Book call; the reaper
 * closes a dead worker's run once its lease ran out (never a live one's); the pages stop showing a
 * run as running once its heartbeat is older than a lease. On PGlite and PostgreSQL, with the real
 * engine, the sandbox Plaid through its official client and a local Book.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Products } from "plaid";
import type { PgBoss } from "pg-boss";
import { daysAgo } from "@/lib/dates";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import type { BookGateway } from "@/lib/books/gateway";
import { createConnectionFromLink } from "@/lib/connections/service";
import { linkAccount } from "@/lib/integrations/service";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import { acquireLease, keepLease, LEASE_MS, LeaseLostError, releaseLease, renewLease, RENEW_MS, RUN_ALIVE_MS } from "@/lib/sync/lease";
import { openSyncQueue } from "@/lib/sync/queue";
import { connectionSyncStates } from "@/lib/sync/read/views";
import { reapStaleRuns, STALE_RUN_SECONDS } from "@/lib/sync/schedule";
import { databaseBackends, type Backend } from "../helpers/databases";
import type { SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { openSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe("the lease's bounds", () => {
  it("is short and renewed three times per lease; a run is shown as running no longer than a lease", () => {
    expect(LEASE_MS).toBeLessThanOrEqual(15_000);
    expect(RENEW_MS * 3).toBeLessThanOrEqual(LEASE_MS);
    expect(RUN_ALIVE_MS).toBe(LEASE_MS);
    expect(STALE_RUN_SECONDS * 1000).toBe(RUN_ALIVE_MS);
  });
});

describe.each(databaseBackends())("the sync lease on $name", (backend: Backend) => {
  let world: SandboxWorld | undefined;
  let db: SandboxWorld["db"];
  let sp: SandboxHarness;
  let boss: PgBoss;
  let deps: EngineDeps;
  let client = "";
  let acme = "";
  let connectionId = "";
  const bookAccountIds: string[] = [];

  const leaseOf = async () => db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { syncLeaseOwner: true, syncLeaseUntil: true } });
  /** The Book's transactions on the connection's Accounts. */
  const inBook = async () =>
    (await new LocalBookGateway(db.prisma, client).listTransactions(acme, { limit: 100_000 })).filter(
      (t) => !t.trashed && [t.creditAccountId, t.debitAccountId].some((a) => a !== null && bookAccountIds.includes(a)),
    );
  const postingsWhere = () => ({ integration: { institutionAccount: { connectionId } } });

  beforeAll(async () => {
    world = await openSandboxWorld(backend, { workerId: `lease-${backend.name}` });
    ({ db, sp } = world);
    boss = await openSyncQueue(db);
    deps = world.deps;
    ({ client, acme } = world);
    const pub = await sp.plaidApi.sandboxPublicTokenCreate({
      institution_id: "ins_109508",
      initial_products: [Products.Transactions],
      options: { override_username: "user_good", transactions: { days_requested: 180 } },
    });
    const r = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: client, bookId: acme, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: "ins_109508" } });
    connectionId = r.connectionId;
    // Every account linked: a run that loses its lease after its first Book batch leaves the other integrations' Postings dirty.
    for (const account of await db.prisma.institutionAccount.findMany({ where: { connectionId }, orderBy: { providerAccountId: "asc" } })) {
      const link = await linkAccount(db.prisma, new LocalBookGateway(db.prisma, client), sp.plaid, {
        userId: client,
        bookId: acme,
        institutionAccountId: account.id,
        bookAccount: { create: { name: `${account.name} ${account.mask ?? account.id.slice(-4)} (lease)` } },
        periodStart: daysAgo(179),
      });
      bookAccountIds.push((await db.prisma.integration.findUniqueOrThrow({ where: { id: link.integrationId } })).bookAccountId);
    }
    expect(bookAccountIds.length).toBeGreaterThan(1);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false }).catch(() => undefined);
    await world?.close();
  });

  it("the heartbeat renews the lease on its own timer, past twice the lease's length, while nothing else happens", async () => {
    const acquiredAt = Date.now();
    expect(await acquireLease(db.prisma, connectionId, "alive", 3_000)).toBe(true);
    let beats = 0;
    const held = keepLease(db.prisma, connectionId, "alive", { leaseMs: 3_000, renewMs: 300, acquiredAt, beat: async () => void beats++ });
    await sleep(7_000);
    expect(() => held.check()).not.toThrow();
    expect(beats).toBeGreaterThanOrEqual(3);
    const lease = await leaseOf();
    expect(lease.syncLeaseOwner).toBe("alive");
    // Nobody else can take it while it is renewed.
    expect(await acquireLease(db.prisma, connectionId, "other", 3_000)).toBe(false);
    await held.stop();
    await releaseLease(db.prisma, connectionId, "alive");
  }, 30_000);

  it("a refused renewal, or none for a whole lease, makes check() throw; an expired lease is not renewed", async () => {
    expect(await acquireLease(db.prisma, connectionId, "first", 1_000)).toBe(true);
    const held = keepLease(db.prisma, connectionId, "first", { leaseMs: 1_000, renewMs: 200 });
    // Another worker takes the connection (as after a stall longer than the lease).
    await db.prisma.connection.update({ where: { id: connectionId }, data: { syncLeaseOwner: "second" } });
    await sleep(600);
    expect(held.lost).toBe(true);
    expect(() => held.check()).toThrow(LeaseLostError);
    await held.stop();
    // A lease that ran out is not renewed, even by its owner: another worker may have started.
    await db.prisma.connection.update({ where: { id: connectionId }, data: { syncLeaseOwner: "first", syncLeaseUntil: new Date(Date.now() - 60_000) } });
    await expect(renewLease(db.prisma, connectionId, "first", 1_000)).rejects.toThrow(LeaseLostError);
    // No renewal at all (the timer never got to run): lost once the lease's length has passed.
    const stalled = keepLease(db.prisma, connectionId, "first", { leaseMs: 300, renewMs: 60_000, acquiredAt: Date.now() });
    await sleep(400);
    expect(() => stalled.check()).toThrow(LeaseLostError);
    await stalled.stop();
    await db.prisma.connection.update({ where: { id: connectionId }, data: { syncLeaseOwner: null, syncLeaseUntil: null } });
  }, 30_000);

  it("a run whose lease is taken mid-backfill posts nothing further and closes as interrupted; the next run posts each transaction once", async () => {
    let calls = 0;
    // A Book whose first batch is slow: meanwhile another worker takes the lease (the heartbeat's renewal is refused).
    const stealing = (gateway: BookGateway): BookGateway =>
      new Proxy(gateway, {
        get(target, prop, receiver) {
          const value: unknown = Reflect.get(target, prop, receiver);
          if (prop !== "createTransactions" || typeof value !== "function") return value;
          return async (...args: unknown[]) => {
            const made: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            if (++calls === 1) {
              await db.prisma.connection.update({ where: { id: connectionId }, data: { syncLeaseOwner: "thief" } });
              await sleep(3_000);
            }
            return made;
          };
        },
      });
    try {
    const r = await syncConnection(db.prisma, { ...deps, gatewayFor: (u) => stealing(deps.gatewayFor(u)), leaseMs: 3_000, renewMs: 200 }, connectionId, { trigger: "manual" });
    expect(r.status).toBe("lost");
    // The first batch reached the Book; nothing after the refused renewal did.
    expect(calls).toBe(1);
    const first = (await inBook()).length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(200);
    const run = await db.prisma.syncRun.findFirstOrThrow({ where: { connectionId }, orderBy: { startedAt: "desc" } });
    expect(run).toMatchObject({ state: "FAILED", errorCode: "INTERRUPTED" });
    // The thief's lease is untouched by the run that lost it.
    expect((await leaseOf()).syncLeaseOwner).toBe("thief");
    expect(await db.prisma.posting.count({ where: { dirty: true, ...postingsWhere() } })).toBeGreaterThan(0);
    // Marks may lag the Book by the step in flight (a transfer pair stopped between its Book call and its mark): the next run finds it by remote id.
    expect(await db.prisma.posting.count({ where: { state: "POSTED", ...postingsWhere() } })).toBeLessThanOrEqual(first);

    await db.prisma.connection.update({ where: { id: connectionId }, data: { syncLeaseOwner: null, syncLeaseUntil: null } });
    const again = await syncConnection(db.prisma, deps, connectionId, { trigger: "retry" });
    expect(again.status).toBe("done");
    const txs = await inBook();
    const remoteIds = txs.flatMap((t) => t.remoteIds.filter((id) => id.startsWith("plaid:")));
    expect(new Set(remoteIds).size).toBe(remoteIds.length);
    const postings = await db.prisma.posting.findMany({ where: postingsWhere(), select: { state: true, dirty: true, bookTransactionId: true } });
    expect(postings.filter((p) => p.dirty)).toEqual([]);
    const posted = postings.filter((p) => p.state === "POSTED");
    // One Book transaction per Posting, or per pair of Postings where a transfer between two linked accounts became one.
    const made = new Set(posted.map((p) => p.bookTransactionId));
    expect(txs.length).toBe(made.size);
    expect(txs.every((t) => made.has(t.id))).toBe(true);
    expect(txs.length).toBeGreaterThan(first);
    } finally {
      await db.prisma.connection.update({ where: { id: connectionId }, data: { syncLeaseOwner: null, syncLeaseUntil: null } });
    }
  }, 120_000);

  it("a lease left behind by a worker killed before its run was recorded is cleared and the sync queued again", async () => {
    await boss.deleteQueuedJobs("sync-connection");
    expect(await acquireLease(db.prisma, connectionId, "killed-at-start", 60_000)).toBe(true);
    expect(await reapStaleRuns(boss, db.prisma)).toBe(0);
    await db.prisma.connection.update({ where: { id: connectionId }, data: { syncLeaseUntil: new Date(Date.now() - 1_000) } });
    const runs = await db.prisma.syncRun.count({ where: { connectionId, state: "RUNNING" } });
    expect(await reapStaleRuns(boss, db.prisma)).toBe(1);
    expect(await leaseOf()).toEqual({ syncLeaseOwner: null, syncLeaseUntil: null });
    expect(await db.prisma.syncRun.count({ where: { connectionId, state: "RUNNING" } })).toBe(runs);
    const queued = (await boss.findJobs("sync-connection", { data: { connectionId } })).filter((j) => j.state === "created" || j.state === "retry");
    expect(queued.length).toBe(1);
  }, 60_000);

  it("the reaper leaves a run whose lease still holds, closes it once the lease ran out, and the pages stop showing it at once", async () => {
    await boss.deleteQueuedJobs("sync-connection");
    const silentFor = (ms: number) => new Date(Date.now() - ms);
    const run = await db.prisma.syncRun.create({ data: { connectionId, trigger: "schedule", heartbeatAt: silentFor(RUN_ALIVE_MS + 2_000) } });
    // Shown as running only while its heartbeat is younger than a lease.
    const shown = async () => (await connectionSyncStates(db.prisma, client, acme, new Date(), [connectionId])).get(connectionId)?.running ?? null;
    expect(await shown()).toBeNull();
    await db.prisma.syncRun.update({ where: { id: run.id }, data: { heartbeatAt: silentFor(2_000) } });
    expect(await shown()).not.toBeNull();
    await db.prisma.syncRun.update({ where: { id: run.id }, data: { heartbeatAt: silentFor(RUN_ALIVE_MS + 2_000) } });

    // Its lease is still held (a stalled but live worker): not reaped.
    expect(await acquireLease(db.prisma, connectionId, "stalled", 60_000)).toBe(true);
    expect(await reapStaleRuns(boss, db.prisma)).toBe(0);
    expect((await db.prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } })).state).toBe("RUNNING");
    // The lease ran out: reaped, and the connection queued again.
    await db.prisma.connection.update({ where: { id: connectionId }, data: { syncLeaseUntil: silentFor(1_000) } });
    // The run and the dead holder's lease: both reaped.
    expect(await reapStaleRuns(boss, db.prisma)).toBe(2);
    expect(await leaseOf()).toEqual({ syncLeaseOwner: null, syncLeaseUntil: null });
    expect(await db.prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ state: "FAILED", errorCode: "INTERRUPTED" });
    const queued = (await boss.findJobs("sync-connection", { data: { connectionId } })).filter((j) => j.state === "created" || j.state === "retry");
    expect(queued.length).toBe(1);
  }, 60_000);
});
