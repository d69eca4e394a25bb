/**
 * Issue 14: a person's work on a draft is never overwritten by the sync. Through the real engine
 * (official Plaid client on the sandbox, PGlite and PostgreSQL): after the bookkeeper completes,
 * posts, checks, trashes or edits drafts, the bank modifies and then removes those same transactions
 * (written into the store as a sync does, so the case is certain), and the next syncs leave every
 * person's change as it was — while an untouched draft still follows the bank (the test can fail).
 */
import { describe, expect, it } from "vitest";
import { Products } from "plaid";
import { daysAgo } from "@/lib/dates";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import type { BookTransaction } from "@/lib/books/types";
import { createConnectionFromLink } from "@/lib/connections/service";
import { linkAccount } from "@/lib/integrations/service";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import type { SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { databaseBackends, type Backend } from "../helpers/databases";
import { withSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";

describe.each(databaseBackends())("the sync keeps a person's changes on $name", (backend: Backend) => {
  let db: SandboxWorld["db"];
  let sp: SandboxHarness;
  let deps: EngineDeps;
  withSandboxWorld(backend, (w) => void ({ db, sp, deps } = w));

  it("completed, posted, checked, trashed and hand-edited drafts survive the bank's modifications and removals", async () => {
    const client = (await db.prisma.user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    const keeper = (await db.prisma.user.findUniqueOrThrow({ where: { email: "bookkeeper@example.com" } })).id;
    const acme = (await db.prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    const pub = await sp.plaidApi.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions], options: { override_username: "user_5", transactions: { days_requested: 400 } } });
    const r = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: client, bookId: acme, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: "ins_109508" } });
    const sync = async () => {
      const s = await syncConnection(db.prisma, deps, r.connectionId, { trigger: "manual" });
      expect(s.status).toBe("done");
    };
    await sync();
    // The account with the most transactions (a checking account).
    const counts = await db.prisma.bankTransaction.groupBy({ by: ["institutionAccountId"], where: { connectionId: r.connectionId }, _count: { _all: true } });
    const busiest = counts.sort((a, b) => b._count._all - a._count._all)[0]!.institutionAccountId;
    const account = await db.prisma.institutionAccount.findUniqueOrThrow({ where: { id: busiest } });
    const g = new LocalBookGateway(db.prisma, keeper);
    await linkAccount(db.prisma, new LocalBookGateway(db.prisma, client), sp.plaid, { userId: client, bookId: acme, institutionAccountId: account.id, bookAccount: { create: { name: "Person test" } }, periodStart: daysAgo(365) });
    await sync();
    const other = (await g.createAccount(acme, { name: "Person test: other side", type: "OUTGOING" })).id;

    const page = await g.listTransactionPage(acme, { status: "draft", text: "", limit: 200 });
    const drafts = page.items.filter((t) => t.properties.provider === "plaid" && t.remoteIds.length === 1);
    expect(drafts.length).toBeGreaterThan(7);
    const [completed, posted, checked, trashed, edited, untouched, removedUntouched] = drafts;
    const complete = (t: BookTransaction) => {
      const edit = { date: t.date, amount: t.amount, description: t.description, creditAccountId: t.creditAccountId ?? other, debitAccountId: t.debitAccountId ?? other };
      return g.editTransaction(acme, t.id, edit);
    };
    await complete(completed!);
    await complete(posted!);
    await complete(checked!);
    await g.postTransactions(acme, [posted!.id, checked!.id]);
    await g.checkTransactions(acme, [checked!.id]);
    await g.trashTransactions(acme, [trashed!.id]);
    await g.editTransaction(acme, edited!.id, { ...edited!, description: "Lunch with the client" });
    const before = new Map<string, BookTransaction>();
    for (const t of [completed, posted, checked, trashed, edited]) before.set(t!.id, (await g.findByRemoteId(acme, t!.remoteIds[0]!))!);

    // The bank changes amount and description of all of them (and of one untouched draft)…
    const providerIds = (ts: (BookTransaction | undefined)[]) => ts.map((t) => t!.remoteIds[0]!.replace(/^plaid:/, ""));
    const bankRows = async (ts: (BookTransaction | undefined)[]) => db.prisma.bankTransaction.findMany({ where: { connectionId: r.connectionId, providerTransactionId: { in: providerIds(ts) } } });
    const modify = [completed, posted, checked, trashed, edited, untouched];
    for (const b of await bankRows(modify)) await db.prisma.bankTransaction.update({ where: { id: b.id }, data: { amount: b.amount.plus(1), description: `${b.description} (corrected)` } });
    await db.prisma.posting.updateMany({ where: { bankTransaction: { id: { in: (await bankRows(modify)).map((b) => b.id) } } }, data: { dirty: true, nextAttemptAt: new Date(), attempts: 0 } });
    await sync();
    for (const [id, was] of before) expect(await g.findByRemoteId(acme, was.remoteIds[0]!), id).toEqual(was);
    const followed = (await g.findByRemoteId(acme, untouched!.remoteIds[0]!))!;
    expect(followed.description).toMatch(/\(corrected\)$/);

    // …then removes them: nobody's work is trashed; an untouched draft is.
    const remove = [completed, posted, checked, edited, removedUntouched];
    const rows = await bankRows(remove);
    await db.prisma.bankTransaction.updateMany({ where: { id: { in: rows.map((b) => b.id) } }, data: { removed: true } });
    await db.prisma.posting.updateMany({ where: { bankTransactionId: { in: rows.map((b) => b.id) } }, data: { dirty: true, nextAttemptAt: new Date(), attempts: 0 } });
    await sync();
    for (const t of [completed, posted, checked]) expect(await g.findByRemoteId(acme, t!.remoteIds[0]!)).toEqual(before.get(t!.id));
    expect((await g.findByRemoteId(acme, removedUntouched!.remoteIds[0]!))?.trashed).toBe(true);
    const flagged = await db.prisma.posting.count({ where: { bankTransaction: { id: { in: rows.map((b) => b.id) } }, state: "FLAGGED" } });
    expect(flagged).toBe(3);
  }, 180_000);
});
