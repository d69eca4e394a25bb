/**
 * The Plaid emulator driven by the OFFICIAL `plaid` client over HTTP: API keys, faults, item
 * errors, cursors, readiness and webhooks (the main flows are in plaid-sdk.test.ts). Every response the
 * sandbox sends (success or error) is validated against the operation's schema in Plaid's
 * OpenAPI contract (afterEach → validateRecorded).
 */
import { describe, expect, test } from "vitest";
import { CountryCode, Products, SandboxItemFireWebhookRequestWebhookCodeEnum as FireCode, type Transaction } from "plaid";
import { DAY_MS } from "@bank-connections/sandbox/data/dates";
import { assertComponent, assertResponse } from "./plaid-openapi";
import { sdkError } from "./plaid-harness";
import { apply, expectMatchesBank, h, newItem, syncAll, registerSdkHarness } from "./plaid-sdk-support";

registerSdkHarness();

describe("Plaid sandbox through the official SDK: keys, faults, errors, cursors, webhooks", () => {
  test("API keys: missing → INVALID_API_KEYS; keys in the body work; configured keys are enforced", async () => {
    const anon = h.clientWith({ "Plaid-Version": "2020-09-14" });
    const e = await sdkError(anon.institutionsGetById({ institution_id: "ins_109508", country_codes: [CountryCode.Us] }));
    expect(e.status).toBe(400);
    expect(e.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_API_KEYS" });
    const inBody = await h.post("/institutions/get_by_id", { client_id: "a", secret: "b", institution_id: "ins_109508", country_codes: ["US"] }, {});
    expect(inBody.status).toBe(200);
    await h.plaid.setCredentials({ clientId: "test-client", secret: "other" });
    try {
      expect((await sdkError(h.client.institutionsGetById({ institution_id: "ins_109508", country_codes: [CountryCode.Us] }))).data.error_code).toBe("INVALID_API_KEYS");
    } finally {
      await h.plaid.setCredentials(null);
    }
  });

  test("tokens are per client: another client's keys cannot use an access, public or link token", async () => {
    const other = h.clientWith({ "PLAID-CLIENT-ID": "other-client", "PLAID-SECRET": "other-secret", "Plaid-Version": "2020-09-14" });
    const { accessToken } = await newItem();
    for (const attempt of [other.accountsGet({ access_token: accessToken }), other.transactionsSync({ access_token: accessToken }), other.sandboxItemResetLogin({ access_token: accessToken })]) {
      expect((await sdkError(attempt)).data).toMatchObject({ error_code: "INVALID_ACCESS_TOKEN" });
    }
    const pt = await h.client.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions] });
    expect((await sdkError(other.itemPublicTokenExchange({ public_token: pt.data.public_token }))).data).toMatchObject({ error_code: "INVALID_PUBLIC_TOKEN" });
    const lt = await h.client.linkTokenCreate({ client_name: "t", language: "en", country_codes: [CountryCode.Us], user: { client_user_id: "u" }, products: [Products.Transactions] });
    expect((await sdkError(other.linkTokenGet({ link_token: lt.data.link_token }))).data).toMatchObject({ error_code: "INVALID_LINK_TOKEN" });
    // The owner still can.
    expect((await h.client.accountsGet({ access_token: accessToken })).status).toBe(200);
    expect((await h.client.itemPublicTokenExchange({ public_token: pt.data.public_token })).status).toBe(200);
  });

  test("injected 429 and 500 use Plaid's shapes; the next call succeeds", async () => {
    const { accessToken } = await newItem();
    await h.plaid.setFaults({ rateLimit: { forceNext: 1, paths: ["/transactions/sync"] } });
    const limited = await sdkError(h.client.transactionsSync({ access_token: accessToken }));
    expect(limited.status).toBe(429);
    expect(limited.data).toMatchObject({ error_type: "RATE_LIMIT_EXCEEDED", error_code: "TRANSACTIONS_SYNC_LIMIT" });
    expect((await h.client.transactionsSync({ access_token: accessToken, count: 1 })).status).toBe(200);

    await h.plaid.setFaults({ serverError: { forceNext: 1 } });
    const boom = await sdkError(h.client.accountsGet({ access_token: accessToken }));
    expect(boom.status).toBe(500);
    expect(boom.data).toMatchObject({ error_type: "API_ERROR", error_code: "INTERNAL_SERVER_ERROR" });
    expect((await h.client.accountsGet({ access_token: accessToken })).status).toBe(200);

    // A rate: deterministic (counter-based) — the same rate fires on the same calls every run.
    await h.plaid.setFaults({ rateLimit: { rate: 0.5, paths: ["/item/get"] } });
    const outcomes: number[] = [];
    for (let i = 0; i < 12; i++) outcomes.push(await h.client.itemGet({ access_token: accessToken }).then((r) => r.status, (e: { response: { status: number } }) => e.response.status));
    expect(outcomes).toContain(429);
    expect(outcomes).toContain(200);
  });

  test("simulated latency and timeouts", async () => {
    const { accessToken } = await newItem();
    await h.plaid.setFaults({ latencyMs: 120 });
    let t = performance.now();
    await h.client.itemGet({ access_token: accessToken });
    expect(performance.now() - t).toBeGreaterThanOrEqual(100);
    await h.plaid.setFaults({ latencyMs: 0, timeout: { forceNext: 1, delayMs: 1500 } });
    const slow = h.clientWith({ "PLAID-CLIENT-ID": "x", "PLAID-SECRET": "y" });
    t = performance.now();
    await expect(slow.itemGet({ access_token: accessToken }, { timeout: 300 })).rejects.toMatchObject({ code: "ECONNABORTED" });
    expect(performance.now() - t).toBeLessThan(1400);
  });

  test("login required: data calls fail, /item/get reports it, ERROR webhook fires, update mode repairs", async () => {
    const { accessToken, itemId } = await newItem();
    const base = await syncAll(h.client, accessToken);
    const reset = await h.client.sandboxItemResetLogin({ access_token: accessToken });
    assertResponse("/sandbox/item/reset_login", reset.status, reset.data);
    expect(reset.data.reset_login).toBe(true);
    await h.plaid.flushWebhooks();
    const errorHook = h.webhooks.map((w) => JSON.parse(w.body) as Record<string, unknown>).find((b) => b.item_id === itemId && b.webhook_code === "ERROR");
    expect(errorHook).toMatchObject({ webhook_type: "ITEM", error: { error_code: "ITEM_LOGIN_REQUIRED", error_type: "ITEM_ERROR", status: 400 } });
    assertComponent("ItemErrorWebhook", errorHook);

    for (const call of [h.client.transactionsSync({ access_token: accessToken, cursor: base.cursor }), h.client.accountsGet({ access_token: accessToken }), h.client.transactionsRefresh({ access_token: accessToken })]) {
      const e = await sdkError(call);
      expect(e.status).toBe(400);
      expect(e.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "ITEM_LOGIN_REQUIRED", display_message: null });
    }
    const item = await h.client.itemGet({ access_token: accessToken });
    expect(item.status).toBe(200);
    expect(item.data.item.error?.error_code).toBe("ITEM_LOGIN_REQUIRED");

    // Missed activity while broken; then Link in update mode (access_token, no products).
    await h.plaid.advanceClock(3);
    const lt = await h.client.linkTokenCreate({ client_name: "Bank Connections", language: "en", country_codes: [CountryCode.Us], user: { client_user_id: "user-1" }, access_token: accessToken });
    // Link token lifetimes run on the wall clock (the sandbox clock just moved 3 days).
    expect(Math.abs(Date.parse(lt.data.expiration) - Date.now() - 30 * 60_000)).toBeLessThan(5_000);
    const session = await h.post("/link/sandbox/session", { link_token: lt.data.link_token }, {});
    expect(session.data).toMatchObject({ mode: "update", update_item: { item_id: itemId } });
    const done = await h.post("/link/sandbox/complete", { link_token: lt.data.link_token, username: "user_good", password: "pass_good" }, {});
    expect(done.status).toBe(200);
    const after = await h.client.itemGet({ access_token: accessToken });
    expect(after.data.item.error).toBeNull();
    const resumed = await syncAll(h.client, accessToken, base.cursor);
    expect(resumed.added.length).toBeGreaterThan(0);

    // Repaired elsewhere → LOGIN_REPAIRED.
    await h.plaid.setItemLoginRequired(itemId);
    const hooks = await h.plaid.repairItemLogin(itemId);
    expect(hooks.map((w) => w.webhookCode)).toEqual(["LOGIN_REPAIRED"]);
    expect((await h.client.accountsGet({ access_token: accessToken })).status).toBe(200);
  });

  test("mutation during pagination: the mid-pagination cursor fails, restarting from the first cursor works", async () => {
    const { accessToken } = await newItem({ username: "pager" });
    const first = await h.client.transactionsSync({ access_token: accessToken, count: 100 });
    expect(first.data.has_more).toBe(true);
    await h.plaid.advanceClock(2);
    const e = await sdkError(h.client.transactionsSync({ access_token: accessToken, cursor: first.data.next_cursor, count: 100 }));
    expect(e.status).toBe(400);
    expect(e.data).toMatchObject({ error_type: "TRANSACTIONS_ERROR", error_code: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION" });
    const restarted = await syncAll(h.client, accessToken, undefined, 100);
    expect(restarted.pages).toBeGreaterThan(1);

    // The fault can also be forced on a mid-pagination call.
    const again = await h.client.transactionsSync({ access_token: accessToken, count: 50 });
    await h.plaid.setFaults({ syncMutation: { forceNext: 1 } });
    expect((await sdkError(h.client.transactionsSync({ access_token: accessToken, cursor: again.data.next_cursor, count: 50 }))).data.error_code).toBe("TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION");
    expect((await h.client.transactionsSync({ access_token: accessToken, cursor: again.data.next_cursor, count: 50 })).status).toBe(200);
  });

  test("a cursor from another item → INVALID_FIELD; a garbled cursor → INVALID_FIELD", async () => {
    const a = await newItem({ username: "alice" });
    const b = await newItem({ username: "bob" });
    const runA = await syncAll(h.client, a.accessToken);
    const e = await sdkError(h.client.transactionsSync({ access_token: b.accessToken, cursor: runA.cursor }));
    expect(e.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" });
    expect(e.data.error_message).toContain("cursor not associated with access_token");
    expect((await sdkError(h.client.transactionsSync({ access_token: b.accessToken, cursor: "garbage" }))).data.error_code).toBe("INVALID_FIELD");
  });

  test("staged readiness: NOT_READY, then 30 days, then history, each announced by SYNC_UPDATES_AVAILABLE", async () => {
    await h.plaid.setReadiness("staged");
    try {
      const { accessToken, itemId } = await newItem({ username: "staged" });
      const hooks = () => h.webhooks.map((w) => JSON.parse(w.body) as Record<string, unknown>).filter((b) => b.item_id === itemId && b.webhook_code === "SYNC_UPDATES_AVAILABLE");
      const notReady = await h.client.transactionsSync({ access_token: accessToken });
      expect(notReady.data).toMatchObject({ transactions_update_status: "NOT_READY", next_cursor: "", has_more: false, added: [] });
      await h.plaid.flushWebhooks();
      expect(hooks()).toEqual([expect.objectContaining({ initial_update_complete: true, historical_update_complete: false })]);
      const initial = await syncAll(h.client, accessToken);
      expect(initial.statuses.every((s) => s === "INITIAL_UPDATE_COMPLETE")).toBe(true);
      const oldest = initial.added.map((t) => t.date).sort()[0]!;
      expect(Date.parse(oldest) >= h.clock.nowMs() - 31 * DAY_MS).toBe(true);
      await h.plaid.flushWebhooks();
      expect(hooks()[1]).toMatchObject({ initial_update_complete: true, historical_update_complete: true });
      const historical = await syncAll(h.client, accessToken, initial.cursor);
      expect(historical.statuses.at(-1)).toBe("HISTORICAL_UPDATE_COMPLETE");
      expect(historical.added.length).toBeGreaterThan(initial.added.length);
      const local = new Map<string, Transaction>();
      apply(local, initial);
      apply(local, historical);
      await expectMatchesBank(accessToken, local);
    } finally {
      await h.plaid.setReadiness("instant");
    }
  });

  test("webhook update, fire_webhook and refresh", async () => {
    const { accessToken, itemId } = await newItem({ username: "hooks" });
    const upd = await h.client.itemWebhookUpdate({ access_token: accessToken, webhook: "http://hooks.test/new" });
    assertResponse("/item/webhook/update", upd.status, upd.data);
    expect(upd.data.item.webhook).toBe("http://hooks.test/new");
    const fired = await h.client.sandboxItemFireWebhook({ access_token: accessToken, webhook_code: FireCode.NewAccountsAvailable });
    expect(fired.data.webhook_fired).toBe(true);
    const unsupported = await sdkError(h.client.sandboxItemFireWebhook({ access_token: accessToken, webhook_code: FireCode.ProductReady }));
    expect(unsupported.data).toMatchObject({ error_type: "SANDBOX_ERROR", error_code: "SANDBOX_PRODUCT_NOT_ENABLED" });
    await h.plaid.flushWebhooks();
    const mine = h.webhooks.filter((w) => (JSON.parse(w.body) as { item_id: string }).item_id === itemId);
    expect(mine.map((w) => w.url)).toEqual(["http://hooks.test/new", "http://hooks.test/new"]);
    const [ack, newAccounts] = mine.map((w) => JSON.parse(w.body) as Record<string, unknown>);
    expect(ack).toMatchObject({ webhook_code: "WEBHOOK_UPDATE_ACKNOWLEDGED", new_webhook_url: "http://hooks.test/new" });
    assertComponent("WebhookUpdateAcknowledgedWebhook", ack);
    assertComponent("NewAccountsAvailableWebhook", newAccounts);

    const refreshed = await h.client.transactionsRefresh({ access_token: accessToken });
    assertResponse("/transactions/refresh", refreshed.status, refreshed.data);
    const status = await h.client.itemGet({ access_token: accessToken });
    expect(status.data.status?.last_webhook?.code_sent).toBe("NEW_ACCOUNTS_AVAILABLE");
  });
});
