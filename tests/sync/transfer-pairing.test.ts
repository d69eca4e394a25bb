/**
 * Issue 14, Done when 1: transfer pairing through the real engine (official Plaid client on the
 * sandbox bank, local Books), on PGlite and PostgreSQL. Linking the checking account and the card of
 * one login into one Book — in either order, before or after the payments exist, with pending→posted
 * and the Book failing between any two steps — gives every card payment exactly once, From checking
 * To card with both remote ids, and each Book Account's sum equal to the bank's movements. Save
 * Configuration and Reconnect re-queue without changing anything.
 */
import { describe, expect, it } from "vitest";
import type { BookGateway } from "@/lib/books/gateway";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { completeReconnect } from "@/lib/connections/service";
import { changePeriod } from "@/lib/integrations/service";
import type { EngineDeps } from "@/lib/sync/engine";
import { flakyBook, type BookFaultStats } from "@/scripts/drills/support/flaky-book";
import type { SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { pairingWorld } from "../helpers/transfers";
import { databaseBackends, type Backend } from "../helpers/databases";
import { withSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";
import { mulberry32 } from "@bank-connections/sandbox/data/prng";

describe.each(databaseBackends())("transfer pairing on $name", (backend: Backend) => {
  let db: SandboxWorld["db"];
  let sp: SandboxHarness;
  let deps: EngineDeps;
  let client = "";
  withSandboxWorld(backend, (w) => void ({ db, sp, deps, client } = w));

  const { sync, login, link, ledger, truth, expectPaired } = pairingWorld(() => ({ db: db.prisma, sp, deps, client, name: backend.name }));

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
      const random = mulberry32(seed);
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
