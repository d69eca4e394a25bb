/**
 * The sync queue on real pg-boss (in PGlite, and in PostgreSQL): triggers are deduplicated per
 * connection, a worker runs the job through the engine, a busy connection is retried, the
 * schedule queues what is due and the reaper revives an interrupted run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoDay } from "@/lib/dates";
import { Products } from "plaid";
import type { PgBoss } from "pg-boss";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { createConnectionFromLink } from "@/lib/connections/service";
import { linkAccount } from "@/lib/integrations/service";
import { periodStartFor } from "@/lib/integrations/rules";
import type { EngineDeps } from "@/lib/sync/engine";
import { acquireLease, releaseLease } from "@/lib/sync/lease";
import { enqueueSync, openSyncQueue, SYNC_QUEUE } from "@/lib/sync/queue";
import { enqueueDue, reapStaleRuns } from "@/lib/sync/schedule";
import { pullDueJobs } from "@/lib/sync/cron";
import { startWorker, type RunningWorker } from "@/lib/worker";
import { databaseBackends, type Backend } from "../helpers/databases";
import type { SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { openSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(databaseBackends())("sync queue (pg-boss) on $name", (backend: Backend) => {
  let world: SandboxWorld | undefined;
  let db: SandboxWorld["db"];
  let sp: SandboxHarness;
  let boss: PgBoss;
  let deps: EngineDeps;
  let connectionId = "";
  let integrationBookAccount = "";
  let acme = "";
  let client = "";

  beforeAll(async () => {
    world = await openSandboxWorld(backend, { workerId: `test-${backend.name}` });
    ({ db, sp } = world);
    boss = await openSyncQueue(db);
    deps = world.deps;
    ({ client, acme } = world);
    const pub = await sp.plaidApi.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions] });
    const r = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: client, bookId: acme, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: "ins_109508" } });
    connectionId = r.connectionId;
    const checking = await db.prisma.institutionAccount.findFirstOrThrow({ where: { connectionId, subtype: "checking" } });
    const link = await linkAccount(db.prisma, new LocalBookGateway(db.prisma, client), sp.plaid, {
      userId: client,
      bookId: acme,
      institutionAccountId: checking.id,
      bookAccount: { create: { name: "Checking (queue)" } },
      // "Today" is the sandbox bank's today: its history ends at its clock, not at the machine's date.
      periodStart: periodStartFor("last30", isoDay(sp.clock.now())),
    });
    integrationBookAccount = (await db.prisma.integration.findUniqueOrThrow({ where: { id: link.integrationId } })).bookAccountId;
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false }).catch(() => undefined);
    await world?.close();
  });

  const queued = async () => (await boss.findJobs(SYNC_QUEUE, { data: { connectionId } })).filter((j) => j.state === "created" || j.state === "retry");

  it("many triggers for one connection leave one job waiting", async () => {
    for (let i = 0; i < 5; i++) await enqueueSync(boss, db.prisma, connectionId, "webhook");
    await enqueueSync(boss, db.prisma, connectionId, "manual");
    expect((await queued()).length).toBe(1);
    // A retry waiting for later is brought forward by a trigger for now.
    await boss.deleteQueuedJobs(SYNC_QUEUE);
    await enqueueSync(boss, db.prisma, connectionId, "retry", { startAfterSeconds: 3600 });
    await enqueueSync(boss, db.prisma, connectionId, "webhook");
    const [job] = await queued();
    expect(job!.startAfter.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(job!.data).toMatchObject({ trigger: "webhook" });
  });

  let worker: RunningWorker;
  it("a worker runs it: the Book gets the drafts, the run is recorded with its trigger and counts", async () => {
    // The test runs the schedule and the reaper itself (below): the worker's own timers wait.
    worker = await startWorker(boss, db.prisma, deps, { intervalMinutes: 60, tickMs: 60_000, reapMs: 60_000 });
    const run = await until("a finished run", () => db.prisma.syncRun.findFirst({ where: { connectionId, state: "SUCCEEDED" } }));
    expect(run.trigger).toBe("webhook");
    expect(run.added).toBeGreaterThan(0);
    expect(run.posted).toBeGreaterThan(0);
    const txs = await new LocalBookGateway(db.prisma, client).listTransactions(acme, { accountId: integrationBookAccount });
    expect(txs.length).toBe(run.posted);
    const conn = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(conn.lastSyncedAt).not.toBeNull();
    expect(conn.nextSyncAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    // The lease is released right after the run is recorded.
    await until("the lease released", async () => (await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } })).syncLeaseOwner === null);
  }, 60_000);

  it("a connection held by another worker is not synced twice at once: the job comes back later", async () => {
    // (A retry of the first sync may still hold it for a moment on a loaded machine.)
    await until("the lease taken by someone else", () => acquireLease(db.prisma, connectionId, "someone-else", 60_000));
    const before = await db.prisma.syncRun.count({ where: { connectionId } });
    await enqueueSync(boss, db.prisma, connectionId, "manual");
    worker.wake();
    // The worker finds the lease taken, starts nothing and queues the sync again for later.
    await until("the job requeued for later", async () => (await queued()).some((j) => j.startAfter.getTime() > Date.now() + 5_000));
    expect(await db.prisma.syncRun.count({ where: { connectionId } })).toBe(before);
    await releaseLease(db.prisma, connectionId, "someone-else");
  }, 60_000);

  it("the schedule queues what is due; the reaper closes a run whose worker died and queues it again", async () => {
    await boss.deleteQueuedJobs(SYNC_QUEUE);
    await db.prisma.connection.update({ where: { id: connectionId }, data: { nextSyncAt: new Date(Date.now() - 1000) } });
    expect(await enqueueDue(boss, db.prisma, 60)).toBe(1);
    expect(await enqueueDue(boss, db.prisma, 60)).toBe(0); // not due again until its next time
    expect((await queued()).length).toBe(1);

    await boss.deleteQueuedJobs(SYNC_QUEUE);
    const dead = await db.prisma.syncRun.create({ data: { connectionId, trigger: "schedule", heartbeatAt: new Date(Date.now() - 10 * 60_000) } });
    expect(await reapStaleRuns(boss, db.prisma, 180)).toBe(1);
    expect(await db.prisma.syncRun.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({ state: "FAILED", errorCode: "INTERRUPTED" });
    expect((await queued()).length).toBe(1);
    await worker.stop();
  }, 60_000);

  it("the cron pull (serverless) runs the due jobs within its budget and completes them", async () => {
    await boss.deleteQueuedJobs(SYNC_QUEUE);
    await sp.plaidSandbox.advanceClock(5);
    await db.prisma.connection.update({ where: { id: connectionId }, data: { nextSyncAt: new Date(Date.now() - 1000) } });
    const before = (await new LocalBookGateway(db.prisma, client).listTransactions(acme, { accountId: integrationBookAccount })).length;
    const r = await pullDueJobs(boss, db.prisma, deps, { budgetMs: 30_000, intervalMinutes: 60 });
    expect(r).toMatchObject({ queued: 1, ran: 1, failed: 0, left: false });
    const run = await db.prisma.syncRun.findFirstOrThrow({ where: { connectionId }, orderBy: { startedAt: "desc" } });
    expect(run).toMatchObject({ trigger: "schedule", state: "SUCCEEDED" });
    expect((await new LocalBookGateway(db.prisma, client).listTransactions(acme, { accountId: integrationBookAccount })).length).toBe(before + run.posted);
    expect(run.posted).toBeGreaterThan(0);
    expect((await queued()).length).toBe(0);
  }, 60_000);
});
