/**
 * The Plaid emulator driven the way Plaid's docs and reference apps (the Quickstart, the Pattern
 * apps) drive the real sandbox through the official `plaid` client: first sync with `cursor: null`,
 * balance/get, transactions/get pagination, auth/get, identity/get, link/token/get, access token
 * invalidation, categories/get and recurring/get. Every response is validated against the OpenAPI
 * contract (afterEach → validateRecorded) and the main ones explicitly too.
 */
import { describe, expect, test } from "vitest";
import { CountryCode, Products, type Transaction, type TransactionsSyncRequest, type TransactionsSyncResponse } from "plaid";
import { getLoginData } from "@bank-connections/sandbox/data/generate";
import { visibleAt } from "@bank-connections/sandbox/data/view";
import { assertResponse } from "./plaid-openapi";
import { sdkError } from "./plaid-harness";
import { apply, expectMatchesBank, h, newItem, registerSdkHarness, WEBHOOK } from "./plaid-sdk-support";

registerSdkHarness();

async function createItem(products: Products[], institution = "ins_109508", username = "user_good", password = "pass_good") {
  const pt = await h.client.sandboxPublicTokenCreate({ institution_id: institution, initial_products: products, options: { webhook: WEBHOOK, override_username: username, override_password: password } });
  assertResponse("/sandbox/public_token/create", pt.status, pt.data);
  const ex = await h.client.itemPublicTokenExchange({ public_token: pt.data.public_token });
  return { accessToken: ex.data.access_token, itemId: ex.data.item_id };
}

/** IBAN check digits (ISO 13616 mod 97). */
function ibanValid(iban: string): boolean {
  const moved = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of moved) rem = (rem * 10 + Number(ch)) % 97;
  return rem === 1;
}

