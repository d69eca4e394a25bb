/**
 * Issue 16, workers scale out: a connection's first sync — the one every Save of a fresh connection
 * starts, and the workers drill runs 200 of — stores the history, posts it and settles the
 * integration in a bounded number of statements (52 before: the integration settled before its
 * history was read, three ORM reads per poster round for the integrations, one balance UPDATE per
 * account, eight statements per settled integration). Counted through the real engine on PGlite and
 * PostgreSQL against the sandbox Plaid's official client and a local Book; what the sync writes
 * (the Book, the integration's count and status, every account's balance) is checked against the
 * bank, so a cheaper sync that wrote less would fail here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daysAgo } from "@/lib/dates";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { openSecret } from "@/lib/connections/secret";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { linkAccount } from "@/lib/integrations/service";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import { settleIntegrations } from "@/lib/sync/settle";
import { databaseBackends, type Backend } from "../helpers/databases";
import { connectPlaidLogin, openSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";
import { countingPrisma, type QueryCounter } from "../helpers/statement-counter";

/**
 * 21 seen for one poster round (up to 100 to post; 29 before a local Book's first-attempt batch
 * became one statement, 24 before transfer pairing took the round's first group as just read); each
 * further round (of up to 1,000) adds at most 15.
 */
const ONE_ROUND_STATEMENTS = 21;
const PER_ROUND = 15;

