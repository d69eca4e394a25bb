/**
 * Bkper Books (issue 14): every draft the sync creates carries clean properties — provider, ids,
 * merchant, category, the counterpart and its CNPJ/CPF where Pluggy gives them, institution and
 * institution account — checked against what Pluggy itself answers for the same transactions; and the
 * suggester learns from a Bkper Book through the gateway, reading it once, then from its cache.
 * Through the real engine: the official Pluggy client on the sandbox, the Bkper gateway on the Bkper
 * double, PGlite and PostgreSQL.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MirroredBkperGateway } from "@/lib/books/bkper/mirrored-gateway";
import { SuggestionCache, suggestionsFor } from "@/lib/books/suggestions/history";
import type { BookTransaction } from "@/lib/books/types";
import { createConnectionFromLink } from "@/lib/connections/service";
import { daysAgo } from "@/lib/dates";
import { linkAccount } from "@/lib/integrations/service";
import { createPluggyClient } from "@/lib/providers/pluggy/client";
import { syncConnection } from "@/lib/sync/engine";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { double, setup, startBkperDouble } from "../helpers/bkper/gateway-fixtures";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";

startBkperDouble();

describe.each(databaseBackends())("properties and suggestions on Bkper Books on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let sp: SandboxHarness;

  beforeAll(async () => {
    useEmbeddedSecrets();
    db = await backend.open();
    sp = await startSandboxHarness();
  });
  afterAll(async () => {
    await sp?.close();
    await db?.close();
  });

  it("writes clean properties on every draft, and suggests from the Book's completed transactions", async () => {
    const email = `bk-props-${randomBytes(3).toString("hex")}@example.com`;
    const user = await db.prisma.user.create({ data: { email } });
    const book = double.addBook({
      id: `agtzfmJrcGVyLWhyZHITCxIGTGVkZ2Vy${randomBytes(9).toString("base64url")}`,
      name: "Padaria (Bkper)",
      timeZone: "America/Sao_Paulo",
      permissions: { [email]: "OWNER" },
      accounts: [{ name: "Padaria supplies", type: "OUTGOING" }],
    });
    const g = new MirroredBkperGateway(db.prisma, user.id, setup(email).g);
    expect(await g.getBook(book.id)).not.toBeNull(); // mirrored: the Book and the membership exist locally

    const pluggy = createPluggyClient({ baseUrl: `${sp.server.url}/pluggy`, clientId: "test", clientSecret: "test" });
    const item = await pluggy.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: user.id });
    for (let i = 0; i < 50 && (await pluggy.fetchItem(item.id)).status === "UPDATING"; i++) await new Promise((res) => setTimeout(res, 30));
    const r = await createConnectionFromLink(db.prisma, sp.pluggy, { ownerId: user.id, bookId: book.id, country: "BR", result: { provider: "PLUGGY", itemId: item.id } });
    const deps = { providerFor: () => sp.pluggy, gatewayFor: () => g, workerId: "test" };
    const sync = async () => expect((await syncConnection(db.prisma, deps, r.connectionId, { trigger: "manual" })).status).toBe("done");
    await sync();
    const connection = await db.prisma.connection.findUniqueOrThrow({ where: { id: r.connectionId }, include: { accounts: true } });
    // A bank account (transfers with paymentData) and the card (merchants with CNPJ).
    const linked = connection.accounts.filter((a) => a.type === "depository" || a.type === "credit");
    expect(linked.length).toBeGreaterThan(1);
    for (const a of linked) {
      await linkAccount(db.prisma, g, sp.pluggy, { userId: user.id, bookId: book.id, institutionAccountId: a.id, bookAccount: { create: { name: `${a.name} ${a.mask ?? ""}`.trim() } }, periodStart: daysAgo(90) });
    }
    await sync();

    const drafts = double.book(book.id).transactions.filter((t) => t.properties.provider === "pluggy");
    expect(drafts.length).toBeGreaterThan(20);
    // What Pluggy says about the same transactions, read with its own client.
    const truth = new Map<string, { merchant?: { name?: string | null; cnpj?: string | null } | null; category?: string | null; type?: string; paymentData?: { payer?: { name?: string; documentNumber?: { value?: string } }; receiver?: { name?: string; documentNumber?: { value?: string } } } | null }>();
    for (const a of linked) for (const t of (await pluggy.fetchTransactions(a.providerAccountId, { pageSize: 500 })).results) truth.set(t.id, t as never);
    const digits = (s: string | undefined) => s?.replace(/\D/g, "");
    let merchants = 0;
    let transfers = 0;
    for (const d of drafts) {
      const p = d.properties;
      const account = linked.find((a) => p.institution_account === (a.mask ? `${a.name} ••${a.mask}` : a.name));
      expect(account, JSON.stringify(p)).toBeDefined();
      expect(p).toMatchObject({ provider: "pluggy", institution: connection.institutionName });
      expect(d.remoteIds).toContain(`pluggy:${p.bank_transaction_id}`);
      const t = truth.get(p.bank_transaction_id!)!;
      expect(t, p.bank_transaction_id).toBeDefined();
      expect(p.category).toBe(t.category ?? undefined);
      if (t.merchant) {
        merchants++;
        expect(p.merchant).toBe(t.merchant.name);
        expect(p.counterpart_document).toMatch(/^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/);
        expect(digits(p.counterpart_document)).toBe(digits(t.merchant.cnpj ?? undefined));
      } else if (t.paymentData) {
        transfers++;
        const other = t.type === "DEBIT" ? t.paymentData.receiver : t.paymentData.payer;
        expect(p.counterpart).toBe(other?.name);
        expect(p.counterpart_document).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
        expect(digits(p.counterpart_document)).toBe(digits(other?.documentNumber?.value));
      } else expect(p.counterpart_document).toBeUndefined();
      expect(Object.values(p).every((v) => typeof v === "string" && v.trim() === v && v.length > 0)).toBe(true);
    }
    expect(merchants).toBeGreaterThan(5);
    expect(transfers).toBeGreaterThan(0);
    // Sent over the wire with the draft, as Bkper stores them.
    const sent = double.requests.filter((q) => q.method === "POST" && q.path === `/v5/books/${book.id}/transactions/batch`).flatMap((q) => (q.body as { items: { properties?: Record<string, string> }[] }).items);
    expect(sent.every((i) => i.properties?.provider === "pluggy" && i.properties.institution_account)).toBe(true);

    // Suggestions through the Bkper gateway: complete and post three drafts of the busiest merchant.
    const accounts = await g.listAccounts(book.id);
    const supplies = accounts.find((a) => a.name === "Padaria supplies")!.id;
    const page = (await g.listTransactionPage(book.id, { status: "draft", limit: 200 })).items;
    const byMerchant = new Map<string, BookTransaction[]>();
    for (const t of page) if (t.properties.merchant && t.creditAccountId && !t.debitAccountId) byMerchant.set(t.properties.merchant, [...(byMerchant.get(t.properties.merchant) ?? []), t]);
    const [merchant, ofMerchant] = [...byMerchant.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(ofMerchant.length).toBeGreaterThan(4);
    for (const t of ofMerchant.slice(0, 3)) await g.editTransaction(book.id, t.id, { date: t.date, amount: t.amount, description: t.description, creditAccountId: t.creditAccountId, debitAccountId: supplies });
    await g.postTransactions(book.id, ofMerchant.slice(0, 3).map((t) => t.id));
    const cache = new SuggestionCache();
    const rest = ofMerchant.slice(3);
    const searches = () => double.count("GET", new RegExp(`^/v5/books/${book.id}/transactions$`));
    const before = searches();
    const first = await suggestionsFor(g, book.id, rest, accounts, cache);
    expect(searches()).toBeGreaterThan(before);
    for (const t of rest) expect(first.get(t.id), `${merchant}: ${t.description}`).toMatchObject({ accountId: supplies, basis: "document" });
    // The next page view reads nothing from Bkper: the model is cached.
    const again = searches();
    expect((await suggestionsFor(g, book.id, rest, accounts, cache)).size).toBe(rest.length);
    expect(searches()).toBe(again);
    // Forgotten (a person changed something): read again.
    cache.forget(book.id);
    await suggestionsFor(g, book.id, rest, accounts, cache);
    expect(searches()).toBeGreaterThan(again);
  }, 240_000);
});
