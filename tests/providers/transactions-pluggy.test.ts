/**
 * Pluggy transactions through the app's provider (official pluggy-sdk) against the sandbox bank:
 * the item-wide cursor over per-account /v2/transactions pages, the createdAt window after an
 * auto-sync, signs on bank and card accounts; plus unit tests of the cursor and sign mapping.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PluggyClient } from "pluggy-sdk";
import { DEFAULT_SANDBOX_BASE, parseClockBase } from "@bank-connections/sandbox/core/clock";
import { DAY_MS, defaultWindow, diffPositions, getLoginData, isoDate, visibleAt, type LoginData, type TxState } from "@bank-connections/sandbox/data";
import { DEFAULT_SEED } from "@bank-connections/sandbox/data/seed";
import { transactionIdFor } from "@bank-connections/sandbox/pluggy/transform";
import { createPluggyClient } from "@/lib/providers/pluggy/client";
import {
  decodePluggyCursor,
  encodePluggyCursor,
  fetchTransactionsPage,
  pluggyDirection,
  pluggyLocalDate,
  rowHash,
  toBankTransaction,
  type PluggyCursor,
} from "@/lib/providers/pluggy/transactions";
import { type BankTransaction, isInvalidCursorError, toDecimalAmount } from "@/lib/providers/transactions";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";

let sp: SandboxHarness;
let client: PluggyClient;
const BASE_MS = parseClockBase(DEFAULT_SANDBOX_BASE);

type Update = { added: BankTransaction[]; modified: BankTransaction[]; removed: unknown[]; cursor: string; pages: number };

async function update(itemId: string, start: string | null): Promise<Update> {
  const u: Update = { added: [], modified: [], removed: [], cursor: start ?? "", pages: 0 };
  for (;;) {
    const page = await sp.pluggy.fetchTransactionsPage(itemId, u.cursor || null);
    u.pages++;
    u.added.push(...page.added);
    u.modified.push(...page.modified);
    u.removed.push(...page.removed);
    u.cursor = page.nextCursor;
    if (!page.hasMore) return u;
    expect(u.pages).toBeLessThan(100);
  }
}

async function settled(itemId: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const item = await client.fetchItem(itemId);
    if (item.status !== "UPDATING" && item.status !== "MERGING") {
      expect([item.status, item.executionStatus]).toEqual(["UPDATED", "SUCCESS"]);
      return;
    }
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error("item did not settle");
}

/** The sandbox clock's instant, read through the control without moving it. */
async function sandboxNow(): Promise<number> {
  return Date.parse(await sp.pluggySandbox.control.advanceClock(0));
}

const dataAt = (nowMs: number): LoginData => getLoginData({ institutionId: "0", username: "user-ok", seed: DEFAULT_SEED }, defaultWindow({ baseMs: BASE_MS, nowMs }));

function expectMatches(t: BankTransaction | undefined, s: TxState): void {
  expect(t, s.id).toBeDefined();
  expect(t).toMatchObject({
    date: s.date,
    amount: toDecimalAmount(s.amount, s.currency),
    direction: s.amount > 0 ? "out" : "in",
    currency: s.currency,
    description: (s.merchantName ?? s.name).trim(),
    pending: s.pending,
    pendingTransactionId: null,
  });
}

beforeAll(async () => {
  sp = await startSandboxHarness();
  client = createPluggyClient({ baseUrl: `${sp.server.url}/pluggy`, clientId: "test", clientSecret: "test" });
});
afterAll(async () => {
  await sp?.close();
});