describe.each(databaseBackends())("a fresh connection's first sync on $name", (backend: Backend) => {
  let world: SandboxWorld | undefined;
  let db: SandboxWorld["db"];
  let counted: { prisma: PrismaClient; queries: QueryCounter };
  let deps: EngineDeps;
  let connectionId = "";
  let integrationId = "";
  let accessToken = "";

  beforeAll(async () => {
    world = await openSandboxWorld(backend);
    ({ db } = world);
    const { sp, client, acme } = world;
    counted = countingPrisma(db, { keepText: true });
    deps = { ...world.deps, gatewayFor: (u) => new LocalBookGateway(counted.prisma, u), workerId: `first-sync-${backend.name}` };
    connectionId = await connectPlaidLogin(world, "first_sync", 90);
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    accessToken = openSecret(connectionId, row.secret!);
    const account = (await db.prisma.institutionAccount.findMany({ where: { connectionId }, orderBy: { providerAccountId: "asc" } }))[0]!;
    integrationId = (await linkAccount(db.prisma, new LocalBookGateway(db.prisma, client), sp.plaid, { userId: client, bookId: acme, institutionAccountId: account.id, bookAccount: { create: { name: "First sync checking" } }, periodStart: daysAgo(89) })).integrationId;
    expect((await db.prisma.integration.findUniqueOrThrow({ where: { id: integrationId } })).status).toBe("SYNCING");
  });
  afterAll(async () => {
    await counted?.prisma.$disconnect();
    await world?.close();
  });

  it(`stores, posts and settles in at most ${ONE_ROUND_STATEMENTS} statements for one poster round, and the Book, the integration and every balance agree with the bank`, async () => {
    counted.queries.reset();
    const outcome = await syncConnection(counted.prisma, deps, connectionId, { trigger: "manual" });
    const statements = counted.queries.statements;
    const texts = counted.queries.texts.join("\n");
    expect(outcome.status).toBe("done");
    if (outcome.status !== "done") return;
    expect(outcome.counts.added).toBeGreaterThan(0);
    expect(outcome.counts.posted).toBeGreaterThan(0);
    const rounds = 1 + Math.ceil(Math.max(0, outcome.counts.posted - 100) / 1000);
    expect(statements, texts).toBeLessThanOrEqual(ONE_ROUND_STATEMENTS + PER_ROUND * (rounds - 1));
    // Never settled before its history was in: no integration statement precedes the store.
    const firstStore = counted.queries.texts.findIndex((t) => t.startsWith("INSERT INTO bank_transactions"));
    expect(firstStore).toBeGreaterThan(0);
    // (The claim, statement 0, reads whether integrations are unsettled; nothing after it looks at them before the store.)
    expect(counted.queries.texts[0]).toMatch(/^WITH c AS \( UPDATE connections SET "syncLeaseOwner"/);
    expect(counted.queries.texts.slice(1, firstStore).filter((t) => /integrations|postings/.test(t)), texts).toEqual([]);

    // The integration says what its Postings say.
    const postings = await db.prisma.posting.findMany({ where: { integrationId }, select: { state: true, dirty: true, postedAt: true, bookTransactionId: true } });
    const posted = postings.filter((p) => p.state === "POSTED");
    expect(postings.filter((p) => p.dirty)).toEqual([]);
    expect(posted.length).toBe(outcome.counts.posted);
    const integration = await db.prisma.integration.findUniqueOrThrow({ where: { id: integrationId } });
    expect(integration).toMatchObject({ status: "ACTIVE", errorMessage: null, postedCount: posted.length });
    expect(integration.lastPostedAt?.getTime()).toBe(Math.max(...posted.map((p) => p.postedAt!.getTime())));
    // The Book holds each posted transaction once.
    const ids = posted.map((p) => p.bookTransactionId!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await db.prisma.ledgerTransaction.count({ where: { id: { in: ids }, trashed: false } })).toBe(ids.length);

    // Every account's balance as the bank reports it, recorded in one statement.
    const bank = (await world!.sp.plaidApi.accountsGet({ access_token: accessToken })).data.accounts;
    const stored = await db.prisma.institutionAccount.findMany({ where: { connectionId }, select: { providerAccountId: true, balanceCurrent: true, balanceAt: true } });
    expect(stored.length).toBe(bank.length);
    for (const a of bank) {
      const s = stored.find((x) => x.providerAccountId === a.account_id)!;
      expect(s.balanceCurrent === null ? null : Number(s.balanceCurrent), a.account_id).toBe(a.balances.current ?? null);
      expect(s.balanceAt).not.toBeNull();
    }
    expect(counted.queries.texts.filter((t) => t.startsWith("UPDATE institution_accounts")).length).toBeLessThanOrEqual(1);
  });

  it("settling an integration whose Postings did not change reads once and writes nothing", async () => {
    const before = await db.prisma.integration.findUniqueOrThrow({ where: { id: integrationId } });
    counted.queries.reset();
    const remaining = await settleIntegrations(counted.prisma, deps.gatewayFor, connectionId, new Set([integrationId]), true);
    expect(remaining).toBe(0);
    expect(counted.queries.statements, counted.queries.texts.join("\n")).toBe(1);
    expect(await db.prisma.integration.findUniqueOrThrow({ where: { id: integrationId } })).toEqual(before);
  });

  it("settling writes what changed: a Posting made dirty with an error puts the integration in Error, and its repair back to Active", async () => {
    const one = await db.prisma.posting.findFirstOrThrow({ where: { integrationId, state: "POSTED" } });
    await db.prisma.posting.update({ where: { id: one.id }, data: { dirty: true, lastError: "the Book refused it", nextAttemptAt: new Date(Date.now() + 3_600_000) } });
    expect(await settleIntegrations(db.prisma, deps.gatewayFor, connectionId, new Set(), false)).toBe(1);
    // Not touched and still ACTIVE: nothing to settle yet.
    expect((await db.prisma.integration.findUniqueOrThrow({ where: { id: integrationId } })).status).toBe("ACTIVE");
    expect(await settleIntegrations(db.prisma, deps.gatewayFor, connectionId, new Set([integrationId]), false)).toBe(1);
    expect(await db.prisma.integration.findUniqueOrThrow({ where: { id: integrationId } })).toMatchObject({ status: "ERROR", errorMessage: "the Book refused it" });
    await db.prisma.posting.update({ where: { id: one.id }, data: { dirty: false, lastError: null } });
    // In Error, it is settled without being touched.
    expect(await settleIntegrations(db.prisma, deps.gatewayFor, connectionId, new Set(), false)).toBe(0);
    expect(await db.prisma.integration.findUniqueOrThrow({ where: { id: integrationId } })).toMatchObject({ status: "ACTIVE", errorMessage: null });
  });
});
