/**
 * Issue 14: a Book's counter-account rules fill the other side of new drafts as they arrive. Through the
 * real engine (official Plaid client on the sandbox, PGlite and PostgreSQL): a rule "description contains
 * X → Account Y" fills Y on every new draft of X that fits its direction and amount range; the drafts stay
 * drafts; re-syncing duplicates nothing; drafts already in the Book and a person's choice are never
 * changed; a rule-filled draft still follows the bank's corrections.
 */
import { describe, expect, it } from "vitest";
import { Products } from "plaid";
import { daysAgo } from "@/lib/dates";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { createRule, listRules } from "@/lib/books/counter-rules/store";
import { ruleInput } from "@/lib/books/counter-rules/schema";
import { plain } from "@/lib/books/suggestions/normalize";
import { createConnectionFromLink } from "@/lib/connections/service";
import { linkAccount } from "@/lib/integrations/service";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import type { SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { databaseBackends, type Backend } from "../helpers/databases";
import { withSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";

describe.each(databaseBackends())("counter-account rules on new drafts on $name", (backend: Backend) => {
  let db: SandboxWorld["db"];
  let sp: SandboxHarness;
  let deps: EngineDeps;
  withSandboxWorld(backend, (w) => void ({ db, sp, deps } = w));

  it("fills the other side of matching new drafts, exactly once, never touching older drafts or a person's choice", async () => {
    const client = (await db.prisma.user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    const keeper = (await db.prisma.user.findUniqueOrThrow({ where: { email: "bookkeeper@example.com" } })).id;
    const acme = (await db.prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    const pub = await sp.plaidApi.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions], options: { override_username: "user_5", transactions: { days_requested: 400 } } });
    const r = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: client, bookId: acme, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: "ins_109508" } });
    const sync = async () => expect((await syncConnection(db.prisma, deps, r.connectionId, { trigger: "manual" })).status).toBe("done");
    await sync();
    const g = new LocalBookGateway(db.prisma, keeper);

    // The busiest account's most frequent money-out description: what the rule names.
    const counts = await db.prisma.bankTransaction.groupBy({ by: ["institutionAccountId"], where: { connectionId: r.connectionId, pending: false }, _count: { _all: true } });
    const busiest = counts.sort((a, b) => b._count._all - a._count._all)[0]!.institutionAccountId;
    const outs = await db.prisma.bankTransaction.findMany({ where: { institutionAccountId: busiest, direction: "out", pending: false, date: { gte: new Date(`${daysAgo(365)}T00:00:00Z`) } } });
    const freq = new Map<string, number>();
    for (const b of outs) freq.set(b.description, (freq.get(b.description) ?? 0) + 1);
    const [merchant] = [...freq.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const words = merchant.toUpperCase();
    const matching = outs.filter((b) => plain(b.description).includes(plain(words)));
    expect(matching.length).toBeGreaterThan(2);

    const accounts = await g.listAccounts(acme);
    const target = (await g.createAccount(acme, { name: "Rules test: target", type: "OUTGOING" })).id;
    const wrongWay = (await g.createAccount(acme, { name: "Rules test: money in only", type: "INCOMING" })).id;
    const tooBig = (await g.createAccount(acme, { name: "Rules test: above a million", type: "OUTGOING" })).id;
    expect(accounts.length).toBeGreaterThan(0);
    const add = async (raw: Record<string, string>) => createRule(db.prisma, ruleInput.parse({ bookId: acme, ...raw }), await g.listAccounts(acme));
    // The same words: the oldest fitting rule wins, so the two older ones are passed over only because
    // they do not fit (money in only; a million and up).
    await add({ words: words, accountId: tooBig, minAmount: "1000000" });
    await add({ words: words, accountId: wrongWay, direction: "in" });
    await add({ words: words.toLowerCase(), accountId: target, direction: "out", maxAmount: "999999.99" });
    expect(await listRules(db.prisma, acme)).toHaveLength(3);

    const account = await db.prisma.institutionAccount.findUniqueOrThrow({ where: { id: busiest } });
    await linkAccount(db.prisma, new LocalBookGateway(db.prisma, client), sp.plaid, { userId: client, bookId: acme, institutionAccountId: account.id, bookAccount: { create: { name: "Rules test" } }, periodStart: daysAgo(365) });
    await sync();
    const bookAccountId = (await db.prisma.integration.findFirstOrThrow({ where: { bookId: acme, institutionAccountId: busiest } })).bookAccountId;

    const ledger = async () => (await g.listTransactions(acme, { accountId: bookAccountId, includeTrashed: true, limit: 5000 })).filter((t) => t.properties.provider === "plaid");
    const first = await ledger();
    const filled = first.filter((t) => t.debitAccountId === target);
    expect(filled.length).toBe(matching.length);
    for (const t of filled) {
      expect(plain(t.description)).toContain(plain(words));
      expect(t).toMatchObject({ posted: false, creditAccountId: bookAccountId, properties: { counter_account_rule: words.toLowerCase() } });
    }
    // Everything else arrived as before: the other side empty; no draft got the money-in or the million rule.
    for (const t of first.filter((x) => x.debitAccountId !== target)) expect(t.creditAccountId === null || t.debitAccountId === null).toBe(true);
    expect(first.some((t) => t.creditAccountId === wrongWay || t.debitAccountId === tooBig)).toBe(false);

    // Exactly once: a second sync and a re-queue of every Posting create nothing and change nothing.
    await db.prisma.posting.updateMany({ where: { integration: { bookId: acme, institutionAccountId: busiest } }, data: { dirty: true, nextAttemptAt: new Date() } });
    await sync();
    const again = await ledger();
    expect(again.map((t) => t.id).sort()).toEqual(first.map((t) => t.id).sort());
    expect(new Set(again.flatMap((t) => t.remoteIds)).size).toBe(again.flatMap((t) => t.remoteIds).length);

    // A person changes one rule-filled draft's Account; the bank then corrects two of them: the person's
    // stays as they left it, the rule's own follows the bank (its side stays the rule's).
    const [mine, rules] = filled;
    const other = (await g.createAccount(acme, { name: "Rules test: the person's choice", type: "OUTGOING" })).id;
    await g.editTransaction(acme, mine!.id, { date: mine!.date, amount: mine!.amount, description: mine!.description, creditAccountId: mine!.creditAccountId, debitAccountId: other });
    const ids = [mine!, rules!].map((t) => t.properties.bank_transaction_id!);
    const rows = await db.prisma.bankTransaction.findMany({ where: { connectionId: r.connectionId, providerTransactionId: { in: ids } } });
    for (const b of rows) await db.prisma.bankTransaction.update({ where: { id: b.id }, data: { amount: b.amount.plus(1) } });
    await db.prisma.posting.updateMany({ where: { bankTransactionId: { in: rows.map((b) => b.id) } }, data: { dirty: true, nextAttemptAt: new Date(), attempts: 0 } });
    await sync();
    const after = new Map((await ledger()).map((t) => [t.id, t]));
    expect(after.get(mine!.id)).toMatchObject({ amount: mine!.amount, debitAccountId: other });
    expect(after.get(rules!.id)).toMatchObject({ debitAccountId: target, posted: false });
    expect(Number(after.get(rules!.id)!.amount)).toBeCloseTo(Number(rules!.amount) + 1, 2);

    // A new rule does not reach drafts already in the Book.
    const later = (await g.createAccount(acme, { name: "Rules test: too late", type: "OUTGOING" })).id;
    const someoneElse = first.find((t) => t.debitAccountId === null)!;
    await add({ words: someoneElse.description, accountId: later });
    await db.prisma.posting.updateMany({ where: { integration: { bookId: acme, institutionAccountId: busiest } }, data: { dirty: true, nextAttemptAt: new Date() } });
    await sync();
    expect((await g.findByRemoteId(acme, someoneElse.remoteIds[0]!))?.debitAccountId).toBeNull();
  }, 240_000);
});