describe("Pluggy fetchTransactionsPage (official SDK → sandbox)", () => {
  let itemId = "";
  let cursor = "";
  let t0 = 0;
  let historyFrom = "";
  const local = new Map<string, BankTransaction>();

  it("walks every account of the item to hasMore=false, equal to the sandbox's data", async () => {
    itemId = (await client.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: "u-1" })).id;
    await settled(itemId);
    t0 = await sandboxNow();
    historyFrom = isoDate(t0 - 365 * DAY_MS);
    const accounts = await sp.pluggy.getAccounts(itemId);
    expect(accounts.some((a) => a.type === "credit")).toBe(true);

    const first = await update(itemId, null);
    expect(first.pages).toBeGreaterThanOrEqual(accounts.length);
    expect(first.modified).toEqual([]);
    expect(first.removed).toEqual([]);
    for (const t of first.added) local.set(t.providerTransactionId, t);
    expect(local.size).toBe(first.added.length); // no row twice

    const expected = visibleAt(dataAt(t0), t0, { minDate: historyFrom });
    expect([...local.keys()].sort()).toEqual(expected.map((s) => transactionIdFor(itemId, s.id)).sort());
    for (const s of expected) expectMatches(local.get(transactionIdFor(itemId, s.id)), s);
    cursor = first.cursor;

    // Nothing new: the next pass re-reads only the overlap window and delivers nothing.
    const idle = await update(itemId, cursor);
    expect(idle.added.length + idle.modified.length).toBe(0);
  });

  it("direction and amounts: a salary is in; a card purchase (positive amount at Pluggy) is out", async () => {
    const accounts = await sp.pluggy.getAccounts(itemId);
    const card = accounts.find((a) => a.type === "credit")!;
    const expected = visibleAt(dataAt(t0), t0, { minDate: historyFrom });
    const salary = expected.find((s) => s.kind === "salary")!;
    expect(local.get(transactionIdFor(itemId, salary.id))?.direction).toBe("in");
    const purchase = [...local.values()].find((t) => t.providerAccountId === card.providerAccountId && t.direction === "out")!;
    expect(purchase).toBeDefined();
    const raw = await client.fetchTransaction(purchase.providerTransactionId);
    expect(raw.amount).toBeGreaterThan(0); // the card sign convention: a purchase is positive
    expect(raw.type).toBe("DEBIT");
    expect(purchase.amount).toBe(toDecimalAmount(raw.amount, raw.currencyCode));
    const bankOut = [...local.values()].find((t) => t.providerAccountId !== card.providerAccountId && t.direction === "out")!;
    expect((await client.fetchTransaction(bankOut.providerTransactionId)).amount).toBeLessThan(0);
  });

  it("after 7 days and the auto-sync, the saved cursor brings only the new and changed rows", async () => {
    await sp.pluggySandbox.control.advanceClock(7);
    await settled(itemId);
    const t1 = await sandboxNow();
    expect(t1 - t0).toBe(7 * DAY_MS);
    const changes = diffPositions(dataAt(t1), { t: t0, minDate: historyFrom }, { t: t1, minDate: historyFrom });
    const idsOf = (type: string) => changes.filter((c) => c.type === type).map((c) => transactionIdFor(itemId, c.tx.id)).sort();
    expect(idsOf("added").length).toBeGreaterThan(0);
    expect(idsOf("removed").length).toBeGreaterThan(0); // a pending purchase posted: deleted + created at Pluggy

    const second = await update(itemId, cursor);
    expect(second.added.map((t) => t.providerTransactionId).sort()).toEqual(idsOf("added"));
    expect(second.modified.map((t) => t.providerTransactionId).sort()).toEqual(idsOf("modified"));
    // Deletions are not in Pluggy's paging: the engine takes them from transactions/deleted webhooks.
    expect(second.removed).toEqual([]);
    const now = new Map(visibleAt(dataAt(t1), t1, { minDate: historyFrom }).map((s) => [transactionIdFor(itemId, s.id), s]));
    for (const t of [...second.added, ...second.modified]) expectMatches(t, now.get(t.providerTransactionId)!);

    // The cursor moved on: the same changes do not come again.
    const third = await update(itemId, second.cursor);
    expect(third.added.length + third.modified.length).toBe(0);
  });

  it("refuses a cursor of another item, or a corrupted one, as an invalid cursor", async () => {
    const other = (await client.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: "u-2" })).id;
    await settled(other);
    const err = await sp.pluggy.fetchTransactionsPage(other, cursor).catch((e: unknown) => e);
    expect(isInvalidCursorError(err)).toBe(true);
    expect(isInvalidCursorError(await sp.pluggy.fetchTransactionsPage(itemId, `${cursor}%%`).catch((e: unknown) => e))).toBe(true);
  });
});

