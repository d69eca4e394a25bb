/**
 * Issue 14, transfer pairing's bad input, through the real engine (official Plaid client on the
 * sandbox bank, local Books) on PGlite and PostgreSQL: a side a person completed is never rewritten
 * (suggested instead) and the person can record it as one transfer or keep it separate; a split pair
 * is never paired again; a side the bank removes dissolves the pair; two candidates are suggested,
 * not merged; a fee difference becomes its own draft.
 */
import { describe, expect, it } from "vitest";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { acceptSuggestion, rejectSuggestion, splitTransfer } from "@/lib/integrations/transfers/decisions";
import type { EngineDeps } from "@/lib/sync/engine";
import { sideMapper } from "@/lib/sync/poster";
import { storeTransactions } from "@/lib/sync/store";
import type { SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { databaseBackends, type Backend } from "../helpers/databases";
import { withSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";
import { pairingWorld, type Login } from "../helpers/transfers";

describe.each(databaseBackends())("transfer pairing's decisions on $name", (backend: Backend) => {
  let db: SandboxWorld["db"];
  let sp: SandboxHarness;
  let deps: EngineDeps;
  let client = "";
  withSandboxWorld(backend, (w) => void ({ db, sp, deps, client } = w));

  const { sync, login, link, ledger, holders, sums, truth, expectPaired, cardPayments } = pairingWorld(() => ({ db: db.prisma, sp, deps, client, name: backend.name }));
  const g = () => new LocalBookGateway(db.prisma, client);
  const decide = () => ({ db: db.prisma, gateway: g(), map: sideMapper });
  const dirtyAll = async (l: Login) => db.prisma.posting.updateMany({ where: { integration: { bookId: l.bookId } }, data: { dirty: true, nextAttemptAt: new Date(0) } });
  const pairOf = async (l: Login, remoteId: string) => {
    const bt = await db.prisma.bankTransaction.findFirstOrThrow({ where: { connectionId: l.connectionId, providerTransactionId: remoteId.replace(/^plaid:/, "") } });
    return db.prisma.transferPair.findMany({ where: { bookId: l.bookId, OR: [{ payerPosting: { bankTransactionId: bt.id } }, { receiverPosting: { bankTransactionId: bt.id } }] } });
  };

  it("a side a person completed is only suggested; 'Record as one transfer' merges it, 'Keep separate' is remembered", async () => {
    const l = await login(120, "personal");
    const checking = await link(l, l.checking, "Checking");
    await sync(l.connectionId);
    const payments = await cardPayments(l);
    expect(payments.length).toBeGreaterThanOrEqual(3);
    const clearing = (await g().createAccount(l.bookId, { name: "Card payments", type: "OUTGOING" })).id;
    const byHand = [];
    for (const p of payments.slice(0, 2)) {
      const d = (await g().findByRemoteId(l.bookId, `plaid:${p.out.id}`))!;
      byHand.push(await g().editTransaction(l.bookId, d.id, { date: d.date, amount: d.amount, description: d.description, creditAccountId: checking, debitAccountId: clearing }));
    }
    const card = await link(l, l.card, "Card");
    await sync(l.connectionId);
    // The person's drafts are as they left them; their card sides have their own drafts; each pair is a suggestion.
    for (const [i, p] of payments.slice(0, 2).entries()) {
      expect(await g().findByRemoteId(l.bookId, `plaid:${p.out.id}`)).toEqual(byHand[i]);
      const own = (await g().findByRemoteId(l.bookId, `plaid:${p.into.id}`))!;
      expect(own).toMatchObject({ creditAccountId: null, debitAccountId: card });
      expect((await pairOf(l, `plaid:${p.out.id}`)).map((x) => x.state)).toEqual(["SUGGESTED"]);
    }
    // The others were paired as usual.
    for (const p of payments.slice(2)) expect((await g().findByRemoteId(l.bookId, `plaid:${p.out.id}`))?.remoteIds).toContain(`plaid:${p.into.id}`);

    const [accept, reject] = payments;
    const [suggested] = await pairOf(l, `plaid:${accept!.out.id}`);
    await acceptSuggestion(decide(), { userId: client, bookId: l.bookId, pairId: suggested!.id });
    const one = (await holders(l)).get(`plaid:${accept!.into.id}`)!;
    expect(one).toMatchObject({ id: byHand[0]!.id, creditAccountId: checking, debitAccountId: card });
    expect(one.remoteIds).toEqual(expect.arrayContaining([`plaid:${accept!.out.id}`, `plaid:${accept!.into.id}`]));
    await expect(acceptSuggestion(decide(), { userId: client, bookId: l.bookId, pairId: suggested!.id })).rejects.toMatchObject({ code: "CONFLICT" });

    const [other] = await pairOf(l, `plaid:${reject!.out.id}`);
    await rejectSuggestion(decide(), { userId: client, bookId: l.bookId, pairId: other!.id });
    await dirtyAll(l);
    await sync(l.connectionId);
    expect((await pairOf(l, `plaid:${reject!.out.id}`)).map((x) => x.state)).toEqual(["SPLIT"]);
    expect(await g().findByRemoteId(l.bookId, `plaid:${reject!.out.id}`)).toEqual(byHand[1]);
    expect((await g().findByRemoteId(l.bookId, `plaid:${reject!.into.id}`))?.id).not.toBe(byHand[1]!.id);
    const actions = (await db.prisma.auditEvent.findMany({ where: { bookId: l.bookId, action: { startsWith: "transfer." } } })).map((a) => a.action).sort();
    expect(actions).toEqual(["transfer.accept", "transfer.reject"]);
    // Nothing lost or doubled: every bank transaction once, the checking Account still equal to the bank.
    const t = await truth(l);
    const sum = await sums(l);
    expect(sum(checking)).toBe(-t.checking.reduce((s, x) => s + Math.round(x.amount * 100), 0));
    expect(sum(card)).toBe(-t.card.reduce((s, x) => s + Math.round(x.amount * 100), 0));
  }, 180_000);

  it("a split pair goes back to two drafts and is never paired again; a posted one cannot be split", async () => {
    const l = await login(120);
    const checking = await link(l, l.checking, "Checking");
    const card = await link(l, l.card, "Card");
    await sync(l.connectionId);
    await expectPaired(l, { checking, card });
    const payments = await cardPayments(l);
    expect(payments.length).toBeGreaterThanOrEqual(2);
    const [first, second] = payments;
    const [pair] = await pairOf(l, `plaid:${first!.out.id}`);
    expect(pair?.state).toBe("PAIRED");
    await splitTransfer(decide(), { userId: client, bookId: l.bookId, pairId: pair!.id });
    const out = (await g().findByRemoteId(l.bookId, `plaid:${first!.out.id}`))!;
    const into = (await g().findByRemoteId(l.bookId, `plaid:${first!.into.id}`))!;
    expect(out).toMatchObject({ creditAccountId: checking, debitAccountId: null, trashed: false });
    expect(into).toMatchObject({ creditAccountId: null, debitAccountId: card, trashed: false });
    expect(out.id).not.toBe(into.id);
    // The sync again, every Posting dirty: still two drafts.
    await dirtyAll(l);
    await sync(l.connectionId);
    expect((await g().findByRemoteId(l.bookId, `plaid:${first!.into.id}`))!.id).toBe(into.id);
    expect((await g().findByRemoteId(l.bookId, `plaid:${first!.out.id}`))!).toMatchObject({ id: out.id, debitAccountId: null });
    expect((await pairOf(l, `plaid:${first!.out.id}`)).map((x) => x.state)).toEqual(["SPLIT"]);
    const sum = await sums(l);
    const t = await truth(l);
    expect(sum(checking)).toBe(-t.checking.reduce((s, x) => s + Math.round(x.amount * 100), 0));
    expect(sum(card)).toBe(-t.card.reduce((s, x) => s + Math.round(x.amount * 100), 0));
    expect((await db.prisma.auditEvent.findMany({ where: { bookId: l.bookId, action: "transfer.split" } })).length).toBe(1);
    // Posted: refused, nothing changes.
    const posted = (await g().findByRemoteId(l.bookId, `plaid:${second!.out.id}`))!;
    await g().postTransactions(l.bookId, [posted.id]);
    const [p2] = await pairOf(l, `plaid:${second!.out.id}`);
    await expect(splitTransfer(decide(), { userId: client, bookId: l.bookId, pairId: p2!.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await g().findByRemoteId(l.bookId, `plaid:${second!.into.id}`))!.id).toBe(posted.id);
  }, 180_000);

  it("the bank removes one side: the pair dissolves, the other side is a one-sided draft again", async () => {
    const l = await login(120, "removed");
    const checking = await link(l, l.checking, "Checking");
    const card = await link(l, l.card, "Card");
    await sync(l.connectionId);
    await expectPaired(l, { checking, card });
    const [p] = await cardPayments(l);
    const survivor = (await g().findByRemoteId(l.bookId, `plaid:${p!.out.id}`))!;
    const row = await db.prisma.bankTransaction.findFirstOrThrow({ where: { connectionId: l.connectionId, providerTransactionId: p!.into.id } });
    await db.prisma.bankTransaction.update({ where: { id: row.id }, data: { removed: true } });
    await db.prisma.posting.updateMany({ where: { bankTransactionId: row.id }, data: { dirty: true, nextAttemptAt: new Date(0) } });
    await sync(l.connectionId);
    const now = (await g().findByRemoteId(l.bookId, `plaid:${p!.out.id}`))!;
    expect(now).toMatchObject({ id: survivor.id, creditAccountId: checking, debitAccountId: null, amount: Math.abs(p!.out.amount).toFixed(2) });
    expect(now.remoteIds).not.toContain(`plaid:${p!.into.id}`);
    expect(await g().findByRemoteId(l.bookId, `plaid:${p!.into.id}`)).toBeNull();
    expect((await pairOf(l, `plaid:${p!.out.id}`)).map((x) => x.state)).toEqual(["DISSOLVED"]);
    expect(await db.prisma.posting.findFirst({ where: { bankTransactionId: row.id } })).toMatchObject({ state: "TRASHED", dirty: false, transferPairId: null });
    // The card Account lost exactly that payment.
    const t = await truth(l);
    const sum = await sums(l);
    expect(sum(card)).toBe(-t.card.filter((x) => x.id !== p!.into.id).reduce((s, x) => s + Math.round(x.amount * 100), 0));
    expect(sum(checking)).toBe(-t.checking.reduce((s, x) => s + Math.round(x.amount * 100), 0));
  }, 180_000);

  it("two candidates for one payment: suggested, not merged", async () => {
    const l = await login(120, "ambiguous");
    const card = await link(l, l.card, "Card");
    await link(l, l.savings, "Savings");
    await sync(l.connectionId);
    const [p] = await cardPayments(l);
    // Another account of the Book that looks like the card (same last digits) received the same amount the same day.
    const cardAccount = await db.prisma.institutionAccount.findUniqueOrThrow({ where: { id: l.card.id } });
    await db.prisma.institutionAccount.update({ where: { id: l.savings.id }, data: { mask: cardAccount.mask } });
    await db.prisma.$transaction((tx) =>
      storeTransactions(tx, l.connectionId, new Map([[l.savings.providerAccountId, l.savings.id]]), [
        { providerTransactionId: "twin-of-a-card-payment", providerAccountId: l.savings.providerAccountId, date: p!.into.date, amount: Math.abs(p!.into.amount).toFixed(2), direction: "in", currency: "USD", description: "PAYMENT - THANK YOU", pending: false, pendingTransactionId: null, category: "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT" },
      ], []),
    );
    await sync(l.connectionId);
    const checking = await link(l, l.checking, "Checking");
    await sync(l.connectionId);
    const out = (await g().findByRemoteId(l.bookId, `plaid:${p!.out.id}`))!;
    expect(out).toMatchObject({ creditAccountId: checking, debitAccountId: null, remoteIds: [`plaid:${p!.out.id}`] });
    expect((await g().findByRemoteId(l.bookId, `plaid:${p!.into.id}`))!).toMatchObject({ debitAccountId: card, creditAccountId: null });
    const suggestions = await pairOf(l, `plaid:${p!.out.id}`);
    expect(suggestions.map((s) => s.state)).toEqual(["SUGGESTED", "SUGGESTED"]);
  }, 180_000);

  it("a fee difference: the pair carries what arrived, the difference is its own draft on the paying Account", async () => {
    const l = await login(120, "fee");
    const [p] = await cardPayments(l);
    const into = await db.prisma.bankTransaction.findFirstOrThrow({ where: { connectionId: l.connectionId, providerTransactionId: p!.into.id } });
    await db.prisma.bankTransaction.update({ where: { id: into.id }, data: { amount: into.amount.minus("2.50") } });
    const checking = await link(l, l.checking, "Checking");
    const card = await link(l, l.card, "Card");
    await sync(l.connectionId);
    const paid = Math.abs(p!.out.amount);
    const one = (await g().findByRemoteId(l.bookId, `plaid:${p!.out.id}`))!;
    expect(one).toMatchObject({ creditAccountId: checking, debitAccountId: card, amount: (paid - 2.5).toFixed(2) });
    expect(one.remoteIds).toEqual(expect.arrayContaining([`plaid:${p!.out.id}`, `plaid:${p!.into.id}`]));
    const fee = (await g().findByRemoteId(l.bookId, `plaid:${p!.out.id}#difference`))!;
    expect(fee).toMatchObject({ creditAccountId: checking, debitAccountId: null, amount: "2.50", posted: false });
    const t = await truth(l);
    const sum = await sums(l);
    expect(sum(checking)).toBe(-t.checking.reduce((s, x) => s + Math.round(x.amount * 100), 0));
    expect(sum(card)).toBe(-t.card.reduce((s, x) => s + Math.round(x.amount * 100), 0) - 250);
    // Once, whatever repeats.
    await dirtyAll(l);
    await sync(l.connectionId);
    expect((await ledger(l)).filter((x) => x.remoteIds.includes(`plaid:${p!.out.id}#difference`)).length).toBe(1);
  }, 180_000);
});
