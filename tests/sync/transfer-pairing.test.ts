/**
 * Issue 14, Done when 1: transfer pairing through the real engine (official Plaid client on the
 * sandbox bank, local Books), on PGlite and PostgreSQL. Linking the checking account and the card of
 * one login into one Book — in either order, before or after the payments exist, with pending→posted
 * and the Book failing between any two steps — gives every card payment exactly once, From checking
 * To card with both remote ids, and each Book Account's sum equal to the bank's movements. Save
 * Configuration and Reconnect re-queue without changing anything.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Products } from "plaid";
import { daysAgo } from "@/lib/dates";
import type { BookGateway } from "@/lib/books/gateway";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import type { BookTransaction } from "@/lib/books/types";
import { completeReconnect, createConnectionFromLink } from "@/lib/connections/service";
import { openSecret } from "@/lib/connections/secret";
import { seedDemoData } from "@/lib/db/seed";
import { changePeriod, linkAccount } from "@/lib/integrations/service";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import { flakyBook, type BookFaultStats } from "@/scripts/drills/support/flaky-book";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import type { TxState } from "@bank-connections/sandbox/data";
import { sandboxEngineDeps } from "../helpers/engine";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";

const CARD_KINDS = new Set(["card_payment", "card_payment_received"]);

/** A small deterministic random (mulberry32) for the Book's faults. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(databaseBackends())("transfer pairing on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let sp: SandboxHarness;
  let deps: EngineDeps;
  let client = "";
  let n = 0;

  beforeAll(async () => {
    useEmbeddedSecrets();
    db = await backend.open();
    await seedDemoData(db.prisma);
    sp = await startSandboxHarness();
    deps = sandboxEngineDeps(db.prisma, sp);
    client = (await db.prisma.user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
  });
  afterAll(async () => {
    await sp?.close();
    await db?.close();
  });

  type Login = { bookId: string; connectionId: string; token: string; checking: { id: string; providerAccountId: string }; card: { id: string; providerAccountId: string }; start: string };

  /** A fresh Book and a Plaid login (checking, savings, card) stored by a first sync, nothing linked yet. */
  async function login(days = 120): Promise<Login> {
    const k = ++n;
    const book = await db.prisma.book.create({ data: { name: `Pairing ${k}`, members: { create: [{ userId: client, role: "OWNER" }] } } });
    const pub = await sp.plaidApi.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions], options: { override_username: `pairing_${k}_${backend.name}`, transactions: { days_requested: days } } });
    const r = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: client, bookId: book.id, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: "ins_109508" } });
    const conn = await db.prisma.connection.findUniqueOrThrow({ where: { id: r.connectionId }, include: { accounts: true } });
    await sync(conn.id);
    const checking = conn.accounts.find((a) => a.type === "depository" && a.subtype === "checking")!;
    const card = conn.accounts.find((a) => a.type === "credit")!;
    return { bookId: book.id, connectionId: conn.id, token: openSecret(conn.id, conn.secret!), checking, card, start: daysAgo(days - 1) };
  }

  async function sync(connectionId: string, d: EngineDeps = deps) {
    const r = await syncConnection(db.prisma, d, connectionId, { trigger: "manual" });
    if (r.status !== "done") throw new Error(`sync ${r.status}: ${JSON.stringify(r)}`);
    return r.counts;
  }

  async function link(l: Login, account: { id: string }, name: string): Promise<string> {
    const r = await linkAccount(db.prisma, new LocalBookGateway(db.prisma, client), sp.plaid, { userId: client, bookId: l.bookId, institutionAccountId: account.id, bookAccount: { create: { name } }, periodStart: l.start });
    return (await db.prisma.integration.findUniqueOrThrow({ where: { id: r.integrationId } })).bookAccountId;
  }

  const ledger = (l: Login) => new LocalBookGateway(db.prisma, client).listTransactions(l.bookId, { limit: 1_000_000, includeTrashed: true });

  /** The bank's posted movements in the period, per account: signed (in = +), and the card payments' two sides. */
  async function truth(l: Login) {
    const all = await sp.plaidSandbox.groundTruth(l.token);
    const inPeriod = (t: TxState) => !t.pending && t.date >= l.start;
    const of = (a: { providerAccountId: string }) => (all[a.providerAccountId] ?? []).filter(inPeriod);
    return { checking: of(l.checking), card: of(l.card) };
  }

  const cents = (s: string) => Math.round(Number(s) * 100);

  /**
   * Every card payment whose two sides are both in the period is ONE live transaction From checking To
   * card with both remote ids; every posted bank transaction's remote id is on exactly one live
   * transaction; each Book Account's sum equals the bank's movements.
   */
  async function expectPaired(l: Login, accounts: { checking: string; card: string | null }) {
    const t = await truth(l);
    const book = await ledger(l);
    const live = book.filter((x) => !x.trashed);
    const holder = new Map<string, BookTransaction>();
    for (const x of live) for (const r of x.remoteIds) {
      expect(holder.has(r), `remote id ${r} on two live transactions`).toBe(false);
      holder.set(r, x);
    }
    const linked = accounts.card ? [...t.checking, ...t.card] : t.checking;
    for (const s of linked) expect(holder.has(`plaid:${s.id}`), `${s.date} ${s.name} ${s.amount} is in the Book`).toBe(true);
    let pairs = 0;
    if (accounts.card) {
      const cardIds = new Set(t.card.map((s) => s.id));
      for (const out of t.checking.filter((s) => CARD_KINDS.has(s.kind) && s.peerId && cardIds.has(s.peerId))) {
        const x = holder.get(`plaid:${out.id}`)!;
        expect(x, `${out.date} ${out.name}`).toMatchObject({ creditAccountId: accounts.checking, debitAccountId: accounts.card, amount: Math.abs(out.amount).toFixed(2) });
        expect(x.remoteIds).toEqual(expect.arrayContaining([`plaid:${out.id}`, `plaid:${out.peerId}`]));
        pairs++;
      }
      // A card payment's card side never stands alone while its checking side is in the Book too.
      for (const into of t.card.filter((s) => CARD_KINDS.has(s.kind))) {
        const x = holder.get(`plaid:${into.id}`)!;
        if (x.creditAccountId !== accounts.checking) expect(t.checking.some((s) => s.id === into.peerId), `${into.date} ${into.name} stands alone though its other side is linked`).toBe(false);
      }
    }
    // The Book Account's sum equals the sum of the bank's movements (drafts included: nothing is lost or doubled).
    const sum = (account: string) => live.reduce((s, x) => s + (x.debitAccountId === account ? cents(x.amount) : 0) - (x.creditAccountId === account ? cents(x.amount) : 0), 0);
    // Plaid: amount > 0 = money out of the account, which credits its Book Account (−), on checking and card alike.
    const bank = (states: TxState[]) => -states.reduce((s, x) => s + Math.round(x.amount * 100), 0);
    expect(sum(accounts.checking)).toBe(bank(t.checking));
    if (accounts.card) expect(sum(accounts.card)).toBe(bank(t.card));
    // Nothing left dirty, no Posting in a half-done pair.
    expect(await db.prisma.posting.count({ where: { integration: { bookId: l.bookId }, dirty: true } })).toBe(0);
    expect(await db.prisma.transferPair.count({ where: { bookId: l.bookId, state: "PAIRING" } })).toBe(0);
    return pairs;
  }

  it("both linked before the first posting: one transaction per card payment; then 30 days of new payments, pending→posted", async () => {
    const l = await login(120);
    const checking = await link(l, l.checking, "Checking");
    const card = await link(l, l.card, "Card");
    await sync(l.connectionId);
    const pairs = await expectPaired(l, { checking, card });
    expect(pairs).toBeGreaterThanOrEqual(3);
    for (let day = 0; day < 30; day += 5) {
      await sp.plaidSandbox.advanceClock(5);
      await sync(l.connectionId);
      await expectPaired(l, { checking, card });
    }
    expect(await expectPaired(l, { checking, card })).toBeGreaterThan(pairs);
  }, 240_000);

  it("checking first, the card linked later (and the other order): the existing drafts get the other side and its remote id", async () => {
    for (const order of ["checking-first", "card-first"] as const) {
      const l = await login(120);
      const [a, b] = order === "checking-first" ? [l.checking, l.card] : [l.card, l.checking];
      const first = await link(l, a, order === "checking-first" ? "Checking" : "Card");
      await sync(l.connectionId);
      const before = (await ledger(l)).length;
      const second = await link(l, b, order === "checking-first" ? "Card" : "Checking");
      await sync(l.connectionId);
      const [checking, card] = order === "checking-first" ? [first, second] : [second, first];
      expect(await expectPaired(l, { checking, card }), order).toBeGreaterThanOrEqual(3);
      // The first side's drafts were completed in place, not duplicated: every first-side draft is still the same transaction.
      expect((await ledger(l)).filter((x) => x.trashed).length, order).toBe(0);
      expect((await ledger(l)).length, order).toBeLessThan(before + (await truth(l))[order === "checking-first" ? "card" : "checking"].length);
    }
  }, 240_000);

  it("only one side's integration: the draft stays one-sided as today", async () => {
    const l = await login(90);
    const checking = await link(l, l.checking, "Checking");
    await sync(l.connectionId);
    await expectPaired(l, { checking, card: null });
    const payments = (await ledger(l)).filter((x) => /CARD|PAYMENT/i.test(x.description) && x.creditAccountId === checking);
    expect(payments.length).toBeGreaterThan(0);
    for (const p of payments) expect(p.debitAccountId).toBeNull();
    expect(await db.prisma.transferPair.count({ where: { bookId: l.bookId } })).toBe(0);
  }, 120_000);

  it("the Book failing between any two steps (before or after doing the work): retried until done, every payment once", async () => {
    for (const [seed, order] of [
      [1, "both"],
      [2, "checking-first"],
      [3, "card-first"],
    ] as const) {
      const l = await login(90);
      const stats: BookFaultStats = { calls: 0, down: 0, answerLost: 0 };
      const random = seeded(seed);
      const flaky: EngineDeps = { ...deps, gatewayFor: (u): BookGateway => flakyBook(new LocalBookGateway(db.prisma, u), 0.5, random, stats) };
      const drain = async () => {
        for (let i = 0; i < 60; i++) {
          await sync(l.connectionId, flaky);
          // The outbox's backoff: due again now.
          await db.prisma.posting.updateMany({ where: { integration: { bookId: l.bookId }, dirty: true }, data: { nextAttemptAt: new Date(0) } });
          if ((await db.prisma.posting.count({ where: { integration: { bookId: l.bookId }, dirty: true } })) === 0) return;
        }
        throw new Error("never drained");
      };
      let checking: string;
      let card: string;
      if (order === "both") {
        checking = await link(l, l.checking, "Checking");
        card = await link(l, l.card, "Card");
        await drain();
      } else if (order === "checking-first") {
        checking = await link(l, l.checking, "Checking");
        await drain();
        card = await link(l, l.card, "Card");
        await drain();
      } else {
        card = await link(l, l.card, "Card");
        await drain();
        checking = await link(l, l.checking, "Checking");
        await drain();
      }
      await sync(l.connectionId);
      expect(await expectPaired(l, { checking, card }), `seed ${seed} ${order}`).toBeGreaterThanOrEqual(2);
      expect(stats.down + stats.answerLost, `seed ${seed}`).toBeGreaterThan(5);
    }
  }, 300_000);

  it("Save Configuration and Reconnect re-queue; a full resync and every Posting made dirty again change nothing", async () => {
    const l = await login(90);
    const checking = await link(l, l.checking, "Checking");
    const card = await link(l, l.card, "Card");
    await sync(l.connectionId);
    await expectPaired(l, { checking, card });
    const before = await ledger(l);
    const integrations = await db.prisma.integration.findMany({ where: { bookId: l.bookId } });
    for (const i of integrations) await changePeriod(db.prisma, sp.plaid, { userId: client, bookId: l.bookId, integrationId: i.id, periodStart: l.start });
    await sync(l.connectionId);
    await completeReconnect(db.prisma, sp.plaid, { ownerId: client, connectionId: l.connectionId, bookId: l.bookId });
    await db.prisma.connection.update({ where: { id: l.connectionId }, data: { syncCursor: null, syncStartCursor: null } });
    await db.prisma.posting.updateMany({ where: { integration: { bookId: l.bookId } }, data: { dirty: true, nextAttemptAt: new Date(0) } });
    await sync(l.connectionId);
    await expectPaired(l, { checking, card });
    expect(await ledger(l)).toEqual(before);
  }, 180_000);
});