describe("Pluggy paging inside an account (small v2 pages)", () => {
  it("follows Pluggy's `after` within each account and still returns every row exactly once", async () => {
    const harness = await startSandboxHarness({ pluggy: { v2PageSize: 25 } });
    try {
      const small = harness.pluggyClient;
      const id = (await small.createItem(0, { user: "user-ok", password: "password-ok" })).id;
      for (let i = 0; i < 50 && ["UPDATING", "MERGING"].includes((await small.fetchItem(id)).status); i++) await new Promise((r) => setTimeout(r, 30));
      const accounts = (await small.fetchAccounts(id)).results;
      const want = new Set<string>();
      for (const a of accounts) for (const t of await small.fetchAllTransactions(a.id)) want.add(t.id);
      expect(want.size).toBeGreaterThan(25 * accounts.length);

      const got: string[] = [];
      let cur: string | null = null;
      let pages = 0;
      for (;;) {
        const page = await fetchTransactionsPage(small, id, cur, { includeRaw: true });
        pages++;
        got.push(...page.added.map((t) => t.providerTransactionId));
        expect(page.added.every((t) => t.raw !== undefined)).toBe(true);
        cur = page.nextCursor;
        if (!page.hasMore) break;
        expect(page.added.length).toBeLessThanOrEqual(25);
      }
      expect(pages).toBeGreaterThan(accounts.length);
      expect(got.length).toBe(want.size);
      expect(new Set(got)).toEqual(want);
      // The final cursor keeps the ingestion window compactly: 8 characters of hash per row at most.
      expect(cur.length).toBeLessThan(want.size * 12 + 2_000);
    } finally {
      await harness.close();
    }
  });
});

describe("Pluggy cursor (unit)", () => {
  const cursor: PluggyCursor = {
    v: 1,
    itemId: "item-1",
    hwm: 1_780_000_000_000,
    seen: [[1_780_000_000_000, rowHash("a") + rowHash("b")]],
    known: ["acc-1", "acc-2"],
    pass: { from: 1_779_827_200_000, accounts: [{ id: "acc-1", card: false, currency: "BRL", full: false }], index: 0, after: "eyJrIjoxfQ", max: null, collected: [] },
  };

  it("round-trips through an opaque base64url string", () => {
    const s = encodePluggyCursor(cursor);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePluggyCursor(s, "item-1")).toEqual(cursor);
    expect(rowHash("a")).toHaveLength(8);
    expect(rowHash("a")).toBe(rowHash("a"));
    expect(rowHash("a")).not.toBe(rowHash("b"));
  });

  it("rejects garbage, another item, a wrong version or an out-of-range position with INVALID_CURSOR", () => {
    const bad = (s: string, item = "item-1") => {
      try {
        decodePluggyCursor(s, item);
      } catch (err) {
        return isInvalidCursorError(err);
      }
      return false;
    };
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    expect(bad("not a cursor!")).toBe(true);
    expect(bad(enc("hello"))).toBe(true);
    expect(bad(encodePluggyCursor(cursor), "item-2")).toBe(true);
    expect(bad(enc({ ...cursor, v: 2 }))).toBe(true);
    expect(bad(enc({ ...cursor, pass: { ...cursor.pass!, index: 5 } }))).toBe(true);
    expect(bad(enc({ ...cursor, seen: [[1, "short"]] }))).toBe(true);
    expect(bad(encodePluggyCursor(cursor))).toBe(false);
  });
});