describe("Plaid reference-client flows", () => {
  test("Quickstart sync loop: first call with cursor null, count and options, until has_more is false", async () => {
    const { accessToken } = await newItem();
    const local = new Map<string, Transaction>();
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      // What the Quickstart sends: the stored cursor, null on the first call.
      const request = { access_token: accessToken, cursor, count: 250, options: { include_original_description: true, include_personal_finance_category: true } } as unknown as TransactionsSyncRequest;
      const res = await h.client.transactionsSync(request);
      assertResponse("/transactions/sync", res.status, res.data);
      const d: TransactionsSyncResponse = res.data;
      apply(local, { added: d.added, modified: d.modified, removed: d.removed, pages: 1, hadMore: d.has_more, cursor: d.next_cursor, statuses: [] });
      pages++;
      cursor = d.next_cursor;
      if (!d.has_more) break;
    }
    expect(pages).toBeGreaterThan(1);
    expect([...local.values()].every((t) => t.original_description !== null)).toBe(true);
    await expectMatchesBank(accessToken, local);

    // Optional fields the contract allows (and unknown ones) never 400.
    const extra = await h.post("/transactions/sync", {
      access_token: accessToken,
      cursor,
      count: 500,
      options: { personal_finance_category_version: "v2", include_logo_and_counterparty_beta: true, include_personal_finance_category_beta: false, days_requested: 730 },
      some_future_field: { nested: true },
    });
    expect(extra.status).toBe(200);
    expect(extra.data).toMatchObject({ added: [], modified: [], removed: [], has_more: false });
    const defaults = await h.post("/transactions/sync", { access_token: accessToken, cursor: null });
    expect(defaults.status).toBe(200);
    expect((defaults.data as { added: unknown[] }).added).toHaveLength(100); // Plaid's default count
  });

  test("/accounts/balance/get with options.account_ids", async () => {
    const { accessToken } = await newItem();
    const all = await h.client.accountsBalanceGet({ access_token: accessToken });
    assertResponse("/accounts/balance/get", all.status, all.data);
    const accounts = (await h.client.accountsGet({ access_token: accessToken })).data.accounts;
    expect(all.data.accounts.map((a) => a.account_id)).toEqual(accounts.map((a) => a.account_id));
    expect(all.data.accounts.map((a) => a.balances.current)).toEqual(accounts.map((a) => a.balances.current));
    const one = await h.client.accountsBalanceGet({ access_token: accessToken, options: { account_ids: [accounts[1]!.account_id], min_last_updated_datetime: "2020-01-01T00:00:00Z" } });
    assertResponse("/accounts/balance/get", one.status, one.data);
    expect(one.data.accounts.map((a) => a.account_id)).toEqual([accounts[1]!.account_id]);
    expect(one.data.item.billed_products).toContain("balance");
    const bad = await sdkError(h.client.accountsBalanceGet({ access_token: accessToken, options: { account_ids: ["nope"] } }));
    expect(bad.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" });
  });

  test("/transactions/get: date range, count/offset pagination, account_ids, total_transactions", async () => {
    const { accessToken } = await newItem();
    const info = await h.plaid.inspectItem(accessToken);
    const end = new Date(info.nowMs).toISOString().slice(0, 10);
    const start = "2025-01-01";
    const seen: Transaction[] = [];
    let total = -1;
    for (let offset = 0; total < 0 || offset < total; offset += 500) {
      const res = await h.client.transactionsGet({ access_token: accessToken, start_date: start, end_date: end, options: { count: 500, offset, include_personal_finance_category: true } });
      assertResponse("/transactions/get", res.status, res.data);
      total = res.data.total_transactions;
      seen.push(...res.data.transactions);
    }
    expect(total).toBeGreaterThan(500);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((t) => t.transaction_id)).size).toBe(total);
    expect(seen.every((t) => t.date >= start && t.date <= end)).toBe(true);
    const dates = seen.map((t) => t.date);
    expect(dates).toEqual([...dates].sort().reverse()); // newest first
    const data = getLoginData(info.login, info.window);
    const bank = visibleAt(data, info.nowMs, { minDate: start, accountIds: info.accountIds }).filter((s) => s.date <= end);
    expect(new Set(seen.map((t) => t.transaction_id))).toEqual(new Set(bank.map((s) => s.id)));

    const account = info.accountIds[0]!;
    const only = await h.client.transactionsGet({ access_token: accessToken, start_date: start, end_date: end, options: { account_ids: [account] } });
    expect(only.data.transactions.length).toBe(100); // default count
    expect(only.data.transactions.every((t) => t.account_id === account)).toBe(true);
    expect(only.data.accounts.map((a) => a.account_id)).toEqual([account]);
    const past = await h.client.transactionsGet({ access_token: accessToken, start_date: start, end_date: end, options: { offset: total } });
    expect(past.data.transactions).toEqual([]);
    expect(past.data.total_transactions).toBe(total);

    const tooMany = await sdkError(h.client.transactionsGet({ access_token: accessToken, start_date: start, end_date: end, options: { count: 501 } }));
    expect(tooMany.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" });
    const reversed = await sdkError(h.client.transactionsGet({ access_token: accessToken, start_date: end, end_date: start }));
    expect(reversed.data.error_code).toBe("INVALID_FIELD");
    const missing = await h.post("/transactions/get", { access_token: accessToken, end_date: end });
    expect(missing.data).toMatchObject({ error_code: "MISSING_FIELDS" });
  });

  test("/transactions/get answers PRODUCT_NOT_READY until the initial pull is done", async () => {
    await h.plaid.setReadiness("staged");
    try {
      const { accessToken, itemId } = await newItem();
      const before = h.webhooks.length;
      const range = { access_token: accessToken, start_date: "2024-01-01", end_date: "2030-01-01" };
      const notReady = await sdkError(h.client.transactionsGet(range));
      expect(notReady.status).toBe(400);
      expect(notReady.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "PRODUCT_NOT_READY" });
      await h.plaid.flushWebhooks();
      const hooks = h.webhooks.slice(before).map((w) => JSON.parse(w.body) as Record<string, unknown>);
      expect(hooks).toContainEqual(expect.objectContaining({ webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: itemId, initial_update_complete: true }));
      const ready = await h.client.transactionsGet(range);
      assertResponse("/transactions/get", ready.status, ready.data);
      expect(ready.data.total_transactions).toBeGreaterThan(0);
      const info = await h.plaid.inspectItem(accessToken);
      expect(ready.data.transactions.every((t) => t.date >= info.minDate)).toBe(true); // the first 30 days only
    } finally {
      await h.plaid.setReadiness("instant");
    }
  });

  test("/auth/get: ACH (US), EFT (CA), BACS (GB) and IBAN (EU) numbers, deterministic", async () => {
    const us = await createItem([Products.Auth, Products.Transactions]);
    const auth = await h.client.authGet({ access_token: us.accessToken });
    assertResponse("/auth/get", auth.status, auth.data);
    expect(auth.data.accounts.length).toBeGreaterThanOrEqual(2);
    expect(auth.data.accounts.every((a) => a.type === "depository")).toBe(true);
    expect(auth.data.numbers.ach.map((n) => n.account_id)).toEqual(auth.data.accounts.map((a) => a.account_id));
    for (const n of auth.data.numbers.ach) {
      expect(n.routing).toMatch(/^\d{9}$/);
      expect(n.account).toMatch(/^\d{12}$/);
      expect(n.account.slice(-4)).toBe(auth.data.accounts.find((a) => a.account_id === n.account_id)?.mask);
    }
    expect((await h.client.authGet({ access_token: us.accessToken })).data.numbers).toEqual(auth.data.numbers);
    const one = await h.client.authGet({ access_token: us.accessToken, options: { account_ids: [auth.data.accounts[0]!.account_id] } });
    expect(one.data.numbers.ach).toHaveLength(1);

    const ca = await h.client.authGet({ access_token: (await createItem([Products.Auth], "ins_43")).accessToken });
    assertResponse("/auth/get", ca.status, ca.data);
    expect(ca.data.numbers.eft.length).toBeGreaterThan(0);
    for (const n of ca.data.numbers.eft) expect(n).toMatchObject({ institution: expect.stringMatching(/^\d{3}$/), branch: expect.stringMatching(/^\d{5}$/) });
    const gb = await h.client.authGet({ access_token: (await createItem([Products.Auth], "ins_117650")).accessToken });
    assertResponse("/auth/get", gb.status, gb.data);
    for (const n of gb.data.numbers.bacs) expect(n).toMatchObject({ account: expect.stringMatching(/^\d{8}$/), sort_code: expect.stringMatching(/^\d{6}$/) });
    for (const ins of ["ins_180901", "ins_150601", "ins_160701", "ins_170801", "ins_140501"]) {
      const eu = await h.client.authGet({ access_token: (await createItem([Products.Auth], ins)).accessToken });
      assertResponse("/auth/get", eu.status, eu.data);
      expect(eu.data.numbers.international.length).toBeGreaterThan(0);
      for (const n of eu.data.numbers.international) {
        expect(ibanValid(n.iban), n.iban).toBe(true);
        expect(n.bic).toMatch(/^[A-Z]{6}[A-Z0-9]{2}$/);
      }
    }

    // A card issuer has no Auth; an item without Auth gets it added on first use (as at Plaid).
    const card = await createItem([Products.Transactions], "ins_110203");
    const noAuth = await sdkError(h.client.authGet({ access_token: card.accessToken }));
    expect(noAuth.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "PRODUCTS_NOT_SUPPORTED" });
    const txOnly = await createItem([Products.Transactions]);
    await h.client.authGet({ access_token: txOnly.accessToken });
    expect((await h.client.itemGet({ access_token: txOnly.accessToken })).data.item.billed_products).toContain("auth");
  });

  test("/identity/get: owners with names, emails, phone numbers and addresses", async () => {
    const { accessToken } = await createItem([Products.Identity, Products.Transactions]);
    const id = await h.client.identityGet({ access_token: accessToken });
    assertResponse("/identity/get", id.status, id.data);
    for (const a of id.data.accounts) {
      expect(a.owners).toHaveLength(1);
      const o = a.owners[0]!;
      expect(o.names[0]).toMatch(/^\S+ \S+/);
      expect(o.emails.some((e) => e.primary && /@example\.com$/.test(e.data))).toBe(true);
      expect(o.phone_numbers[0]?.data).toMatch(/^\+/);
      expect(o.addresses[0]?.data).toMatchObject({ country: "US", city: expect.any(String), postal_code: expect.any(String) });
    }
    expect((await h.client.identityGet({ access_token: accessToken })).data.accounts).toEqual(id.data.accounts);
  });

  test("/link/token/get, and the link token's lifetime runs on the wall clock", async () => {
    const lt = await h.client.linkTokenCreate({
      client_name: "Bank Connections",
      language: "en",
      country_codes: [CountryCode.Us],
      user: { client_user_id: "user-lt" },
      products: [Products.Transactions],
      webhook: WEBHOOK,
    });
    const got = await h.client.linkTokenGet({ link_token: lt.data.link_token });
    assertResponse("/link/token/get", got.status, got.data);
    expect(got.data).toMatchObject({ link_token: lt.data.link_token, expiration: lt.data.expiration, metadata: { initial_products: ["transactions"], webhook: WEBHOOK, country_codes: ["US"], language: "en", client_name: "Bank Connections", redirect_uri: null } });
    expect(Date.parse(got.data.expiration!) - Date.parse(got.data.created_at!)).toBe(4 * 3600_000);
    expect(Date.parse(got.data.expiration!)).toBeGreaterThan(Date.now());
    // Thirty sandbox days later the token still works: its clock is the client's.
    await h.plaid.advanceClock(30);
    const session = await h.post("/link/sandbox/session", { link_token: lt.data.link_token }, {});
    expect(session.status).toBe(200);
    // Fields reference clients send that only matter elsewhere are accepted; `webhook: ""` = none.
    const loose = await h.post("/link/token/create", { client_name: "Quickstart", language: "en", country_codes: ["US"], user: { client_user_id: "q", email_address: "q@example.com" }, products: ["auth", "transactions"], webhook: "", android_package_name: "com.example" });
    expect(loose.status).toBe(200);
    const looseGot = await h.client.linkTokenGet({ link_token: (loose.data as { link_token: string }).link_token });
    expect(looseGot.data.metadata.webhook).toBeNull();
    const unknown = await sdkError(h.client.linkTokenGet({ link_token: "link-sandbox-00000000-0000-4000-8000-000000000000" }));
    expect(unknown.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_LINK_TOKEN" });
  });

  test("/item/access_token/invalidate: a new token works, the old one stops working, the cursor survives", async () => {
    const { accessToken, itemId } = await newItem();
    const first = await h.client.transactionsSync({ access_token: accessToken, count: 500 });
    const rotated = await h.client.itemAccessTokenInvalidate({ access_token: accessToken });
    assertResponse("/item/access_token/invalidate", rotated.status, rotated.data);
    const next = rotated.data.new_access_token;
    expect(next).toMatch(/^access-sandbox-[0-9a-f-]{36}$/);
    expect(next).not.toBe(accessToken);
    const item = await h.client.itemGet({ access_token: next });
    expect(item.data.item.item_id).toBe(itemId);
    const old = await sdkError(h.client.accountsGet({ access_token: accessToken }));
    expect(old.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_ACCESS_TOKEN" });
    const resumed = await h.client.transactionsSync({ access_token: next, cursor: first.data.next_cursor, count: 500 });
    expect(resumed.status).toBe(200);
  });

  test("/categories/get needs no API keys", async () => {
    const res = await h.clientWith({}).categoriesGet({});
    assertResponse("/categories/get", res.status, res.data);
    expect(res.data.categories.length).toBeGreaterThan(20);
    expect(res.data.categories).toContainEqual({ category_id: "10000000", group: "special", hierarchy: ["Bank Fees"] });
    expect(new Set(res.data.categories.map((c) => c.category_id)).size).toBe(res.data.categories.length);
  });

  test("/transactions/recurring/get: salary inflows; rent and subscription outflows", async () => {
    const { accessToken } = await newItem();
    const sync = await h.client.transactionsGet({ access_token: accessToken, start_date: "2020-01-01", end_date: "2030-01-01", options: { count: 500 } });
    expect(sync.status).toBe(200);
    const rec = await h.client.transactionsRecurringGet({ access_token: accessToken, options: { include_personal_finance_category: true } });
    assertResponse("/transactions/recurring/get", rec.status, rec.data);
    const { inflow_streams: inflow, outflow_streams: outflow } = rec.data;
    expect(inflow.some((s) => s.personal_finance_category?.primary === "INCOME" && s.is_active && ["MONTHLY", "BIWEEKLY", "SEMI_MONTHLY"].includes(s.frequency))).toBe(true);
    expect(outflow.some((s) => s.personal_finance_category?.primary === "RENT_AND_UTILITIES" && s.frequency === "MONTHLY")).toBe(true);
    expect(outflow.some((s) => s.personal_finance_category?.primary === "ENTERTAINMENT" && s.status === "MATURE")).toBe(true);
    for (const s of inflow) expect(s.average_amount.amount).toBeLessThan(0);
    for (const s of outflow) expect(s.average_amount.amount).toBeGreaterThan(0);
    for (const s of [...inflow, ...outflow]) {
      expect(s.transaction_ids.length).toBeGreaterThanOrEqual(2);
      expect(s.last_date >= s.first_date).toBe(true);
      if (s.is_active) expect(s.predicted_next_date! > s.last_date).toBe(true);
    }
    const again = await h.client.transactionsRecurringGet({ access_token: accessToken });
    expect(again.data.inflow_streams.map((s) => s.stream_id)).toEqual(inflow.map((s) => s.stream_id));
    const account = inflow[0]!.account_id;
    const one = await h.client.transactionsRecurringGet({ access_token: accessToken, account_ids: [account] });
    expect([...one.data.inflow_streams, ...one.data.outflow_streams].every((s) => s.account_id === account)).toBe(true);

    const authOnly = await createItem([Products.Auth]);
    const noTx = await sdkError(h.client.transactionsRecurringGet({ access_token: authOnly.accessToken }));
    expect(noTx.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "PRODUCT_NOT_ENABLED" });
  });
});
