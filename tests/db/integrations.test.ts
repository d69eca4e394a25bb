import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { today } from "@/lib/dates";
import { Products } from "plaid";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { createConnectionFromLink } from "@/lib/connections/service";
import { openSecret } from "@/lib/connections/secret";
import { seedDemoData } from "@/lib/db/seed";
import { changePeriod, linkAccount, removeIntegration } from "@/lib/integrations/service";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import { periodStartFor } from "@/lib/integrations/rules";
import { listInstitutions } from "@bank-connections/sandbox/data";
import { sandboxEngineDeps } from "../helpers/engine";
import { databaseBackends, type Backend } from "../helpers/databases";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { useEmbeddedSecrets } from "../helpers/secrets";


describe.each(databaseBackends())("Book Integrations (backfill through the official Plaid client) on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let sp: SandboxHarness;
  let ids: { client: string; bookkeeper: string; acme: string; practice: string; connection: string; checking: string; card: string; providerChecking: string };
  let accessToken = "";
  let gateway: LocalBookGateway;

  /** What the Book must hold for the checking account from `start`: the sandbox's posted transactions. */
  async function expected(start: string) {
    const truth = await sp.plaidSandbox.groundTruth(accessToken);
    return (truth[ids.providerChecking] ?? []).filter((t) => !t.pending && t.date >= start).map((t) => ({
      remoteId: `plaid:${t.id}`,
      date: t.date,
      amount: Math.abs(t.amount).toFixed(2),
      side: t.amount > 0 ? "credit" : "debit",
    }));
  }
  async function inBook(bookAccountId: string) {
    const txs = await gateway.listTransactions(ids.acme, { accountId: bookAccountId, limit: 100_000 });
    // A posted transaction carries its own id first (properties) and the pending one it replaced.
    return txs.map((t) => ({
      remoteId: `plaid:${t.properties.bank_transaction_id}`,
      ids: t.remoteIds,
      date: t.date,
      amount: t.amount,
      side: t.creditAccountId === bookAccountId ? "credit" : "debit",
      other: t.creditAccountId === bookAccountId ? t.debitAccountId : t.creditAccountId,
    }));
  }
  const sync = async () => {
    const deps: EngineDeps = sandboxEngineDeps(db.prisma, sp);
    const r = await syncConnection(db.prisma, deps, ids.connection, { trigger: "link" });
    if (r.status !== "done") throw new Error(`sync ${r.status}: ${JSON.stringify(r)}`);
    return r.counts;
  };
  const sortByRemote = <T extends { remoteId: string }>(xs: T[]) => [...xs].sort((a, b) => a.remoteId.localeCompare(b.remoteId));

  beforeAll(async () => {
    useEmbeddedSecrets();
    db = await backend.open();
    await seedDemoData(db.prisma);
    sp = await startSandboxHarness();
    const user = (email: string) => db.prisma.user.findUniqueOrThrow({ where: { email } }).then((u) => u.id);
    const bank = listInstitutions("US")[0]!;
    const client = await user("client@example.com");
    const acme = (await db.prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    const pub = await sp.plaidApi.sandboxPublicTokenCreate({ institution_id: bank.institutionId, initial_products: [Products.Transactions] });
    const r = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: client, bookId: acme, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: bank.institutionId } });
    const conn = await db.prisma.connection.findUniqueOrThrow({ where: { id: r.connectionId }, include: { accounts: true } });
    accessToken = openSecret(conn.id, conn.secret!);
    const checking = conn.accounts.find((a) => a.type === "depository" && a.subtype === "checking")!;
    const card = conn.accounts.find((a) => a.type === "credit")!;
    ids = {
      client,
      bookkeeper: await user("bookkeeper@example.com"),
      acme,
      practice: (await db.prisma.book.findFirstOrThrow({ where: { name: "Bookkeeping Practice" } })).id,
      connection: conn.id,
      checking: checking.id,
      card: card.id,
      providerChecking: checking.providerAccountId,
    };
    gateway = new LocalBookGateway(db.prisma, ids.bookkeeper);
  });
  afterAll(async () => {
    await sp?.close();
    await db?.close();
  });

  let integrationId = "";
  let bookAccountId = "";

  it("the bookkeeper links the client's shared checking account to a new ASSET Account with Last 90 days: each transaction of the window exactly once", async () => {
    const start = periodStartFor("last90", today());
    const r = await linkAccount(db.prisma, gateway, sp.plaid, { userId: ids.bookkeeper, bookId: ids.acme, institutionAccountId: ids.checking, bookAccount: { create: { name: "Checking 0000" } }, periodStart: start });
    integrationId = r.integrationId;
    bookAccountId = (await db.prisma.integration.findUniqueOrThrow({ where: { id: integrationId } })).bookAccountId;
    expect((await gateway.listAccounts(ids.acme)).find((a) => a.id === bookAccountId)).toMatchObject({ name: "Checking 0000", type: "ASSET" });
    const result = await sync();
    const want = await expected(start);
    expect(want.length).toBeGreaterThan(10);
    const got = await inBook(bookAccountId);
    expect(sortByRemote(got.map(({ remoteId, date, amount, side }) => ({ remoteId, date, amount, side })))).toEqual(sortByRemote(want));
    expect(got.every((t) => t.other === null)).toBe(true); // the other side is left for the bookkeeper
    expect(got.every((t) => t.ids.includes(t.remoteId))).toBe(true);
    expect(result.posted).toBe(want.length);
    expect(await db.prisma.integration.findUniqueOrThrow({ where: { id: integrationId } })).toMatchObject({ status: "ACTIVE", postedCount: want.length });
    expect(await db.prisma.auditEvent.count({ where: { action: "integration.link", actorId: ids.bookkeeper } })).toBe(1);
  });

  it("Save Configuration with Last 12 months adds exactly the older transactions; saving again adds nothing", async () => {
    const before = await inBook(bookAccountId);
    const start = periodStartFor("last12m", today());
    await changePeriod(db.prisma, sp.plaid, { userId: ids.bookkeeper, bookId: ids.acme, integrationId, periodStart: start });
    await sync();
    const after = await inBook(bookAccountId);
    const want = await expected(start);
    expect(sortByRemote(after.map(({ remoteId, date, amount, side }) => ({ remoteId, date, amount, side })))).toEqual(sortByRemote(want));
    const added = after.filter((t) => !before.some((b) => b.remoteId === t.remoteId));
    expect(added.length).toBe(want.length - before.length);
    expect(added.every((t) => t.date < periodStartFor("last90", today()))).toBe(true);
    await sync();
    expect((await inBook(bookAccountId)).length).toBe(after.length);
  });

  it("refuses an unfitting Account type, a second link, a future or too-old period, a taken name, and strangers' accounts", async () => {
    const cash = (await gateway.listAccounts(ids.acme)).find((a) => a.name === "Cash")!;
    const start = periodStartFor("last30", today());
    await expect(linkAccount(db.prisma, gateway, sp.plaid, { userId: ids.bookkeeper, bookId: ids.acme, institutionAccountId: ids.card, bookAccount: { id: cash.id }, periodStart: start })).rejects.toThrow(/must go to a Liability Account; .* is Asset\./);
    await expect(linkAccount(db.prisma, gateway, sp.plaid, { userId: ids.bookkeeper, bookId: ids.acme, institutionAccountId: ids.checking, bookAccount: { id: cash.id }, periodStart: start })).rejects.toThrow(/already linked/);
    await expect(linkAccount(db.prisma, gateway, sp.plaid, { userId: ids.bookkeeper, bookId: ids.acme, institutionAccountId: ids.card, bookAccount: { create: { name: "Card" } }, periodStart: "2999-01-01" })).rejects.toThrow(/future/);
    await expect(linkAccount(db.prisma, gateway, sp.plaid, { userId: ids.bookkeeper, bookId: ids.acme, institutionAccountId: ids.card, bookAccount: { create: { name: "Card" } }, periodStart: "2020-01-01" })).rejects.toThrow(/at most 730 days/);
    await expect(linkAccount(db.prisma, gateway, sp.plaid, { userId: ids.bookkeeper, bookId: ids.acme, institutionAccountId: ids.card, bookAccount: { create: { name: "credit card" } }, periodStart: start })).rejects.toThrow(/already exists/);
    // The connection is not shared with the bookkeeper's own Book.
    await expect(linkAccount(db.prisma, new LocalBookGateway(db.prisma, ids.bookkeeper), sp.plaid, { userId: ids.bookkeeper, bookId: ids.practice, institutionAccountId: ids.card, bookAccount: { create: { name: "Card" } }, periodStart: start })).rejects.toThrow(/not shared with this Book/);
    expect(await db.prisma.integration.count()).toBe(1);
    expect((await gateway.listAccounts(ids.acme)).some((a) => a.name === "Card")).toBe(false);
  });

  it("an opening balance at the period start makes the card's Account end at what the bank says is owed, and moves with the period", async () => {
    const start = periodStartFor("last90", today());
    const r = await linkAccount(db.prisma, gateway, sp.plaid, { userId: ids.bookkeeper, bookId: ids.acme, institutionAccountId: ids.card, bookAccount: { create: { name: "Card 1111" } }, periodStart: start, openingBalance: true });
    await sync();
    const integ = await db.prisma.integration.findUniqueOrThrow({ where: { id: r.integrationId }, include: { institutionAccount: true } });
    const owed = async () => {
      const txs = await gateway.listTransactions(ids.acme, { accountId: integ.bookAccountId, limit: 100_000 });
      let cents = 0;
      for (const t of txs) cents += (t.creditAccountId === integ.bookAccountId ? 1 : -1) * Math.round(Number(t.amount) * 100);
      return { cents, openings: txs.filter((t) => t.description === "Opening balance") };
    };
    const first = await owed();
    expect(first.cents).toBe(Math.round(Number(integ.institutionAccount.balanceCurrent) * 100));
    expect(first.openings).toHaveLength(1);
    expect(first.openings[0]!.date).toBe(start);
    // A new period: the old opening draft is trashed, a new one at the new start keeps the balance right.
    const start12 = periodStartFor("last12m", today());
    await changePeriod(db.prisma, sp.plaid, { userId: ids.bookkeeper, bookId: ids.acme, integrationId: r.integrationId, periodStart: start12 });
    await sync();
    await sync();
    const second = await owed();
    expect(second.cents).toBe(first.cents);
    expect(second.openings.map((t) => t.date)).toEqual([start12]);
    await removeIntegration(db.prisma, { userId: ids.bookkeeper, bookId: ids.acme, integrationId: r.integrationId });
  });

  it("Remove keeps the posted transactions, and nothing new arrives after the sandbox clock moves on", async () => {
    const posted = await inBook(bookAccountId);
    await removeIntegration(db.prisma, { userId: ids.bookkeeper, bookId: ids.acme, integrationId });
    expect(await db.prisma.integration.count({ where: { id: integrationId } })).toBe(0);
    expect(await db.prisma.connection.count({ where: { id: ids.connection } })).toBe(1);
    await sp.plaidSandbox.advanceClock(7);
    const after = await sync();
    expect(after.added).toBeGreaterThan(0); // the bank moved on and the connection still syncs…
    expect((await inBook(bookAccountId)).length).toBe(posted.length); // …but nothing reaches this Book Account
    expect(await db.prisma.posting.count({ where: { integrationId } })).toBe(0);
  });
});
