/**
 * The pages' remembered balance verification (lib/integrations/verification/cache.ts): a page
 * view with nothing changed reuses the stored result; after any change to what verification reads
 * — a bank transaction, the bank's balance, a Book transaction edited even by a raw UPDATE that
 * leaves updatedAt alone, trashed, its remote ids, the period, time making the balance stale — the
 * page shows exactly what a fresh verification says. On PGlite and PostgreSQL, through the sandbox
 * Plaid and the real sync.
 */
import { Products } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BookGateway } from "@/lib/books/gateway";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { createConnectionFromLink } from "@/lib/connections/service";
import { daysAgo } from "@/lib/dates";
import { pageVerifications } from "@/lib/integrations/verification/cache";
import { verifyIntegrations } from "@/lib/integrations/verification/load";
import { linkAccount } from "@/lib/integrations/service";
import { syncConnection } from "@/lib/sync/engine";
import { databaseBackends, type Backend } from "../helpers/databases";
import { openSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";

const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x))) as unknown;

describe.each(databaseBackends())("remembered balance verification on $name", (backend: Backend) => {
  let world: SandboxWorld | undefined;
  let w: SandboxWorld;
  let gateway: BookGateway;
  const ids: string[] = [];
  let connectionId = "";
  let now = new Date();

  beforeAll(async () => {
    world = await openSandboxWorld(backend);
    w = world;
    const { db, sp, client, acme, deps } = w;
    gateway = new LocalBookGateway(db.prisma, client);
    const pub = await sp.plaidApi.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions], options: { override_username: "user_good", transactions: { days_requested: 120 } } });
    const r = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: client, bookId: acme, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: "ins_109508" } });
    connectionId = r.connectionId;
    const accounts = await db.prisma.institutionAccount.findMany({ where: { connectionId }, orderBy: { providerAccountId: "asc" } });
    for (const a of accounts.slice(0, 2)) {
      const l = await linkAccount(db.prisma, gateway, sp.plaid, { userId: client, bookId: acme, institutionAccountId: a.id, bookAccount: { create: { name: `Cache ${a.name} ${a.mask ?? a.id.slice(-4)}` } }, periodStart: daysAgo(100), openingBalance: true });
      ids.push(l.integrationId);
    }
    for (let i = 0; i < 2; i++) expect((await syncConnection(db.prisma, deps, connectionId, { trigger: "manual" })).status).toBe("done");
    // Both balances read at one moment (the sandbox dates a card's balance apart from a checking account's), an hour before "now".
    const linked = accounts.slice(0, 2).map((a) => a.id);
    const read = await db.prisma.institutionAccount.findMany({ where: { id: { in: linked } }, select: { balanceAt: true } });
    const balanceAt = new Date(Math.max(...read.map((a) => a.balanceAt!.getTime())));
    await db.prisma.institutionAccount.updateMany({ where: { id: { in: linked } }, data: { balanceAt } });
    now = new Date(balanceAt.getTime() + 3_600_000);
  });
  afterAll(async () => {
    await world?.close();
  });

  const fresh = async (at = now) => {
    const m = await verifyIntegrations(w.db.prisma, gateway, ids, at);
    return json(Object.fromEntries([...m].map(([id, r]) => [id, { verification: r.verification, fractionDigits: r.fractionDigits }])));
  };
  const page = async (at = now) => json(Object.fromEntries(await pageVerifications(w.db.prisma, gateway, ids, at)));
  const computedAt = async () => Object.fromEntries((await w.db.prisma.integrationVerification.findMany({ where: { integrationId: { in: ids } } })).map((r) => [r.integrationId, r.computedAt.getTime()]));
  const bookAccountOf = async (id: string) => (await w.db.prisma.integration.findUniqueOrThrow({ where: { id } })).bookAccountId;
  const ledgerOf = async (id: string) => w.db.prisma.ledgerTransaction.findMany({ where: { trashed: false, OR: [{ debitAccountId: await bookAccountOf(id) }, { creditAccountId: await bookAccountOf(id) }] }, orderBy: { date: "asc" } });

  /** The page's answer equals a fresh verification, and it was recomputed for `changed` only. */
  async function expectRecomputed(changed: string[], at = now) {
    const before = await computedAt();
    const later = new Date(at.getTime() + 1_000 + Math.floor(Math.random() * 1_000));
    expect(await page(later)).toEqual(await fresh(later));
    const after = await computedAt();
    for (const id of ids) {
      if (changed.includes(id)) expect(after[id], `recomputed ${ids.indexOf(id)} of ${changed.length}`).not.toBe(before[id]);
      else expect(after[id], `reused ${id}`).toBe(before[id]);
    }
    return later;
  }

  it("computes once, then reuses the result while nothing changed", async () => {
    expect(await page()).toEqual(await fresh());
    const first = await computedAt();
    expect(Object.keys(first).sort()).toEqual([...ids].sort());
    expect(await page(new Date(now.getTime() + 60_000))).toEqual(await fresh(new Date(now.getTime() + 60_000)));
    expect(await computedAt()).toEqual(first);
  });

  it("recomputes after a bank transaction is removed, or the bank's balance changes", async () => {
    const ia = (await w.db.prisma.integration.findUniqueOrThrow({ where: { id: ids[0]! } })).institutionAccountId;
    const t = await w.db.prisma.bankTransaction.findFirstOrThrow({ where: { institutionAccountId: ia, pending: false, removed: false }, orderBy: { date: "desc" } });
    await w.db.prisma.bankTransaction.update({ where: { id: t.id }, data: { removed: true } });
    await expectRecomputed([ids[0]!]);
    await w.db.prisma.institutionAccount.update({ where: { id: ia }, data: { balanceCurrent: { increment: 1 } } });
    await expectRecomputed([ids[0]!]);
  });

  it("recomputes after a Book transaction is edited by a raw UPDATE (updatedAt untouched), trashed, or loses a remote id", async () => {
    const [a, b] = [ids[0]!, ids[1]!];
    const tx = (await ledgerOf(b))[0]!;
    await w.db.prisma.$executeRaw`UPDATE ledger_transactions SET amount = amount + 1 WHERE id = ${tx.id}`;
    await expectRecomputed([b]);
    const other = (await ledgerOf(b)).at(-1)!;
    await gateway.trashTransactions(w.acme, [other.id]);
    await expectRecomputed([b]);
    const withRemote = (await ledgerOf(a)).find(Boolean)!;
    await w.db.prisma.$executeRaw`DELETE FROM ledger_remote_ids WHERE "transactionId" = ${withRemote.id}`;
    await expectRecomputed([a]);
  });

  it("recomputes when the period changes, and when time makes the bank's balance too old", async () => {
    await w.db.prisma.integration.update({ where: { id: ids[1]! }, data: { periodStart: new Date(`${daysAgo(90)}T00:00:00Z`) } });
    await expectRecomputed([ids[1]!]);
    const later = new Date(now.getTime() + 49 * 3_600_000);
    await expectRecomputed(ids, later);
    expect(Object.values((await page(later)) as Record<string, { verification: { state: string } }>).map((v) => v.verification.state)).toEqual(["stale", "stale"]);
  });

  it("a gateway without fingerprints (a Bkper Book) is verified every time and remembers nothing", async () => {
    await w.db.prisma.integrationVerification.deleteMany({});
    const plain = new Proxy(gateway, { get: (t, p) => (p === "transactionsFingerprints" ? undefined : (Reflect.get(t, p, t) as unknown)) }) as BookGateway;
    const m = await pageVerifications(w.db.prisma, plain, ids, now);
    expect(json(Object.fromEntries(m))).toEqual(await fresh());
    expect(await w.db.prisma.integrationVerification.count()).toBe(0);
  });
});
