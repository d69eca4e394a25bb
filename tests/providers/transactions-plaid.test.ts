/**
 * Plaid transactions through the app's provider (official SDK) against the sandbox bank:
 * normalized pages, cursor discipline, pending→posted, signs, and the mutation error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Products } from "plaid";
import { listInstitutions } from "@bank-connections/sandbox/data";
import { isProviderError } from "@/lib/providers/errors";
import { fetchTransactionsPage, toBankTransaction } from "@/lib/providers/plaid/transactions";
import { type BankTransaction, type TransactionPage, isSyncMutationError, toDecimalAmount } from "@/lib/providers/transactions";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";

type Update = { added: BankTransaction[]; modified: BankTransaction[]; removed: TransactionPage["removed"]; cursor: string; pages: number };

let sp: SandboxHarness;
const usBank = listInstitutions("US")[0]!;

async function newItem(username: string): Promise<string> {
  const { public_token } = (
    await sp.plaidApi.sandboxPublicTokenCreate({
      institution_id: usBank.institutionId,
      initial_products: [Products.Transactions],
      options: { override_username: username, override_password: "pass_good" },
    })
  ).data;
  return (await sp.plaidApi.itemPublicTokenExchange({ public_token })).data.access_token;
}

/** Pages to hasMore=false from `start`, as the sync engine would (through the BankProvider method). */
async function update(accessToken: string, start: string | null, count = 500): Promise<Update> {
  const u: Update = { added: [], modified: [], removed: [], cursor: start ?? "", pages: 0 };
  for (let polls = 0; ; ) {
    const page = await sp.plaid.fetchTransactionsPage(accessToken, u.cursor || null, { count });
    u.pages++;
    u.added.push(...page.added);
    u.modified.push(...page.modified);
    u.removed.push(...page.removed);
    if (page.nextCursor === "" && !page.hasMore) {
      // Not ready yet (a fresh item): poll again from the same start.
      expect(++polls).toBeLessThan(5);
      continue;
    }
    u.cursor = page.nextCursor;
    if (!page.hasMore) return u;
  }
}

function apply(local: Map<string, BankTransaction>, u: Update): void {
  for (const t of u.added) local.set(t.providerTransactionId, t);
  for (const t of u.modified) {
    expect(local.has(t.providerTransactionId)).toBe(true);
    local.set(t.providerTransactionId, t);
  }
  for (const r of u.removed) local.delete(r.providerTransactionId);
}

async function expectPostedEqualsGroundTruth(accessToken: string, local: Map<string, BankTransaction>): Promise<void> {
  const truth = Object.values(await sp.plaidSandbox.groundTruth(accessToken)).flat();
  const posted = [...local.values()].filter((t) => !t.pending);
  expect(posted.map((t) => t.providerTransactionId).sort()).toEqual(truth.map((s) => s.id).sort());
  for (const s of truth) {
    const t = local.get(s.id)!;
    expect(t).toMatchObject({
      providerAccountId: s.accountId,
      date: s.date,
      amount: toDecimalAmount(s.amount, s.currency),
      direction: s.amount > 0 ? "out" : "in",
      currency: s.currency,
      description: (s.merchantName ?? s.name).trim(),
      pending: false,
    });
  }
}

beforeAll(async () => {
  sp = await startSandboxHarness();
});
afterAll(async () => {
  await sp?.close();
});

