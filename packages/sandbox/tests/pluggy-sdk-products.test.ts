/**
 * pluggy-sdk's product methods (consents, identity, bills, loans, investments, statements) against
 * the emulator, every answer parsed with the strict zod shapes held to the sdk's types
 * (pluggy-sdk-shapes.ts), with and without their page options; unknown
 * ids 404, another client's Item is refused; a clock jump leaves no update running.
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { DAY_MS } from "@bank-connections/sandbox/data";
import { createPluggySandbox } from "@bank-connections/sandbox/pluggy";
import { bill, consent, identity, investment, investmentTx, loan, page, statement } from "./pluggy-sdk-shapes";
import { client, rejection, sandbox, waitWhileUpdating, registerPluggySdkHarness } from "./pluggy-sdk-support";

registerPluggySdkHarness();

async function connected(): Promise<string> {
  const created = await client.createItem(0, { user: "user-ok", password: "password-ok" });
  const { item } = await waitWhileUpdating(created.id);
  expect(item.status).toBe("UPDATED");
  return item.id;
}

describe("pluggy-sdk product methods against the emulator", () => {
  it("consents, identity, bills, loans, investments and statements: typed shapes, deterministic, by id", async () => {
    const itemId = await connected();
    const consents = page(consent).parse(await client.fetchConsents(itemId));
    expect(consents.results).toHaveLength(1);
    expect(consents.results[0]!.expiresAt).toBeNull(); // a classic (non Open Finance) connector
    expect(consent.parse(await client.fetchConsent(consents.results[0]!.id)).itemId).toBe(itemId);

    const id1 = identity.parse(await client.fetchIdentityByItemId(itemId));
    expect(identity.parse(await client.fetchIdentity(id1.id))).toEqual(id1);

    const accounts = (await client.fetchAccounts(itemId)).results;
    const card = accounts.find((a) => a.type === "CREDIT")!;
    const bills = page(bill).parse(await client.fetchCreditCardBills(card.id, { pageSize: 500 }));
    expect(bills.results.length).toBeGreaterThan(6);
    expect(bills.results.some((b) => b.totalAmount > 0 && b.payments.length > 0)).toBe(true);
    expect(bill.parse(await client.fetchCreditCardBill(bills.results[0]!.id)).id).toBe(bills.results[0]!.id);

    const loans = page(loan).parse(await client.fetchLoans(itemId));
    expect(loans.results.length).toBeGreaterThan(0);
    expect(loan.parse(await client.fetchLoan(loans.results[0]!.id)).itemId).toBe(itemId);

    const investments = page(investment).parse(await client.fetchInvestments(itemId));
    expect(investments.results.length).toBe(3);
    const fixed = page(investment).parse(await client.fetchInvestments(itemId, "FIXED_INCOME"));
    expect(fixed.results.map((i) => i.type)).toEqual(["FIXED_INCOME"]);
    const one = investment.parse(await client.fetchInvestment(investments.results[1]!.id));
    const txs = page(investmentTx).parse(await client.fetchInvestmentTransactions(one.id));
    expect(txs.results.length).toBeGreaterThan(0);
    expect((await client.fetchAllInvestmentTransactions(one.id)).map((t) => investmentTx.parse(t).id).sort()).toEqual(txs.results.map((t) => t.id).sort());

    const bank = accounts.find((a) => a.type === "BANK")!;
    const statements = page(statement).parse(await client.fetchAccountStatements(bank.id));
    expect(statements.results.length).toBeGreaterThan(6);

    // Same login → same data on a second Item (ids differ).
    const other = await connected();
    const loans2 = (await client.fetchLoans(other)).results;
    expect(loans2.map((l) => [l.productName, l.contractAmount])).toEqual(loans.results.map((l) => [l.productName, l.contractAmount]));
  });

  it("every list method honours its page options (page, pageSize) as the sdk sends them; bad ones are refused", async () => {
    const itemId = await connected();
    const card = (await client.fetchAccounts(itemId)).results.find((a) => a.type === "CREDIT")!;
    const [holding] = (await client.fetchInvestments(itemId)).results;
    const lists: Array<[string, (o: { page?: number; pageSize?: number }) => Promise<{ results: Array<{ id: string }>; page: number; total: number; totalPages: number }>, z.ZodType<{ id: string }>]> = [
      ["consents", (o) => client.fetchConsents(itemId, o), consent],
      ["bills", (o) => client.fetchCreditCardBills(card.id, o), bill],
      ["loans", (o) => client.fetchLoans(itemId, o), loan],
      ["investments", (o) => client.fetchInvestments(itemId, undefined, o), investment],
      ["investment transactions", (o) => client.fetchInvestmentTransactions(holding!.id, o), investmentTx],
    ];
    for (const [name, list, shape] of lists) {
      const all = page(shape).parse(await list({ pageSize: 500 }));
      expect(all.total, name).toBe(all.results.length);
      const ones = [];
      for (let p = 1; p <= all.total; p++) {
        const one = page(shape).parse(await list({ page: p, pageSize: 1 }));
        expect([one.page, one.total, one.totalPages], name).toEqual([p, all.total, Math.max(1, all.total)]);
        ones.push(...one.results.map((r) => r.id));
      }
      expect(ones, name).toEqual(all.results.map((r) => r.id));
      expect(page(shape).parse(await list({ page: all.total + 1, pageSize: 1 })).results, name).toEqual([]);
      expect(await rejection(list({ pageSize: 501 })), name).toMatchObject({ code: 400 });
    }
  });

  it("unknown ids 404; another client's Item is refused", async () => {
    const zero = "00000000-0000-4000-8000-000000000000";
    for (const p of [client.fetchConsent(zero), client.fetchIdentity(zero), client.fetchCreditCardBill(zero), client.fetchLoan(zero), client.fetchInvestment(zero), client.fetchInvestmentTransactions(zero), client.fetchAccountStatements(zero), client.fetchConsents(zero), client.fetchLoans(zero)]) {
      expect(await rejection(p)).toMatchObject({ code: 404 });
    }
    // Another client (an emulator accepting any keys): the same Item and its records are not found.
    const open = createPluggySandbox({ execution: { pollsToSettle: 1, settleAfterMs: null, background: false }, webhookSender: async () => ({ status: 200 }) });
    try {
      const key = async (clientId: string) => ((await open.handle({ method: "POST", path: "/auth", query: {}, headers: {}, body: { clientId, clientSecret: "s" } })).body as { apiKey: string }).apiKey;
      const [a, b] = [await key("client-a"), await key("client-b")];
      const get = async (k: string, path: string, query: Record<string, string> = {}) => open.handle({ method: "GET", path, query, headers: { "x-api-key": k }, body: undefined });
      const made = await open.handle({ method: "POST", path: "/items", query: {}, headers: { "x-api-key": a }, body: { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } } });
      const id = (made.body as { id: string }).id;
      await open.control.settleAll();
      const loanId = ((await get(a, "/loans", { itemId: id })).body as { results: Array<{ id: string }> }).results[0]!.id;
      for (const [path, query] of [["/consents", { itemId: id }], ["/identity", { itemId: id }], ["/loans", { itemId: id }], ["/investments", { itemId: id }], [`/loans/${loanId}`, {}]] as const) {
        expect((await get(a, path, query)).status).toBe(200);
        const refused = await get(b, path, query);
        expect([refused.status, (refused.body as { code: number }).code]).toEqual([404, 404]);
      }
    } finally {
      open.close();
    }
  });

  it("setConsent dates the consent: item.consentExpiresAt and GET /consents show it", async () => {
    const itemId = await connected();
    const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
    const wire = await sandbox.control.setConsent(itemId, { expiresAt: at });
    expect(wire.consentExpiresAt).toBe(at);
    expect((await client.fetchItem(itemId)).consentExpiresAt?.toISOString()).toBe(at);
    expect((await client.fetchConsents(itemId)).results[0]!.expiresAt?.toISOString()).toBe(at);
  });

  it("a clock jump leaves no update running: an immediate PATCH starts a new one", async () => {
    const itemId = await connected();
    await sandbox.control.advanceClock(3);
    try {
      const patched = await client.updateItem(itemId);
      expect(patched.status).toBe("UPDATING");
      const done = await waitWhileUpdating(itemId);
      expect([done.item.status, done.item.executionStatus]).toEqual(["UPDATED", "SUCCESS"]);
    } finally {
      await sandbox.control.advanceClock(-3);
    }
    expect(DAY_MS).toBe(86_400_000);
  });
});
