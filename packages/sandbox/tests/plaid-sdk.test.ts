/**
 * The Plaid emulator driven by the OFFICIAL `plaid` client over HTTP. Every response the
 * sandbox sends (success or error) is validated against the operation's schema in Plaid's
 * OpenAPI contract (afterEach → validateRecorded).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  CountryCode,
  Products,
  SandboxItemFireWebhookRequestWebhookCodeEnum as FireCode,
  type PlaidApi,
  type Transaction,
  type TransactionsSyncResponse,
} from "plaid";
import { DAY_MS } from "@bank-connections/sandbox/data/dates";
import { getLoginData } from "@bank-connections/sandbox/data/generate";
import { visibleAt } from "@bank-connections/sandbox/data/view";
import { assertComponent, assertResponse, loadPlaidOpenApi } from "./plaid-openapi";
import { type Harness, sdkError, startHarness, validateRecorded } from "./plaid-harness";

let h: Harness;

beforeAll(async () => {
  loadPlaidOpenApi();
  h = await startHarness();
}, 120_000);

afterEach(async () => {
  await h.plaid.flushWebhooks();
  await h.plaid.resetFaults();
  validateRecorded(h.recorded);
});

afterAll(async () => {
  await h?.close();
});

const WEBHOOK = "http://hooks.test/plaid";

async function newItem(opts: { username?: string; password?: string; institution?: string; webhook?: string; days?: number } = {}) {
  const pt = await h.client.sandboxPublicTokenCreate({
    institution_id: opts.institution ?? "ins_109508",
    initial_products: [Products.Transactions],
    options: {
      webhook: opts.webhook ?? WEBHOOK,
      override_username: opts.username ?? "user_good",
      override_password: opts.password ?? "pass_good",
      transactions: { days_requested: opts.days ?? 730 },
    },
  });
  const ex = await h.client.itemPublicTokenExchange({ public_token: pt.data.public_token });
  return { accessToken: ex.data.access_token, itemId: ex.data.item_id, publicToken: pt.data.public_token };
}

interface SyncRun {
  added: Transaction[];
  modified: Transaction[];
  removed: { transaction_id: string; account_id: string }[];
  pages: number;
  hadMore: boolean;
  cursor: string;
  statuses: string[];
}

async function syncAll(client: PlaidApi, accessToken: string, cursor?: string, count = 500): Promise<SyncRun> {
  const run: SyncRun = { added: [], modified: [], removed: [], pages: 0, hadMore: false, cursor: cursor ?? "", statuses: [] };
  for (;;) {
    const res = await client.transactionsSync({ access_token: accessToken, cursor: run.cursor || undefined, count });
    const d: TransactionsSyncResponse = res.data;
    assertResponse("/transactions/sync", res.status, d);
    run.pages++;
    run.added.push(...d.added);
    run.modified.push(...d.modified);
    run.removed.push(...d.removed);
    run.statuses.push(d.transactions_update_status);
    run.cursor = d.next_cursor;
    if (!d.has_more) return run;
    run.hadMore = true;
  }
}

function apply(local: Map<string, Transaction>, run: SyncRun): void {
  for (const t of run.added) local.set(t.transaction_id, t);
  for (const t of run.modified) {
    expect(local.has(t.transaction_id), `modified ${t.transaction_id} was never added`).toBe(true);
    local.set(t.transaction_id, t);
  }
  for (const r of run.removed) {
    expect(local.has(r.transaction_id), `removed ${r.transaction_id} was never added`).toBe(true);
    local.delete(r.transaction_id);
  }
}

/** The local copy must equal what the bank shows now: every posted (ground truth) and pending tx. */
async function expectMatchesBank(accessToken: string, local: Map<string, Transaction>): Promise<void> {
  const truth = await h.plaid.groundTruth(accessToken);
  const posted = Object.values(truth).flat();
  const localPosted = [...local.values()].filter((t) => !t.pending);
  expect(localPosted.length).toBe(posted.length);
  for (const p of posted) {
    const t = local.get(p.id);
    expect(t, `posted ${p.id} missing locally`).toBeDefined();
    expect(t?.amount).toBe(p.amount);
    expect(t?.name).toBe(p.name);
    expect(t?.date).toBe(p.date);
  }
  const info = await h.plaid.inspectItem(accessToken);
  const data = getLoginData(info.login, info.window);
  const pendingNow = visibleAt(data, info.nowMs, { minDate: info.minDate, accountIds: info.accountIds }).filter((s) => s.pending);
  expect(new Set([...local.values()].filter((t) => t.pending).map((t) => t.transaction_id))).toEqual(new Set(pendingNow.map((s) => s.id)));
}

