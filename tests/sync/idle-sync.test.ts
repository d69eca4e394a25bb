/**
 * Issue 16, "Idle sync ≤ 5 statements": a sync of a connection where nothing changed at the bank
 * reads what is due in one statement, asks the bank once and writes once (lib/sync/claim.ts,
 * lib/sync/finish.ts). Counted through the real engine on PGlite and PostgreSQL with a client that
 * logs every statement (a transaction's BEGIN and COMMIT count as two), against the sandbox Plaid
 * through its official client and a local Book. Statement counts are deterministic; no time is
 * asserted here (the bench measures it: bench/sync-engine.bench.ts, section 3).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PgBoss } from "pg-boss";
import { daysAgo } from "@/lib/dates";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { openSecret } from "@/lib/connections/secret";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { linkAccount } from "@/lib/integrations/service";
import type { BankProvider } from "@/lib/providers/types";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import { acquireLease, releaseLease } from "@/lib/sync/lease";
import { openSyncQueue } from "@/lib/sync/queue";
import { runSyncJob } from "@/lib/sync/runner";
import type { SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { databaseBackends, type Backend } from "../helpers/databases";
import { connectPlaidLogin, openSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";
import { countingPrisma, type QueryCounter } from "../helpers/statement-counter";

const IDLE_STATEMENTS = 5;

/** The provider with every call counted by method name. */
function countingProvider(provider: BankProvider, calls: string[]): BankProvider {
  return new Proxy(provider, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]): unknown => {
        calls.push(String(prop));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

describe.each(databaseBackends())("an idle sync on $name", (backend: Backend) => {
  let world: SandboxWorld | undefined;
  let db: SandboxWorld["db"];
  let sp: SandboxHarness;
  let boss: PgBoss;
  let counted: { prisma: PrismaClient; queries: QueryCounter };
  let deps: EngineDeps;
  const calls: string[] = [];
  let connectionId = "";

  const connectionRow = () =>
    db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { lastSyncedAt: true, nextSyncAt: true, syncCursor: true, syncLeaseOwner: true, syncLeaseUntil: true, status: true } });
  const latestRun = () => db.prisma.syncRun.findFirstOrThrow({ where: { connectionId }, orderBy: { startedAt: "desc" } });
  const postings = () => db.prisma.posting.findMany({ where: { integration: { institutionAccount: { connectionId } } }, select: { id: true, state: true, dirty: true }, orderBy: { id: "asc" } });
  /** One sync through the counting client: its outcome, statements, statement texts and provider calls. */
  const counting = async <T,>(run: () => Promise<T>) => {
    counted.queries.reset();
    calls.length = 0;
    const outcome = await run();
    return { outcome, statements: counted.queries.statements, texts: [...counted.queries.texts], calls: [...calls] };
  };

  beforeAll(async () => {
    world = await openSandboxWorld(backend);
    ({ db, sp } = world);
    boss = await openSyncQueue(db);
    counted = countingPrisma(db, { keepText: true });
    const plaid = countingProvider(sp.plaid, calls);
    deps = { providerFor: () => plaid, gatewayFor: (u) => new LocalBookGateway(counted.prisma, u), workerId: `idle-${backend.name}` };
    const { client, acme } = world;
    connectionId = await connectPlaidLogin(world, "user_good", 60);
    const account = (await db.prisma.institutionAccount.findMany({ where: { connectionId }, orderBy: { providerAccountId: "asc" } }))[0]!;
    await linkAccount(db.prisma, new LocalBookGateway(db.prisma, client), sp.plaid, { userId: client, bookId: acme, institutionAccountId: account.id, bookAccount: { create: { name: "Idle checking" } }, periodStart: daysAgo(59) });
    // The history stored and posted: from here on the bank has nothing new.
    for (let i = 0; i < 2; i++) expect((await syncConnection(db.prisma, deps, connectionId, { trigger: "manual" })).status).toBe("done");
    expect((await postings()).filter((p) => p.dirty)).toEqual([]);
    expect((await postings()).length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false }).catch(() => undefined);
    await counted?.prisma.$disconnect();
    await world?.close();
  });

  it(`a scheduled sync that finds nothing new: at most ${IDLE_STATEMENTS} statements, one provider call, and what it writes stays true`, async () => {
    const before = await connectionRow();
    const postingsBefore = await postings();
    const runsBefore = await db.prisma.syncRun.count({ where: { connectionId } });
    const t0 = new Date();
    const r = await counting(() => syncConnection(counted.prisma, deps, connectionId, { trigger: "schedule" }));
    expect(r.outcome).toMatchObject({ status: "done", counts: { added: 0, modified: 0, removed: 0, posted: 0, pages: 0 }, postingsWaitUntil: null });
    expect(r.statements, r.texts.join("\n")).toBeLessThanOrEqual(IDLE_STATEMENTS);
    expect(r.calls).toEqual(["fetchTransactionsPage"]);

    const after = await connectionRow();
    // The bank was asked just now: "Last synced" says so; the lease is released; the next due time moved on.
    expect(after.lastSyncedAt!.getTime()).toBeGreaterThanOrEqual(t0.getTime() - 1);
    expect(after.lastSyncedAt!.getTime()).toBeGreaterThan(before.lastSyncedAt!.getTime());
    expect(after.nextSyncAt!.getTime()).toBeGreaterThan(t0.getTime() + 50 * 60_000);
    expect(after).toMatchObject({ syncLeaseOwner: null, syncLeaseUntil: null, syncCursor: before.syncCursor, status: "CONNECTED" });
    // One run recorded, as succeeded; the Postings as they were.
    expect(await db.prisma.syncRun.count({ where: { connectionId } })).toBe(runsBefore + 1);
    expect(await latestRun()).toMatchObject({ id: r.outcome.status === "done" ? r.outcome.runId : "", state: "SUCCEEDED", trigger: "schedule", worker: deps.workerId, added: 0, posted: 0, errorCode: null });
    expect((await latestRun()).finishedAt).not.toBeNull();
    expect(await postings()).toEqual(postingsBefore);
  });

  it(`Sync now re-reads the balances and writes them in the same finishing statement: still at most ${IDLE_STATEMENTS}`, async () => {
    await db.prisma.institutionAccount.updateMany({ where: { connectionId }, data: { balanceCurrent: "0.01" } });
    const t0 = new Date();
    const r = await counting(() => syncConnection(counted.prisma, deps, connectionId, { trigger: "manual" }));
    expect(r.outcome).toMatchObject({ status: "done", counts: { added: 0, modified: 0, removed: 0, posted: 0 } });
    expect(r.statements, r.texts.join("\n")).toBeLessThanOrEqual(IDLE_STATEMENTS);
    expect(r.calls).toEqual(["fetchTransactionsPage", "getAccounts"]);
    const bank = new Map((await sp.plaid.getAccounts(await secretOf())).map((a) => [a.providerAccountId, a]));
    for (const a of await db.prisma.institutionAccount.findMany({ where: { connectionId } })) {
      const said = bank.get(a.providerAccountId)!;
      expect(a.balanceCurrent === null ? null : Number(a.balanceCurrent)).toBe(said.balanceCurrent === null ? null : Number(said.balanceCurrent));
      // Dated as the bank dates it (the sandbox does), else when it was read.
      if (said.balanceAsOf) expect(a.balanceAt!.toISOString()).toBe(new Date(said.balanceAsOf).toISOString());
      else expect(a.balanceAt!.getTime()).toBeGreaterThanOrEqual(t0.getTime() - 1);
      expect(a.updatedAt.getTime()).toBeGreaterThanOrEqual(t0.getTime() - 1);
    }
  });

  it("a scheduled sync re-reads balances not read for longer than the refresh interval, in the same statements", async () => {
    await db.prisma.$executeRaw`UPDATE institution_accounts SET "updatedAt" = (now() AT TIME ZONE 'UTC') - interval '7 hours' WHERE "connectionId" = ${connectionId}`;
    const t0 = new Date();
    const r = await counting(() => syncConnection(counted.prisma, deps, connectionId, { trigger: "schedule" }));
    expect(r.statements, r.texts.join("\n")).toBeLessThanOrEqual(IDLE_STATEMENTS);
    expect(r.calls).toEqual(["fetchTransactionsPage", "getAccounts"]);
    for (const a of await db.prisma.institutionAccount.findMany({ where: { connectionId } })) expect(a.updatedAt.getTime()).toBeGreaterThanOrEqual(t0.getTime() - 1);
    // Read just now: the next scheduled sync asks the bank once.
    const next = await counting(() => syncConnection(counted.prisma, deps, connectionId, { trigger: "schedule" }));
    expect(next.calls).toEqual(["fetchTransactionsPage"]);
  });

  it(`through the worker's job runner: at most ${IDLE_STATEMENTS} statements (the waiting Postings are known from the claim)`, async () => {
    const r = await counting(() => runSyncJob(boss, counted.prisma, deps, { connectionId, trigger: "schedule" }));
    expect(r.outcome.status).toBe("done");
    expect(r.statements, r.texts.join("\n")).toBeLessThanOrEqual(IDLE_STATEMENTS);
  });

  it("an Error is cleared by an idle sync that reaches the bank, in its one write", async () => {
    await db.prisma.connection.update({ where: { id: connectionId }, data: { status: "ERROR", errorCode: "INSTITUTION_DOWN", errorMessage: "down" } });
    const r = await counting(() => syncConnection(counted.prisma, deps, connectionId, { trigger: "retry" }));
    expect(r.statements, r.texts.join("\n")).toBeLessThanOrEqual(IDLE_STATEMENTS);
    expect(await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } })).toMatchObject({ status: "CONNECTED", errorCode: null, errorMessage: null });
  });

  it("while another run holds the lease: one statement, busy, nothing written", async () => {
    expect(await acquireLease(db.prisma, connectionId, "someone-else", 60_000)).toBe(true);
    try {
      const runs = await db.prisma.syncRun.count({ where: { connectionId } });
      const r = await counting(() => syncConnection(counted.prisma, deps, connectionId, { trigger: "schedule" }));
      expect(r.outcome).toEqual({ status: "busy" });
      expect(r.statements).toBe(1);
      expect(r.calls).toEqual([]);
      expect(await db.prisma.syncRun.count({ where: { connectionId } })).toBe(runs);
      expect((await connectionRow()).syncLeaseOwner).toBe("someone-else");
    } finally {
      await releaseLease(db.prisma, connectionId, "someone-else");
    }
  });

  it("when the bank has something new the sync stores and posts it, and the next one is idle again", async () => {
    const before = (await postings()).length;
    await sp.plaidSandbox.advanceClock(5);
    const busy = await counting(() => syncConnection(counted.prisma, deps, connectionId, { trigger: "schedule" }));
    expect(busy.outcome.status).toBe("done");
    const counts = busy.outcome.status === "done" ? busy.outcome.counts : null;
    expect(counts!.added + counts!.modified + counts!.removed).toBeGreaterThan(0);
    expect(busy.statements).toBeGreaterThan(IDLE_STATEMENTS);
    expect((await postings()).length).toBeGreaterThan(before);
    expect((await postings()).filter((p) => p.dirty)).toEqual([]);
    const idle = await counting(() => syncConnection(counted.prisma, deps, connectionId, { trigger: "schedule" }));
    expect(idle.outcome).toMatchObject({ status: "done", counts: { added: 0, modified: 0, removed: 0, posted: 0 } });
    expect(idle.statements, idle.texts.join("\n")).toBeLessThanOrEqual(IDLE_STATEMENTS);
  });

  const secretOf = async () => {
    const c = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    return openSecret(c.id, c.secret!);
  };
});
