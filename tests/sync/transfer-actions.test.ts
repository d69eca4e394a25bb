/**
 * Issue 14, transfer pairing: a person's decisions, through the Book page's actions as Next.js runs
 * them (lib/integrations/transfers/decisions.ts), on the real engine and sandbox bank, PGlite and
 * PostgreSQL. Split turns a recorded transfer back into two drafts (the pair SPLIT, never paired
 * again by later syncs); a side a person edited is only suggested, and "Record as one transfer" /
 * "Keep separate" decide it. EDITOR and OWNER only, refused on posted or checked, each decision audited. (The decisions' engine-side cases: transfer-decisions.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeAudit } from "@/lib/audit/describe";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { seedDemoData } from "@/lib/db/seed";
import type { EngineDeps } from "@/lib/sync/engine";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { createTestApp } from "../helpers/app-context";
import { sandboxEngineDeps } from "../helpers/engine";
import { pairingWorld, type Login } from "../helpers/transfers";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";

const state = createTestApp();
const actions = state.bind(await import("@/app/(portal)/books/[bookId]/actions"));

describe.each(databaseBackends())("transfer decisions through the Book page's actions on $name", (backend: Backend) => {
  let sp: SandboxHarness;
  let deps: EngineDeps;
  let client = "";
  const db = () => state.db!.prisma;

  beforeAll(async () => {
    useEmbeddedSecrets();
    state.db = await backend.open();
    await seedDemoData(db());
    sp = await startSandboxHarness();
    deps = sandboxEngineDeps(db(), sp);
    client = (await db().user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
  });
  afterAll(async () => {
    await sp?.close();
    await state.db?.close();
  });

  const { sync, login, link, ledger, holders, sums, expectPaired, cardPayments } = pairingWorld(() => ({ db: db(), sp, deps, client, name: backend.name }));
  const gateway = () => new LocalBookGateway(db(), client);

  /** The demo's other users join the login's Book with their Acme roles. */
  async function members(l: Login) {
    for (const [email, role] of [
      ["bookkeeper@example.com", "EDITOR"],
      ["poster@example.com", "POSTER"],
      ["recorder@example.com", "RECORDER"],
      ["viewer@example.com", "VIEWER"],
    ] as const) {
      const u = await db().user.findUniqueOrThrow({ where: { email } });
      await db().bookMember.create({ data: { bookId: l.bookId, userId: u.id, role } });
    }
  }

  /** Every Posting of the Book dirty again, and a sync: what Save Configuration, Reconnect or a resync would do. */
  async function requeueAndSync(l: Login) {
    await db().posting.updateMany({ where: { integration: { bookId: l.bookId } }, data: { dirty: true, nextAttemptAt: new Date(), attempts: 0 } });
    await sync(l.connectionId);
  }

  it("Split: EDITOR/OWNER only, not on a posted or checked transfer; both sides become their own drafts, audited, and later syncs never pair them again", async () => {
    const l = await login(120);
    await members(l);
    const checking = await link(l, l.checking, "Checking");
    const card = await link(l, l.card, "Card");
    await sync(l.connectionId);
    await expectPaired(l, { checking, card });
    const payments = await cardPayments(l);
    expect(payments.length).toBeGreaterThanOrEqual(2);
    const [payment, other] = payments;
    const byId = await holders(l);
    const paired = byId.get(`plaid:${payment!.out.id}`)!;
    const pair = await db().transferPair.findFirstOrThrow({ where: { bookId: l.bookId, state: "PAIRED", survivorTransactionId: paired.id } });
    const input = { bookId: l.bookId, pairId: pair.id };

    for (const who of ["poster@example.com", "recorder@example.com", "viewer@example.com"]) {
      await state.signIn(who);
      expect(await actions.splitTransferAction(input), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    await state.signIn("bookkeeper@example.com");
    expect(await actions.splitTransferAction({ bookId: l.bookId, pairId: "tp-nonexistent" })).toMatchObject({ ok: false, code: "NOT_FOUND", message: { key: "transfers.gone" } });
    expect(await actions.splitTransferAction({ bookId: l.bookId, pairId: "" })).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    // Posted, or posted and checked: refused (a posted transaction keeps both Accounts), nothing changes.
    const otherTx = byId.get(`plaid:${other!.out.id}`)!;
    const otherPair = await db().transferPair.findFirstOrThrow({ where: { bookId: l.bookId, state: "PAIRED", survivorTransactionId: otherTx.id } });
    await gateway().postTransactions(l.bookId, [otherTx.id]);
    expect(await actions.splitTransferAction({ bookId: l.bookId, pairId: otherPair.id })).toMatchObject({ ok: false, code: "CONFLICT", message: { key: "transfers.splitPosted" } });
    await gateway().checkTransactions(l.bookId, [otherTx.id]);
    await state.signIn("client@example.com");
    expect(await actions.splitTransferAction({ bookId: l.bookId, pairId: otherPair.id })).toMatchObject({ ok: false, code: "CONFLICT", message: { key: "transfers.splitChecked" } });
    expect(await db().transferPair.findUniqueOrThrow({ where: { id: otherPair.id } })).toMatchObject({ state: "PAIRED" });
    expect(await db().auditEvent.count({ where: { bookId: l.bookId, action: { startsWith: "transfer." } } })).toBe(0);
    await state.signIn("bookkeeper@example.com");

    expect(await actions.splitTransferAction(input)).toEqual({ ok: true, data: { done: true } });
    const bookkeeper = await db().user.findUniqueOrThrow({ where: { email: "bookkeeper@example.com" } });
    expect(await db().transferPair.findUniqueOrThrow({ where: { id: pair.id } })).toMatchObject({ state: "SPLIT", decidedById: bookkeeper.id });
    const expectSplit = async () => {
      const now = await holders(l);
      const out = now.get(`plaid:${payment!.out.id}`)!;
      const into = now.get(`plaid:${payment!.into.id}`)!;
      expect(out.id).toBe(paired.id);
      expect(into.id).not.toBe(out.id);
      expect(out).toMatchObject({ creditAccountId: checking, debitAccountId: null, posted: false });
      expect(out.remoteIds).not.toContain(`plaid:${payment!.into.id}`);
      expect(into).toMatchObject({ debitAccountId: card, creditAccountId: null, posted: false });
      expect(into.remoteIds).not.toContain(`plaid:${payment!.out.id}`);
      // The other card payments stay one transfer each; every movement still counted once.
      expect(now.get(`plaid:${other!.out.id}`)!.id).toBe(now.get(`plaid:${other!.into.id}`)!.id);
      const sum = await sums(l);
      const bank = (xs: { amount: number }[]) => -xs.reduce((s, x) => s + Math.round(x.amount * 100), 0);
      const { checking: c, card: k } = await (async () => {
        const all = await sp.plaidSandbox.groundTruth(l.token);
        const of = (a: { providerAccountId: string }) => (all[a.providerAccountId] ?? []).filter((t) => !t.pending && t.date >= l.start);
        return { checking: of(l.checking), card: of(l.card) };
      })();
      expect(sum(checking)).toBe(bank(c));
      expect(sum(card)).toBe(bank(k));
      expect(await db().posting.count({ where: { transferPairId: pair.id } })).toBe(0);
    };
    await expectSplit();
    const [event] = await db().auditEvent.findMany({ where: { bookId: l.bookId, action: "transfer.split" } });
    expect(event).toMatchObject({ actorId: bookkeeper.id });
    expect(describeAudit("transfer.split", event!.details as Record<string, unknown>)).toMatch(/^Split the transfer .+ back into two drafts\.$/);

    // Split again: the pair is not a recorded transfer any more.
    expect(await actions.splitTransferAction(input)).toMatchObject({ ok: false, code: "CONFLICT", message: { key: "transfers.notPaired" } });
    // Never re-paired: every Posting dirty again, several syncs, days passing.
    for (let i = 0; i < 2; i++) {
      await requeueAndSync(l);
      await sp.plaidSandbox.advanceClock(3);
      await sync(l.connectionId);
      await expectSplit();
    }
    expect(await db().transferPair.findUniqueOrThrow({ where: { id: pair.id } })).toMatchObject({ state: "SPLIT" });
    expect(await db().transferPair.count({ where: { bookId: l.bookId, state: "SUGGESTED" } })).toBe(0);

    // The checked transfer was left as it was through all of it.
    expect((await holders(l)).get(`plaid:${other!.into.id}`)!).toMatchObject({ id: otherTx.id, checked: true, creditAccountId: checking, debitAccountId: card });
  }, 300_000);

  it("a side a person edited is suggested; Record as one transfer merges the two drafts, Keep separate keeps them apart for good — EDITOR/OWNER only, audited", async () => {
    const l = await login(120);
    await members(l);
    const checking = await link(l, l.checking, "Checking");
    await sync(l.connectionId);
    const payments = await cardPayments(l);
    expect(payments.length).toBeGreaterThanOrEqual(2);
    const [first, second] = payments;
    // A person corrects the description of two checking-side drafts before the card is linked.
    const before = await holders(l);
    for (const p of [first!, second!]) {
      const t = before.get(`plaid:${p.out.id}`)!;
      await gateway().updateTransaction(l.bookId, t.id, { date: t.date, amount: t.amount, description: `Card bill ${p.out.date}` });
    }
    const card = await link(l, l.card, "Card");
    await sync(l.connectionId);
    const suggestions = await db().transferPair.findMany({ where: { bookId: l.bookId, state: "SUGGESTED" } });
    expect(suggestions.length).toBe(2);
    const suggestionOf = async (p: typeof first) => {
      const t = (await holders(l)).get(`plaid:${p!.out.id}`)!;
      const posting = await db().posting.findFirstOrThrow({ where: { bookTransactionId: t.id, integration: { bookAccountId: checking } } });
      return suggestions.find((s) => s.payerPostingId === posting.id)!;
    };
    const [s1, s2] = [await suggestionOf(first), await suggestionOf(second)];
    expect(s1 && s2).toBeTruthy();
    // Not merged: two drafts each, the person's description kept.
    for (const p of [first!, second!]) {
      const now = await holders(l);
      expect(now.get(`plaid:${p.out.id}`)!.id).not.toBe(now.get(`plaid:${p.into.id}`)!.id);
      expect(now.get(`plaid:${p.out.id}`)!.description).toBe(`Card bill ${p.out.date}`);
    }

    for (const who of ["poster@example.com", "recorder@example.com", "viewer@example.com"]) {
      await state.signIn(who);
      expect(await actions.acceptTransferAction({ bookId: l.bookId, pairId: s1.id }), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(await actions.rejectTransferAction({ bookId: l.bookId, pairId: s2.id }), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    expect(await db().auditEvent.count({ where: { bookId: l.bookId, action: { startsWith: "transfer." } } })).toBe(0);

    // Accept (the bookkeeper): one transaction From checking To card with both remote ids; the other draft is gone.
    await state.signIn("bookkeeper@example.com");
    expect(await actions.acceptTransferAction({ bookId: l.bookId, pairId: s1.id })).toEqual({ ok: true, data: { done: true } });
    const afterAccept = await holders(l);
    const merged = afterAccept.get(`plaid:${first!.out.id}`)!;
    expect(afterAccept.get(`plaid:${first!.into.id}`)!.id).toBe(merged.id);
    expect(merged).toMatchObject({ creditAccountId: checking, debitAccountId: card, amount: Math.abs(first!.out.amount).toFixed(2) });
    expect(await db().transferPair.findUniqueOrThrow({ where: { id: s1.id } })).toMatchObject({ state: "PAIRED" });
    expect(await actions.acceptTransferAction({ bookId: l.bookId, pairId: s1.id })).toMatchObject({ ok: false, code: "CONFLICT", message: { key: "transfers.notSuggested" } });

    // Reject (the owner): both drafts stay, the pair SPLIT, never suggested or paired again.
    await state.signIn("client@example.com");
    expect(await actions.rejectTransferAction({ bookId: l.bookId, pairId: s2.id })).toEqual({ ok: true, data: { done: true } });
    expect(await db().transferPair.findUniqueOrThrow({ where: { id: s2.id } })).toMatchObject({ state: "SPLIT", decidedById: client });
    expect(await actions.rejectTransferAction({ bookId: l.bookId, pairId: s2.id })).toMatchObject({ ok: false, code: "CONFLICT", message: { key: "transfers.notSuggested" } });
    await requeueAndSync(l);
    await requeueAndSync(l);
    const end = await holders(l);
    expect(end.get(`plaid:${second!.out.id}`)!.id).not.toBe(end.get(`plaid:${second!.into.id}`)!.id);
    expect(await db().transferPair.findUniqueOrThrow({ where: { id: s2.id } })).toMatchObject({ state: "SPLIT" });
    expect(await db().transferPair.count({ where: { bookId: l.bookId, state: { in: ["SUGGESTED", "PAIRING"] } } })).toBe(0);
    expect(end.get(`plaid:${first!.out.id}`)!.id).toBe(end.get(`plaid:${first!.into.id}`)!.id);
    // Every movement counted once.
    const sum = await sums(l);
    const all = await sp.plaidSandbox.groundTruth(l.token);
    const bank = (a: { providerAccountId: string }) => -(all[a.providerAccountId] ?? []).filter((t) => !t.pending && t.date >= l.start).reduce((s, x) => s + Math.round(x.amount * 100), 0);
    expect(sum(checking)).toBe(bank(l.checking));
    expect(sum(card)).toBe(bank(l.card));

    const events = await db().auditEvent.findMany({ where: { bookId: l.bookId, action: { startsWith: "transfer." } }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["transfer.accept", "transfer.reject"]);
    expect(describeAudit("transfer.accept", events[0]!.details as Record<string, unknown>)).toMatch(/^Recorded .+ and its other side as one transfer\.$/);
    expect(describeAudit("transfer.reject", events[1]!.details as Record<string, unknown>)).toMatch(/^Kept .+ and the suggested other side separate\.$/);
    expect((await ledger(l)).filter((x) => x.trashed).length).toBeLessThanOrEqual(1);
  }, 300_000);
});