describe("Plaid sandbox through the official SDK", () => {
  test("link token → public token → exchange → accounts → institutions → full sync → +7 days → remove", async () => {
    const lt = await h.client.linkTokenCreate({
      client_name: "Bank Connections",
      language: "en",
      country_codes: [CountryCode.Us],
      user: { client_user_id: "user-1" },
      products: [Products.Transactions],
      transactions: { days_requested: 730 },
      webhook: WEBHOOK,
    });
    assertResponse("/link/token/create", lt.status, lt.data);
    expect(lt.data.link_token).toMatch(/^link-sandbox-[0-9a-f-]{36}$/);
    expect(Date.parse(lt.data.expiration) - h.clock.nowMs()).toBe(4 * 3600_000);

    const { accessToken, itemId, publicToken } = await newItem();
    expect(publicToken).toMatch(/^public-sandbox-/);
    expect(accessToken).toMatch(/^access-sandbox-[0-9a-f-]{36}$/);
    expect(itemId).toMatch(/^[0-9A-Za-z]{37}$/);

    const accounts = await h.client.accountsGet({ access_token: accessToken });
    assertResponse("/accounts/get", accounts.status, accounts.data);
    expect(accounts.data.item.item_id).toBe(itemId);
    expect(accounts.data.accounts.length).toBeGreaterThanOrEqual(3);
    const subtypes = accounts.data.accounts.map((a) => a.subtype);
    expect(subtypes).toEqual(expect.arrayContaining(["checking", "savings", "credit card"]));
    for (const a of accounts.data.accounts) {
      expect(a.balances.iso_currency_code).toBe("USD");
      expect(a.mask).toMatch(/^\d{4}$/);
    }

    const inst = await h.client.institutionsGetById({ institution_id: "ins_109508", country_codes: [CountryCode.Us], options: { include_optional_metadata: true, include_status: true } });
    assertResponse("/institutions/get_by_id", inst.status, inst.data);
    expect(inst.data.institution.name).toBe("First Platypus Bank");
    expect(inst.data.institution.primary_color).toMatch(/^#[0-9a-f]{6}$/);
    const search = await h.client.institutionsSearch({ query: "platypus", country_codes: [CountryCode.Us] });
    assertResponse("/institutions/search", search.status, search.data);
    expect(search.data.institutions.map((i) => i.institution_id)).toContain("ins_109508");
    const page1 = await h.client.institutionsGet({ count: 5, offset: 0, country_codes: [CountryCode.Us], options: { include_optional_metadata: true } });
    assertResponse("/institutions/get", page1.status, page1.data);
    const page2 = await h.client.institutionsGet({ count: 500, offset: 5, country_codes: [CountryCode.Us] });
    assertResponse("/institutions/get", page2.status, page2.data);
    expect(page1.data.institutions).toHaveLength(5);
    expect(page1.data.total).toBeGreaterThanOrEqual(8);
    expect(page1.data.institutions.length + page2.data.institutions.length).toBe(page1.data.total);
    expect(new Set([...page1.data.institutions, ...page2.data.institutions].map((i) => i.institution_id)).size).toBe(page1.data.total);

    const item = await h.client.itemGet({ access_token: accessToken });
    assertResponse("/item/get", item.status, item.data);
    expect(item.data.item.error).toBeNull();
    expect(item.data.item.webhook).toBe(WEBHOOK);

    // Full history, 500 per page.
    const local = new Map<string, Transaction>();
    const first = await syncAll(h.client, accessToken);
    expect(first.hadMore).toBe(true);
    expect(first.pages).toBeGreaterThan(1);
    expect(first.statuses.every((s) => s === "HISTORICAL_UPDATE_COMPLETE")).toBe(true);
    expect(first.modified).toEqual([]);
    expect(first.removed).toEqual([]);
    apply(local, first);
    const dates = first.added.map((t) => t.date).sort();
    expect(dates[0]! <= "2024-11-05").toBe(true);
    expect(dates[dates.length - 1]! >= "2026-10-25").toBe(true);
    await expectMatchesBank(accessToken, local);
    const pendingBefore = [...local.values()].filter((t) => t.pending);
    expect(pendingBefore.length).toBeGreaterThan(0);

    // Nothing new until the clock moves.
    const idle = await syncAll(h.client, accessToken, first.cursor);
    expect(idle.added.length + idle.modified.length + idle.removed.length).toBe(0);
    expect(idle.cursor).toBe(first.cursor);

    const webhooksBefore = h.webhooks.length;
    const advanced = await h.plaid.advanceClock(7);
    expect(advanced.nowMs - Date.parse("2026-11-01T12:00:00Z")).toBe(7 * DAY_MS);
    const sync = h.webhooks.slice(webhooksBefore).map((w) => JSON.parse(w.body) as Record<string, unknown>);
    expect(sync).toContainEqual(expect.objectContaining({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: itemId, initial_update_complete: true, historical_update_complete: true }));
    for (const body of sync) if (body.webhook_code === "SYNC_UPDATES_AVAILABLE") assertComponent("SyncUpdatesAvailableWebhook", body);

    const second = await syncAll(h.client, accessToken, first.cursor);
    expect(second.added.length).toBeGreaterThan(0);
    const removedIds = new Set(second.removed.map((r) => r.transaction_id));
    const pairs = second.added.filter((t) => t.pending_transaction_id !== null && removedIds.has(t.pending_transaction_id));
    expect(pairs.length).toBeGreaterThan(0);
    for (const posted of pairs) {
      const pend = local.get(posted.pending_transaction_id!);
      expect(pend?.pending).toBe(true);
      expect(posted.pending).toBe(false);
      expect(posted.transaction_id).not.toBe(pend?.transaction_id);
      expect(posted.account_id).toBe(pend?.account_id);
    }
    // Everything that was pending a week ago has posted (or expired) by now.
    for (const p of pendingBefore) expect(removedIds.has(p.transaction_id)).toBe(true);
    apply(local, second);
    await expectMatchesBank(accessToken, local);

    const removed = await h.client.itemRemove({ access_token: accessToken });
    assertResponse("/item/remove", removed.status, removed.data);
    const gone = await sdkError(h.client.accountsGet({ access_token: accessToken }));
    expect(gone.status).toBe(400);
    expect(gone.data.error_code).toBe("INVALID_ACCESS_TOKEN");
  });

  test("the Link stand-in: session → login (MFA) → complete with account selection", async () => {
    const lt = await h.client.linkTokenCreate({
      client_name: "Bank Connections",
      language: "en",
      country_codes: [CountryCode.Gb],
      user: { client_user_id: "user-2" },
      products: [Products.Transactions],
      webhook: WEBHOOK,
    });
    const session = await h.post("/link/sandbox/session", { link_token: lt.data.link_token }, {});
    expect(session.status).toBe(200);
    const s = session.data as { mode: string; institutions: { institution_id: string; name: string }[] };
    expect(s.mode).toBe("create");
    expect(s.institutions.length).toBeGreaterThanOrEqual(8);
    const ins = s.institutions.find((i) => i.name === "Royal Bank of Plaid");
    expect(ins).toBeDefined();

    const wrong = await h.post("/link/sandbox/login", { link_token: lt.data.link_token, institution_id: ins!.institution_id, username: "user_good", password: "nope" }, {});
    expect(wrong.status).toBe(400);
    expect(wrong.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "INVALID_CREDENTIALS" });

    const login = { link_token: lt.data.link_token, institution_id: ins!.institution_id, username: "user_mfa", password: "pass_good" };
    const needsCode = await h.post("/link/sandbox/login", login, {});
    expect(needsCode.status).toBe(200);
    expect(needsCode.data).toMatchObject({ mfa: { type: "code" } });
    const badCode = await h.post("/link/sandbox/login", { ...login, mfa_code: "0000" }, {});
    expect(badCode.data).toMatchObject({ error_code: "INVALID_MFA" });
    const ok = await h.post("/link/sandbox/login", { ...login, mfa_code: "1234" }, {});
    expect(ok.status).toBe(200);
    const loggedIn = ok.data as { link_session_id: string; accounts: { id: string; name: string; mask: string; type: string; subtype: string }[] };
    expect(loggedIn.accounts.length).toBeGreaterThanOrEqual(3);
    const chosen = loggedIn.accounts.filter((a) => a.subtype !== "savings").map((a) => a.id);

    const done = await h.post("/link/sandbox/complete", { link_token: lt.data.link_token, link_session_id: loggedIn.link_session_id, account_ids: chosen }, {});
    expect(done.status).toBe(200);
    const { public_token, metadata } = done.data as { public_token: string; metadata: { institution: { name: string; institution_id: string }; accounts: { id: string; name: string; mask: string | null; type: string; subtype: string }[]; link_session_id: string } };
    expect(metadata.institution).toEqual({ name: "Royal Bank of Plaid", institution_id: ins!.institution_id });
    expect(metadata.accounts.map((a) => a.id).sort()).toEqual([...chosen].sort());
    expect(metadata.link_session_id).toBe(loggedIn.link_session_id);

    const ex = await h.client.itemPublicTokenExchange({ public_token });
    const accounts = await h.client.accountsGet({ access_token: ex.data.access_token });
    expect(accounts.data.accounts.map((a) => a.account_id).sort()).toEqual([...chosen].sort());
    for (const a of accounts.data.accounts) expect(a.balances.iso_currency_code).toBe("GBP");
    const item = await h.client.itemGet({ access_token: ex.data.access_token });
    expect(item.data.item.consent_expiration_time).not.toBeNull(); // UK consent expires
    const run = await syncAll(h.client, ex.data.access_token);
    expect(new Set(run.added.map((t) => t.account_id))).toEqual(new Set(chosen));
    expect(run.added.every((t) => t.iso_currency_code === "GBP")).toBe(true);
    expect(run.added.some((t) => t.transaction_code !== null)).toBe(true); // European transaction codes

    const expired = await h.post("/link/sandbox/session", { link_token: "link-sandbox-00000000-0000-4000-8000-000000000000" }, {});
    expect(expired.status).toBe(400);
    expect(expired.data).toMatchObject({ error_code: "INVALID_LINK_TOKEN" });
  });

  test("bad credentials, locked account and institution down", async () => {
    const create = (username: string, password: string, institution = "ins_109508") =>
      sdkError(h.client.sandboxPublicTokenCreate({ institution_id: institution, initial_products: [Products.Transactions], options: { override_username: username, override_password: password } }));
    const bad = await create("user_good", "wrong");
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "INVALID_CREDENTIALS" });
    expect(bad.data.display_message).toBeTruthy();
    expect((await create("user_locked", "pass_good")).data.error_code).toBe("ITEM_LOCKED");
    const down = await create("user_down", "pass_good");
    expect(down.status).toBe(400);
    expect(down.data).toMatchObject({ error_type: "INSTITUTION_ERROR", error_code: "INSTITUTION_DOWN" });
    expect((await create("user_good", "pass_good", "ins_132361")).data.error_code).toBe("INSTITUTION_DOWN");
    await h.plaid.setFaults({ institutionsNotResponding: ["ins_109511"] });
    expect((await create("user_good", "pass_good", "ins_109511")).data.error_code).toBe("INSTITUTION_NOT_RESPONDING");
    const unknownInst = await create("user_good", "pass_good", "ins_999999999");
    expect(unknownInst.data.error_code).toBe("INVALID_INSTITUTION");
  });

  test("a public token works once (replay → INVALID_PUBLIC_TOKEN)", async () => {
    const { publicToken } = await newItem();
    const replay = await sdkError(h.client.itemPublicTokenExchange({ public_token: publicToken }));
    expect(replay.status).toBe(400);
    expect(replay.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_PUBLIC_TOKEN" });
    const unknown = await sdkError(h.client.itemPublicTokenExchange({ public_token: "public-sandbox-00000000-0000-4000-8000-000000000000" }));
    expect(unknown.data.error_code).toBe("INVALID_PUBLIC_TOKEN");
  });

  test("unknown or malformed access tokens → INVALID_ACCESS_TOKEN", async () => {
    for (const token of ["access-sandbox-00000000-0000-4000-8000-000000000000", "not-a-token"]) {
      const e = await sdkError(h.client.transactionsSync({ access_token: token }));
      expect(e.status).toBe(400);
      expect(e.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_ACCESS_TOKEN" });
    }
    expect((await sdkError(h.client.itemGet({ access_token: "access-sandbox-nope" }))).data.error_code).toBe("INVALID_ACCESS_TOKEN");
  });

  test("count outside 1..500 → INVALID_FIELD; missing field → MISSING_FIELDS", async () => {
    const { accessToken } = await newItem();
    for (const count of [0, 501, 2.5]) {
      const e = await sdkError(h.client.transactionsSync({ access_token: accessToken, count }));
      expect(e.status).toBe(400);
      expect(e.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" });
    }
    const missing = await h.post("/transactions/sync", { count: 10 });
    expect(missing.status).toBe(400);
    expect(missing.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "MISSING_FIELDS" });
    expect((missing.data as { error_message: string }).error_message).toContain("access_token");
  });

  test("malformed bodies, unknown paths and wrong methods get Plaid errors, never a 500", async () => {
    for (const raw of ["{not json", "", "[1,2]", '"text"', "null"]) {
      const r = await h.post("/accounts/get", raw);
      expect(r.status, raw).toBe(400);
      expect(r.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_BODY" });
    }
    const wrongType = await h.post("/accounts/get", { access_token: 42 });
    expect(wrongType.data).toMatchObject({ error_code: "INVALID_FIELD" });
    const unknown = await h.post("/no/such/endpoint", {});
    expect(unknown.status).toBe(404);
    expect(unknown.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "NOT_FOUND" });
    const get = await fetch(`${h.url}/plaid/accounts/get`);
    expect(get.status).toBe(404);
    assertComponent("PlaidError", await get.json());
  });

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
    expect(Date.parse(lt.data.expiration) - h.clock.nowMs()).toBe(30 * 60_000);
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