describe("Plaid fetchTransactionsPage (official SDK → sandbox)", () => {
  let accessToken = "";
  let cursor = "";
  const local = new Map<string, BankTransaction>();

  it("pages the full history to hasMore=false, equal to the sandbox's ground truth", async () => {
    accessToken = await newItem("user_good");
    const first = await update(accessToken, null, 100);
    expect(first.pages).toBeGreaterThan(1); // count 100 forces several pages
    expect(first.removed).toEqual([]);
    apply(local, first);
    cursor = first.cursor;
    await expectPostedEqualsGroundTruth(accessToken, local);
    for (const t of local.values()) {
      expect(t.amount).toMatch(/^\d+\.\d{2}$/);
      expect(t.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(t.raw).toBeUndefined();
    }
    // Nothing new while the clock stands still: same cursor back, empty page.
    const idle = await update(accessToken, cursor);
    expect(idle.added.length + idle.modified.length + idle.removed.length).toBe(0);
    expect(idle.cursor).toBe(cursor);
  });

  it("direction from the account's side: a salary is in, a card purchase is out", async () => {
    const accounts = await sp.plaid.getAccounts(accessToken);
    const card = accounts.find((a) => a.type === "credit")!;
    expect(card).toBeDefined();
    const txs = [...local.values()];
    const cardPurchases = txs.filter((t) => t.providerAccountId === card.providerAccountId && t.direction === "out");
    expect(cardPurchases.length).toBeGreaterThan(0);
    const truth = Object.values(await sp.plaidSandbox.groundTruth(accessToken)).flat();
    const salaries = truth.filter((s) => s.kind === "salary");
    expect(salaries.length).toBeGreaterThan(0);
    for (const s of salaries) expect(local.get(s.id)?.direction).toBe("in");
    const purchase = truth.find((s) => s.accountId === card.providerAccountId && s.amount > 0)!;
    expect(local.get(purchase.id)).toMatchObject({ direction: "out", amount: toDecimalAmount(purchase.amount, purchase.currency) });
  });

  it("after 7 days the saved cursor brings only the changes, with pending→posted pairs", async () => {
    const pendingBefore = [...local.values()].filter((t) => t.pending);
    expect(pendingBefore.length).toBeGreaterThan(0);
    const known = new Set(local.keys());
    await sp.plaidSandbox.advanceClock(7);
    const second = await update(accessToken, cursor);
    expect(second.added.length).toBeGreaterThan(0);
    // Only new or changed rows: every added id is new, every modified/removed id was known.
    for (const t of second.added) expect(known.has(t.providerTransactionId)).toBe(false);
    for (const t of second.modified) expect(known.has(t.providerTransactionId)).toBe(true);
    for (const r of second.removed) expect(known.has(r.providerTransactionId)).toBe(true);
    expect(second.added.length + second.modified.length + second.removed.length).toBeLessThan(local.size);

    const removedIds = new Set(second.removed.map((r) => r.providerTransactionId));
    const pairs = second.added.filter((t) => t.pendingTransactionId !== null && removedIds.has(t.pendingTransactionId));
    expect(pairs.length).toBeGreaterThan(0);
    for (const posted of pairs) {
      const pend = local.get(posted.pendingTransactionId!)!;
      expect(pend.pending).toBe(true);
      expect(posted.pending).toBe(false);
      expect(posted.providerAccountId).toBe(pend.providerAccountId);
      expect(second.removed.find((r) => r.providerTransactionId === pend.providerTransactionId)?.providerAccountId).toBe(pend.providerAccountId);
    }
    apply(local, second);
    await expectPostedEqualsGroundTruth(accessToken, local);
    cursor = second.cursor;
  });

  it("TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION is detectable, and a restart from the starting cursor succeeds", async () => {
    const token = await newItem("user_mutation");
    const start = await sp.plaid.fetchTransactionsPage(token, null, { count: 50 });
    const firstPage = start.nextCursor === "" ? await sp.plaid.fetchTransactionsPage(token, null, { count: 50 }) : start;
    expect(firstPage.hasMore).toBe(true);
    await sp.plaidSandbox.setFaults({ syncMutation: { forceNext: 1 } });
    let caught: unknown;
    try {
      await fetchTransactionsPage(sp.plaidApi, token, firstPage.nextCursor, 50);
    } catch (err) {
      caught = err;
    }
    expect(isProviderError(caught)).toBe(true);
    expect(isSyncMutationError(caught)).toBe(true);
    expect(caught).toMatchObject({ details: { providerCode: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION" } });
    // The engine discards the pages and restarts from the update's starting cursor (null here).
    const again = await update(token, null);
    const truth = Object.values(await sp.plaidSandbox.groundTruth(token)).flat();
    expect(again.added.filter((t) => !t.pending).length).toBe(truth.length);
    await sp.plaidSandbox.resetFaults();
  });

  it("a cursor from another item is refused as a ProviderError", async () => {
    const other = await newItem("user_other_cursor");
    await expect(sp.plaid.fetchTransactionsPage(other, cursor)).rejects.toMatchObject({ name: "ProviderError", details: { providerCode: "INVALID_FIELD" } });
  });
});

describe("Plaid transaction mapping (unit)", () => {
  const base = {
    transaction_id: "tx1",
    account_id: "acc1",
    amount: 12.5,
    iso_currency_code: "USD",
    unofficial_currency_code: null,
    date: "2026-01-03",
    authorized_date: "2026-01-01",
    pending: false,
    pending_transaction_id: "p1",
    name: "  WALMART #123 ",
    merchant_name: " Walmart ",
  };

  it("positive amount = money out, negative = in; absolute decimal string", () => {
    expect(toBankTransaction(base)).toEqual({
      providerTransactionId: "tx1",
      providerAccountId: "acc1",
      date: "2026-01-03",
      amount: "12.50",
      direction: "out",
      currency: "USD",
      description: "Walmart",
      pending: false,
      pendingTransactionId: "p1",
      category: null,
      details: { merchant: "Walmart" },
    });
    // Transfer pairing's evidence: the detailed personal finance category (else the primary).
    expect(toBankTransaction({ ...base, personal_finance_category: { primary: "LOAN_PAYMENTS", detailed: "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT" } }).category).toBe("LOAN_PAYMENTS_CREDIT_CARD_PAYMENT");
    expect(toBankTransaction({ ...base, personal_finance_category: "garbage" }).category).toBeNull();
    expect(toBankTransaction({ ...base, amount: -1500.1 })).toMatchObject({ amount: "1500.10", direction: "in" });
    expect(toBankTransaction({ ...base, amount: 0.1 + 0.2 }).amount).toBe("0.30");
  });

  it("falls back to the authorized date, the name, and the unofficial currency; keeps raw on request", () => {
    const t = toBankTransaction({ ...base, date: null, merchant_name: null, iso_currency_code: null, unofficial_currency_code: "BTC", amount: 0.000123 }, { includeRaw: true });
    expect(t).toMatchObject({ date: "2026-01-01", description: "WALMART #123", currency: "BTC", amount: "0.000123" });
    expect(t.raw).toBeDefined();
    expect(toBankTransaction({ ...base, iso_currency_code: "JPY", amount: 1200 }).amount).toBe("1200");
  });

  it("keeps the counterpart details: merchant, detailed category, a counterparty that is not the merchant; odd shapes are left out", () => {
    const full = {
      ...base,
      personal_finance_category: { primary: "TRANSFER_OUT", detailed: "TRANSFER_OUT_ACCOUNT_TRANSFER", confidence_level: "HIGH" },
      counterparties: [
        { name: "Walmart", type: "merchant" },
        { name: " Venmo ", type: "payment_app" },
      ],
    };
    expect(toBankTransaction(full).details).toEqual({ merchant: "Walmart", category: "TRANSFER_OUT_ACCOUNT_TRANSFER", counterpart: "Venmo" });
    expect(toBankTransaction({ ...base, merchant_name: null, personal_finance_category: { primary: "INCOME" } }).details).toEqual({ category: "INCOME" });
    expect(toBankTransaction({ ...base, merchant_name: null }).details).toBeUndefined();
    // A category or counterparties in a shape we do not expect cost nothing but those fields.
    expect(toBankTransaction({ ...base, personal_finance_category: "FOOD", counterparties: "none" })).toMatchObject({ amount: "12.50", details: { merchant: "Walmart" } });
  });

  it("refuses a transaction without id, amount or date", () => {
    expect(() => toBankTransaction({ ...base, amount: "12" })).toThrow(/cannot be read/);
    expect(() => toBankTransaction({ ...base, date: null, authorized_date: null })).toThrow(/cannot be read/);
  });
});
