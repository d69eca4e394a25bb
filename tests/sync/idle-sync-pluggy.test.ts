/**
 * Issue 16, "Idle sync ≤ 5 statements", for Pluggy: a Pluggy sync asks the item's state, its
 * accounts and the last 30 days of transactions (Pluggy has no changes feed, lib/sync/engine.ts
 * reconcile). When none of that differs from what is stored it writes nothing but its finishing
 * statement: the consent and new accounts are compared with what the claim read, and the re-read
 * with the stored rows in one read (lib/sync/store.ts reconcileWouldChange). Through the real
 * engine and the sandbox Pluggy's official client on PGlite and PostgreSQL; a change the re-read
 * must find (a transaction the bank no longer lists, a description the bank words otherwise) is
 * still stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daysAgo } from "@/lib/dates";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { createConnectionFromLink } from "@/lib/connections/service";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { linkAccount } from "@/lib/integrations/service";
import { createPluggyClient } from "@/lib/providers/pluggy/client";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import { databaseBackends, type Backend } from "../helpers/databases";
import { openSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";
import { countingPrisma, type QueryCounter } from "../helpers/statement-counter";

const IDLE_STATEMENTS = 5;

describe.each(databaseBackends())("an idle Pluggy sync on $name", (backend: Backend) => {
  let world: SandboxWorld | undefined;
  let db: SandboxWorld["db"];
  let counted: { prisma: PrismaClient; queries: QueryCounter };
  let deps: EngineDeps;
  let connectionId = "";
  let itemId = "";

  const counting = async (trigger: "schedule" | "manual") => {
    counted.queries.reset();
    const outcome = await syncConnection(counted.prisma, deps, connectionId, { trigger });
    return { outcome, statements: counted.queries.statements, texts: [...counted.queries.texts] };
  };
  const stored = () =>
    db.prisma.bankTransaction.findMany({ where: { connectionId }, select: { providerTransactionId: true, description: true, removed: true, updatedAt: true }, orderBy: { providerTransactionId: "asc" } });

  beforeAll(async () => {
    world = await openSandboxWorld(backend);
    ({ db } = world);
    const { sp, client, acme } = world;
    counted = countingPrisma(db, { keepText: true });
    deps = { ...world.deps, gatewayFor: (u) => new LocalBookGateway(counted.prisma, u), workerId: `idle-pluggy-${backend.name}` };
    const pluggy = createPluggyClient({ baseUrl: `${sp.server.url}/pluggy`, clientId: "test", clientSecret: "test" });
    // The sandbox bank's clock brought to today: the re-read's last 30 days (by the real clock) hold transactions.
    const behind = Math.ceil((Date.now() - Date.parse(await sp.pluggySandbox.control.advanceClock(0))) / 86_400_000);
    if (behind > 0) await sp.pluggySandbox.control.advanceClock(behind);
    const item = await pluggy.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: client });
    itemId = item.id;
    for (let i = 0; i < 50 && (await pluggy.fetchItem(item.id)).status === "UPDATING"; i++) await new Promise((res) => setTimeout(res, 30));
    connectionId = (await createConnectionFromLink(db.prisma, sp.pluggy, { ownerId: client, bookId: acme, country: "BR", result: { provider: "PLUGGY", itemId: item.id } })).connectionId;
    const account = (await db.prisma.institutionAccount.findMany({ where: { connectionId }, orderBy: { providerAccountId: "asc" } }))[0]!;
    await linkAccount(db.prisma, new LocalBookGateway(db.prisma, client), sp.pluggy, { userId: client, bookId: acme, institutionAccountId: account.id, bookAccount: { create: { name: "Idle conta" } }, periodStart: daysAgo(60) });
    // The history stored and posted, the consent recorded: from here on the bank has nothing new.
    for (let i = 0; i < 2; i++) expect((await syncConnection(db.prisma, deps, connectionId, { trigger: "manual" })).status).toBe("done");
    expect(await db.prisma.posting.count({ where: { integration: { institutionAccountId: account.id }, dirty: true } })).toBe(0);
  });
  afterAll(async () => {
    await counted?.prisma.$disconnect();
    await world?.close();
  });

  it(`a scheduled sync that finds nothing new: at most ${IDLE_STATEMENTS} statements, nothing rewritten, one run recorded`, async () => {
    const before = await stored();
    expect(before.length).toBeGreaterThan(0);
    const runs = await db.prisma.syncRun.count({ where: { connectionId } });
    const r = await counting("schedule");
    expect(r.outcome).toMatchObject({ status: "done", counts: { added: 0, modified: 0, removed: 0, posted: 0 } });
    expect(r.statements, r.texts.join("\n")).toBeLessThanOrEqual(IDLE_STATEMENTS);
    expect(await stored()).toEqual(before);
    expect(await db.prisma.syncRun.count({ where: { connectionId } })).toBe(runs + 1);
    expect(await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { syncLeaseOwner: true, status: true } })).toEqual({ syncLeaseOwner: null, status: "CONNECTED" });
  });

  it("a stored transaction the bank no longer lists is still removed by the re-read", async () => {
    const account = (await db.prisma.institutionAccount.findFirstOrThrow({ where: { connectionId }, orderBy: { providerAccountId: "asc" } })).id;
    const ghost = `ghost-${newId()}`;
    await db.prisma.bankTransaction.create({
      data: { connectionId, institutionAccountId: account, providerTransactionId: ghost, date: new Date(`${daysAgo(3)}T00:00:00Z`), amount: "12.34", direction: "out", currency: "BRL", description: "NOT AT THE BANK", pending: false },
    });
    const r = await counting("schedule");
    expect(r.outcome).toMatchObject({ status: "done", counts: { removed: 1 } });
    expect((await db.prisma.bankTransaction.findFirstOrThrow({ where: { connectionId, providerTransactionId: ghost } })).removed).toBe(true);
    // And idle again.
    expect((await counting("schedule")).statements).toBeLessThanOrEqual(IDLE_STATEMENTS);
  });

  it("a description the bank words otherwise than stored is written back by the re-read", async () => {
    const recent = await db.prisma.bankTransaction.findFirstOrThrow({ where: { connectionId, removed: false, date: { gte: new Date(`${daysAgo(20)}T00:00:00Z`) } }, orderBy: { date: "desc" } });
    await db.prisma.bankTransaction.update({ where: { id: recent.id }, data: { description: "CHANGED HERE ONLY" } });
    const r = await counting("schedule");
    expect(r.outcome).toMatchObject({ status: "done", counts: { modified: 1 } });
    expect((await db.prisma.bankTransaction.findUniqueOrThrow({ where: { id: recent.id } })).description).toBe(recent.description);
  });

  it("a consent the bank dates anew is recorded; the same date again is not written", async () => {
    const writesConsent = (texts: string[]) => texts.some((t) => /^UPDATE/.test(t.trim()) && /"consentExpiresAt" = /.test(t));
    const expires = new Date(Date.now() + 20 * 86_400_000);
    await world!.sp.pluggySandbox.control.setConsent(itemId, { expiresAt: expires.toISOString() });
    const r = await counting("schedule");
    expect(writesConsent(r.texts)).toBe(true);
    expect((await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } })).consentExpiresAt?.toISOString()).toBe(expires.toISOString());
    const again = await counting("schedule");
    expect(writesConsent(again.texts)).toBe(false);
    expect(again.statements, again.texts.join("\n")).toBeLessThanOrEqual(IDLE_STATEMENTS);
  });
});
