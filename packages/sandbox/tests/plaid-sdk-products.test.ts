/**
 * What the emulator advertises and accepts, through the official `plaid` client: served products
 * only in institutions and items, Plaid's sandbox products accepted at its standard institutions
 * (unserved ones answered with Plaid's product errors), Plaid's standard sandbox institution ids
 * and users (`user_custom` with an override_password JSON), and link token expiry on the wall clock.
 */
import { describe, expect, test } from "vitest";
import { CountryCode, Products } from "plaid";
import { SERVED_PRODUCTS } from "@bank-connections/sandbox/data/institutions";
import { assertComponent, assertResponse } from "./plaid-openapi";
import { sdkError, startHarness, validateRecorded } from "./plaid-harness";
import { h, registerSdkHarness, WEBHOOK } from "./plaid-sdk-support";

registerSdkHarness();

const served = new Set<string>(SERVED_PRODUCTS);

function create(products: Products[], opts: { institution?: string; username?: string; password?: string } = {}) {
  return h.client.sandboxPublicTokenCreate({
    institution_id: opts.institution ?? "ins_109508",
    initial_products: products,
    options: { webhook: WEBHOOK, override_username: opts.username ?? "user_good", override_password: opts.password ?? "pass_good" },
  });
}

async function exchange(publicToken: string) {
  return (await h.client.itemPublicTokenExchange({ public_token: publicToken })).data.access_token;
}

const custom = (config: unknown) => ({ username: "user_custom", password: typeof config === "string" ? config : JSON.stringify(config) });