describe("Pluggy sign mapping (unit)", () => {
  it("type decides: DEBIT out, CREDIT in, whatever the sign", () => {
    expect(pluggyDirection("DEBIT", -10, false)).toBe("out");
    expect(pluggyDirection("DEBIT", 10, true)).toBe("out");
    expect(pluggyDirection("CREDIT", 10, false)).toBe("in");
    expect(pluggyDirection("CREDIT", -10, true)).toBe("in");
  });

  it("without a type: bank negative = out; card inverted, positive = out", () => {
    expect(pluggyDirection(null, -10, false)).toBe("out");
    expect(pluggyDirection(null, 10, false)).toBe("in");
    expect(pluggyDirection(undefined, 10, true)).toBe("out");
    expect(pluggyDirection(undefined, -10, true)).toBe("in");
  });

  const row = {
    id: "t1",
    accountId: "card-1",
    date: new Date("2026-03-05T03:00:00.000Z"),
    description: "  Compra Loja  ",
    descriptionRaw: "COMPRA LOJA",
    amount: 120.5,
    amountInAccountCurrency: null,
    currencyCode: "BRL",
    type: "DEBIT",
    status: "POSTED",
    merchant: null,
    createdAt: new Date("2026-03-05T10:00:00.000Z"),
    updatedAt: new Date("2026-03-05T10:00:00.000Z"),
  };

  it("maps a card purchase: absolute amount, out, São Paulo day, trimmed description", () => {
    expect(toBankTransaction(row, { card: true, currency: "BRL" })).toEqual({
      providerTransactionId: "t1",
      providerAccountId: "card-1",
      date: "2026-03-05",
      amount: "120.50",
      direction: "out",
      currency: "BRL",
      description: "Compra Loja",
      pending: false,
      pendingTransactionId: null,
      category: null,
      paymentData: null,
      billId: null,
    });
    // Transfer pairing's evidence: categoryId, paymentData's reference and parties, the card bill.
    expect(
      toBankTransaction(
        { ...row, categoryId: "05070000", paymentData: { referenceNumber: "9F2C", payer: { accountNumber: "00042-2" }, receiver: { accountNumber: "00777-7" } }, creditCardMetadata: { billId: "bill-1" } },
        { card: true, currency: "BRL" },
      ),
    ).toMatchObject({ category: "05070000", paymentData: { referenceNumber: "9F2C", payerAccount: "00042-2", receiverAccount: "00777-7" }, billId: "bill-1" });
    expect(toBankTransaction({ ...row, paymentData: 42, creditCardMetadata: "x" }, { card: true, currency: "BRL" })).toMatchObject({ paymentData: null, billId: null });
    // A card payment/refund: negative on a card, CREDIT.
    expect(toBankTransaction({ ...row, amount: -300, type: "CREDIT" }, { card: true, currency: "BRL" })).toMatchObject({ amount: "300.00", direction: "in" });
    // A bank debit: negative, DEBIT.
    expect(toBankTransaction({ ...row, amount: -42.1, status: "PENDING", merchant: { name: " Padaria " } }, { card: false, currency: "BRL" })).toMatchObject({
      amount: "42.10",
      direction: "out",
      pending: true,
      description: "Padaria",
    });
  });

  it("keeps the counterpart details: merchant with CNPJ, category, a transfer's other party with CPF", () => {
    expect(toBankTransaction({ ...row, category: "Restaurants", merchant: { name: "Padaria Pão Quente", businessName: "PADARIA LTDA", cnpj: "12345678000190" } }, { card: true, currency: "BRL" }).details).toEqual({
      merchant: "Padaria Pão Quente",
      category: "Restaurants",
      counterpartDocument: "12.345.678/0001-90",
    });
    const paymentData = {
      payer: { name: "Ana Souza", documentNumber: { type: "CPF", value: "12345678909" } },
      receiver: { name: "João Lima", documentNumber: { type: "CPF", value: "98765432100" } },
    };
    // Money out: the receiver is the other party; money in: the payer.
    expect(toBankTransaction({ ...row, accountId: "bank-1", category: "Transfer - PIX", paymentData }, { card: false, currency: "BRL" }).details).toEqual({ category: "Transfer - PIX", counterpart: "João Lima", counterpartDocument: "987.654.321-00" });
    expect(toBankTransaction({ ...row, accountId: "bank-1", type: "CREDIT", paymentData }, { card: false, currency: "BRL" }).details).toEqual({ counterpart: "Ana Souza", counterpartDocument: "123.456.789-09" });
    // A masked document stays as given; an odd paymentData is left out.
    expect(toBankTransaction({ ...row, paymentData: { receiver: { name: "X", documentNumber: { value: "***.456.789-**" } } } }, { card: false, currency: "BRL" }).details).toEqual({ counterpart: "X", counterpartDocument: "***.456.789-**" });
    expect(toBankTransaction({ ...row, paymentData: "pix" }, { card: false, currency: "BRL" }).details).toBeUndefined();
  });

  it("a foreign-currency card purchase is booked in the account's currency; dates are São Paulo days", () => {
    expect(toBankTransaction({ ...row, currencyCode: "USD", amount: 20, amountInAccountCurrency: 110.37 }, { card: true, currency: "BRL" })).toMatchObject({ amount: "110.37", currency: "BRL" });
    expect(pluggyLocalDate(new Date("2026-03-05T02:59:00.000Z"))).toBe("2026-03-04");
    expect(pluggyLocalDate(new Date("2026-03-05T03:00:00.000Z"))).toBe("2026-03-05");
    expect(toBankTransaction({ ...row, date: "2026-03-05T03:00:00.000Z" }, { card: true, currency: "BRL" }).date).toBe("2026-03-05");
    expect(() => toBankTransaction({ ...row, amount: "12" }, { card: true, currency: "BRL" })).toThrow(/cannot be read/);
  });
});
