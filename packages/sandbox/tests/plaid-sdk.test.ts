/**
 * The Plaid emulator driven by the OFFICIAL `plaid` client over HTTP. Every response the
 * sandbox sends (success or error) is validated against the operation's schema in Plaid's
 * OpenAPI contract (afterEach → validateRecorded).
 */
import { describe, expect, test } from "vitest";
import { CountryCode, Products, type Transaction } from "plaid";
import { DAY_MS } from "@bank-connections/sandbox/data/dates";
import { assertComponent, assertResponse } from "./plaid-openapi";
import { sdkError } from "./plaid-harness";
import { apply, expectMatchesBank, h, newItem, syncAll, registerSdkHarness, WEBHOOK } from "./plaid-sdk-support";

registerSdkHarness();

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
    // 4 h on the wall clock (what a client compares it with), not on the sandbox clock.
    expect(Math.abs(Date.parse(lt.data.expiration) - Date.now() - 4 * 3600_000)).toBeLessThan(5_000);

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

});