describe("products, institutions and users", () => {
  test("institutions and items advertise only the products the sandbox serves", async () => {
    const page = await h.client.institutionsGet({ count: 500, offset: 0, country_codes: [CountryCode.Us, CountryCode.Gb, CountryCode.De, CountryCode.Ca] });
    assertResponse("/institutions/get", page.status, page.data);
    for (const i of page.data.institutions) for (const p of i.products) expect(served.has(p), `${i.institution_id} advertises ${p}`).toBe(true);
    const pt = await create([Products.Transactions]);
    const accessToken = await exchange(pt.data.public_token);
    const item = (await h.client.itemGet({ access_token: accessToken })).data.item;
    for (const p of [...item.available_products, ...item.billed_products]) expect(served.has(p), p).toBe(true);
    expect(item.available_products).toEqual(expect.arrayContaining(["auth", "balance", "identity"]));
  });

  test("/sandbox/public_token/create accepts Plaid's sandbox products; unserved ones answer Plaid's errors", async () => {
    const pt = await create([Products.Transactions, Products.Investments, Products.Statements, Products.Signal, Products.Liabilities, Products.Assets]);
    assertResponse("/sandbox/public_token/create", pt.status, pt.data);
    const accessToken = await exchange(pt.data.public_token);
    const item = (await h.client.itemGet({ access_token: accessToken })).data.item;
    expect(item.billed_products).toEqual(["transactions"]);
    const holdings = await sdkError(h.client.investmentsHoldingsGet({ access_token: accessToken }));
    expect(holdings.status).toBe(400);
    expect(holdings.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "PRODUCTS_NOT_SUPPORTED" });
    expect(holdings.data.display_message).toBeNull();
    expect(holdings.data.request_id).toMatch(/^\w+$/);
    for (const call of [h.client.liabilitiesGet({ access_token: accessToken }), h.client.statementsList({ access_token: accessToken })]) {
      expect((await sdkError(call)).data.error_code).toBe("PRODUCTS_NOT_SUPPORTED");
    }
    // Not offered by the institution at all (payment initiation is European; card issuers have no Auth).
    const pis = await sdkError(create([Products.PaymentInitiation]));
    expect(pis.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "PRODUCTS_NOT_SUPPORTED" });
    const cardAuth = await sdkError(create([Products.Auth], { institution: "ins_110203" }));
    expect(cardAuth.data.error_code).toBe("PRODUCTS_NOT_SUPPORTED");
    const bogus = await h.post("/sandbox/public_token/create", { institution_id: "ins_109508", initial_products: ["teleportation"] });
    expect(bogus.status).toBe(400);
    expect(bogus.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_PRODUCT" });
    assertComponent("PlaidError", bogus.data);
  });

  test("Plaid's standard sandbox institution ids, with Plaid's names and countries", async () => {
    const expected: Array<[string, string, CountryCode]> = [
      ["ins_1", "Bank of America", CountryCode.Us],
      ["ins_3", "Chase", CountryCode.Us],
      ["ins_4", "Wells Fargo", CountryCode.Us],
      ["ins_5", "Citibank Online", CountryCode.Us],
      ["ins_109508", "First Platypus Bank", CountryCode.Us],
      ["ins_109509", "First Gingham Credit Union", CountryCode.Us],
      ["ins_109510", "Tattersall Federal Credit Union", CountryCode.Us],
      ["ins_109511", "Tartan Bank", CountryCode.Us],
      ["ins_109512", "Houndstooth Bank", CountryCode.Us],
      ["ins_130016", "First Platypus Balance Bank", CountryCode.Us],
      ["ins_43", "Tartan-Dominion Bank of Canada", CountryCode.Ca],
      ["ins_116834", "Flexible Platypus Open Banking", CountryCode.Gb],
      ["ins_117650", "Royal Bank of Plaid", CountryCode.Gb],
    ];
    for (const [id, name, country] of expected) {
      const res = await h.client.institutionsGetById({ institution_id: id, country_codes: [country] });
      assertResponse("/institutions/get_by_id", res.status, res.data);
      // Plaid's UK sandbox banks are OAuth institutions (as every UK/EU bank); the US/CA classics are not.
      expect(res.data.institution).toMatchObject({ institution_id: id, name, country_codes: [country], oauth: country === CountryCode.Gb });
      const pt = await create([Products.Transactions], { institution: id });
      expect(pt.status).toBe(200);
    }
  });

  test("user_good / pass_good and user_transactions_dynamic log in", async () => {
    for (const [username, password] of [["user_good", "pass_good"], ["user_transactions_dynamic", "any-password"]] as const) {
      const pt = await create([Products.Transactions], { username, password });
      const accounts = await h.client.accountsGet({ access_token: await exchange(pt.data.public_token) });
      expect(accounts.data.accounts.length).toBeGreaterThanOrEqual(3);
    }
  });

  test("user_custom: override_accounts sets the accounts; force_error forces errors; malformed configs are refused", async () => {
    const config = { override_accounts: [{ type: "depository", subtype: "checking", starting_balance: 1000 }, { type: "credit", subtype: "credit card", meta: { limit: 5000 } }, { type: "depository", subtype: "checking" }], seed: "abc" };
    const pt = await create([Products.Transactions], custom(config));
    const accessToken = await exchange(pt.data.public_token);
    const accounts = (await h.client.accountsGet({ access_token: accessToken })).data.accounts;
    expect(accounts.map((a) => `${a.type}/${a.subtype}`)).toEqual(["depository/checking", "credit/credit card", "depository/checking"]);
    // Same config → same data (the seed drives it).
    const again = (await h.client.accountsGet({ access_token: await exchange((await create([Products.Transactions], custom(config))).data.public_token) })).data.accounts;
    expect(again.map((a) => a.balances.current)).toEqual(accounts.map((a) => a.balances.current));
    expect((await create([Products.Transactions], custom({}))).status).toBe(200); // all fields optional
    // meta and starting_balance are honoured (the history starts from that balance).
    const meta = (balance: number) => ({ seed: "m", override_accounts: [{ type: "depository", subtype: "checking", starting_balance: balance, meta: { name: "Joint Checking", official_name: "Custom Joint Checking", mask: "4321" } }, { type: "credit", subtype: "credit card", meta: { limit: 7500 } }] });
    const metaAccounts = async (balance: number) => (await h.client.accountsGet({ access_token: await exchange((await create([Products.Transactions], custom(meta(balance)))).data.public_token) })).data.accounts;
    const [low, high] = [await metaAccounts(1000), await metaAccounts(3000)];
    expect(low[0]).toMatchObject({ name: "Joint Checking", official_name: "Custom Joint Checking", mask: "4321" });
    expect(low[1]!.balances.limit).toBe(7500);
    expect(Math.round((high[0]!.balances.current! - low[0]!.balances.current!) * 100) / 100).toBe(2000);

    const locked = await sdkError(create([Products.Transactions], custom({ force_error: "ITEM_LOCKED" })));
    expect(locked.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "ITEM_LOCKED" });
    const down = await sdkError(create([Products.Transactions], custom({ force_error: "INSTITUTION_DOWN" })));
    expect(down.data).toMatchObject({ error_type: "INSTITUTION_ERROR", error_code: "INSTITUTION_DOWN" });
    const relogin = await create([Products.Transactions], custom({ force_error: "ITEM_LOGIN_REQUIRED" }));
    const broken = await exchange(relogin.data.public_token);
    expect((await sdkError(h.client.accountsGet({ access_token: broken }))).data.error_code).toBe("ITEM_LOGIN_REQUIRED");

    for (const bad of ["{not json", JSON.stringify({ override_accounts: [{ type: 7 }] }), JSON.stringify({ override_accounts: [{ type: "investment", subtype: "brokerage" }] }), JSON.stringify({ force_error: "NOT_A_CODE" }), "[]"]) {
      const e = await sdkError(create([Products.Transactions], custom(bad)));
      expect(e.status, bad).toBe(400);
      expect(e.data, bad).toMatchObject({ error_type: "ITEM_ERROR", error_code: "INVALID_CREDENTIALS" });
      expect(e.data.error_message).toContain("user_custom");
    }
  });

  test("user_custom through the Link stand-in", async () => {
    const lt = await h.client.linkTokenCreate({ client_name: "Bank Connections", language: "en", country_codes: [CountryCode.Us], user: { client_user_id: "custom" }, products: [Products.Transactions] });
    const config = custom({ override_accounts: [{ type: "depository", subtype: "savings" }, { type: "credit", subtype: "credit card" }] });
    const login = await h.post("/link/sandbox/login", { link_token: lt.data.link_token, institution_id: "ins_109509", ...config }, {});
    expect(login.status).toBe(200);
    const { link_session_id, accounts } = login.data as { link_session_id: string; accounts: { subtype: string }[] };
    expect(accounts.map((a) => a.subtype)).toEqual(["savings", "credit card"]);
    const done = await h.post("/link/sandbox/complete", { link_token: lt.data.link_token, link_session_id }, {});
    const token = await exchange((done.data as { public_token: string }).public_token);
    expect((await h.client.accountsGet({ access_token: token })).data.accounts.map((a) => a.subtype)).toEqual(["savings", "credit card"]);
    const bad = await h.post("/link/sandbox/login", { link_token: lt.data.link_token, institution_id: "ins_109509", username: "user_custom", password: "{" }, {});
    expect(bad.data).toMatchObject({ error_code: "INVALID_CREDENTIALS" });
  });

  test("link tokens expire after 4 h of wall-clock time, whatever the sandbox clock does", async () => {
    let wall = Date.parse("2026-12-01T10:00:00Z");
    const own = await startHarness({ wallNowMs: () => wall });
    try {
      const lt = await own.client.linkTokenCreate({ client_name: "Bank Connections", language: "en", country_codes: [CountryCode.Us], user: { client_user_id: "wall" }, products: [Products.Transactions] });
      expect(lt.data.expiration).toBe("2026-12-01T14:00:00Z");
      await own.plaid.advanceClock(90);
      expect((await own.post("/link/sandbox/session", { link_token: lt.data.link_token }, {})).status).toBe(200);
      wall += 4 * 3600_000 - 1000;
      expect((await own.post("/link/sandbox/session", { link_token: lt.data.link_token }, {})).status).toBe(200);
      wall += 2000;
      const expired = await own.post("/link/sandbox/session", { link_token: lt.data.link_token }, {});
      expect(expired.status).toBe(400);
      expect(expired.data).toMatchObject({ error_code: "INVALID_LINK_TOKEN", error_message: "link token has expired" });
      const got = await own.client.linkTokenGet({ link_token: lt.data.link_token });
      expect(got.data.expiration).toBe("2026-12-01T14:00:00Z");
      validateRecorded(own.recorded);
    } finally {
      await own.close();
    }
  });
});
