/**
 * Counter-account suggestions (issue 14, "Done when" 4) on a real database (PGlite and PostgreSQL), with
 * drafts from a real sync (official Plaid client on the sandbox) and the Book page's own actions: after
 * the bookkeeper completes a handful of drafts of one merchant, every next draft of that merchant
 * suggests the same Account — accepting one completes it through the Complete action, audited as such —
 * and a merchant nobody completed gets no suggestion.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Products } from "plaid";
import { describeAudit } from "@/lib/audit/describe";
import { daysAgo } from "@/lib/dates";
import { loadBookPage } from "@/lib/books/book-page";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { descriptionKey } from "@/lib/books/suggestions/normalize";
import type { BookTransaction } from "@/lib/books/types";
import { createConnectionFromLink } from "@/lib/connections/service";
import { seedDemoData } from "@/lib/db/seed";
import { linkAccount } from "@/lib/integrations/service";
import { syncConnection } from "@/lib/sync/engine";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { createTestApp } from "../helpers/app-context";
import { databaseBackends, type Backend } from "../helpers/databases";
import { sandboxEngineDeps } from "../helpers/engine";
import { useEmbeddedSecrets } from "../helpers/secrets";

const state = createTestApp();
const actions = state.bind(await import("@/app/(portal)/books/[bookId]/actions"));

describe.each(databaseBackends())("counter-account suggestions on $name", (backend: Backend) => {
  let sp: SandboxHarness;
  const db = () => state.db!.prisma;

  beforeAll(async () => {
    useEmbeddedSecrets();
    state.db = await backend.open();
    await seedDemoData(db());
    sp = await startSandboxHarness();
  });
  afterAll(async () => {
    await sp?.close();
    await state.db?.close();
  });

  it("learns a merchant's Account from a handful of completed drafts and suggests it for the next ones", async () => {
    const client = (await db().user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    const keeper = (await db().user.findUniqueOrThrow({ where: { email: "bookkeeper@example.com" } })).id;
    const acme = (await db().book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    const pub = await sp.plaidApi.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions], options: { override_username: "user_5", transactions: { days_requested: 400 } } });
    const r = await createConnectionFromLink(db(), sp.plaid, { ownerId: client, bookId: acme, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: "ins_109508" } });
    const deps = sandboxEngineDeps(db(), sp);
    const sync = async () => expect((await syncConnection(db(), deps, r.connectionId, { trigger: "manual" })).status).toBe("done");
    await sync();
    const counts = await db().bankTransaction.groupBy({ by: ["institutionAccountId"], where: { connectionId: r.connectionId }, _count: { _all: true } });
    const busiest = counts.sort((a, b) => b._count._all - a._count._all)[0]!.institutionAccountId;
    await linkAccount(db(), new LocalBookGateway(db(), client), sp.plaid, { userId: client, bookId: acme, institutionAccountId: busiest, bookAccount: { create: { name: "Suggestions test" } }, periodStart: daysAgo(365) });
    await sync();

    const g = new LocalBookGateway(db(), keeper);
    const page = async (text?: string) => {
      const loaded = await loadBookPage(g, acme, undefined, { status: "draft", ...(text ? { text } : {}) }, { suggest: true });
      if (!loaded.ok || !loaded.data) throw new Error("the Book page did not load");
      return loaded.data;
    };
    // The merchants of the new drafts, busiest first (money out: the To side is empty).
    const drafts = (await g.listTransactionPage(acme, { status: "draft", limit: 200 })).items.filter((t) => t.properties.provider === "plaid" && t.creditAccountId && !t.debitAccountId);
    const byMerchant = new Map<string, BookTransaction[]>();
    for (const t of drafts) {
      const m = t.properties.merchant;
      if (m) byMerchant.set(m, [...(byMerchant.get(m) ?? []), t]);
    }
    const ranked = [...byMerchant.entries()].sort((a, b) => b[1].length - a[1].length);
    const [merchant, ofMerchant] = ranked[0]!;
    expect(ofMerchant.length).toBeGreaterThan(5);
    const untaught = ranked.find(([m]) => m !== merchant && descriptionKey(m) !== descriptionKey(merchant))![0];

    // Nothing learned yet: no suggestion for this merchant.
    const before = await page(merchant);
    expect(before.transactions.length).toBeGreaterThan(0);
    expect(before.transactions.filter((t) => before.suggestions.has(t.id))).toEqual([]);

    // The bookkeeper completes three of them with Office Supplies and posts them (the Complete dialog's action).
    const supplies = (await db().ledgerAccount.findFirstOrThrow({ where: { bookId: acme, name: "Office Supplies" } })).id;
    await state.signIn("bookkeeper@example.com");
    for (const t of ofMerchant.slice(0, 3)) {
      const done = await actions.editTransaction({ bookId: acme, transactionId: t.id, date: t.date, amount: t.amount, description: t.description, creditAccountId: t.creditAccountId!, debitAccountId: supplies, post: "1" });
      expect(done).toMatchObject({ ok: true, data: { posted: true } });
    }

    // Every next draft of that merchant suggests Office Supplies; the merchant nobody completed, nothing.
    const after = await page(merchant);
    const next = after.transactions.filter((t) => t.properties.merchant === merchant && !t.posted);
    expect(next.length).toBeGreaterThan(0);
    for (const t of next) expect(after.suggestions.get(t.id), t.description).toMatchObject({ accountId: supplies, support: 3 });
    for (const t of next) expect(after.suggestions.get(t.id)!.confidence).toBeGreaterThanOrEqual(0.6);
    const other = await page(untaught);
    expect(other.transactions.filter((t) => t.properties.merchant === untaught && other.suggestions.has(t.id))).toEqual([]);

    // Accepting a suggestion is completing: the same action, with the suggested Account, audited as accepted.
    const take = next[0]!;
    const s = after.suggestions.get(take.id)!;
    const accepted = await actions.editTransaction({ bookId: acme, transactionId: take.id, date: take.date, amount: take.amount, description: take.description, creditAccountId: take.creditAccountId!, debitAccountId: s.accountId, suggested: "1" });
    expect(accepted).toMatchObject({ ok: true, data: { posted: false, debitAccountId: supplies } });
    const event = await db().auditEvent.findFirstOrThrow({ where: { bookId: acme, action: "transaction.edit" }, orderBy: { at: "desc" } });
    expect(event.details).toMatchObject({ transactionId: take.id, suggested: true, to: "Office Supplies" });
    expect(describeAudit("transaction.edit", event.details as Record<string, unknown>)).toMatch(/From Suggestions test To Office Supplies\. The suggested Account was accepted\.$/);
    // A completed draft has nothing left to suggest; a VIEWER's page asks for no suggestions at all.
    expect((await page(merchant)).suggestions.has(take.id)).toBe(false);
    const viewer = await loadBookPage(new LocalBookGateway(db(), keeper), acme, undefined, { status: "draft", text: merchant });
    expect(viewer.ok && viewer.data!.suggestions.size).toBe(0);
  }, 240_000);
});
