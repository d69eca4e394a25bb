/**
 * Plaid OAuth in the sandbox: redirect_uri on link tokens (the official `plaid` client, responses
 * checked against the OpenAPI contract), OAuth institutions, and the hand-off state machine the
 * Link stand-in drives — start → the bank's consent page (host/oauth-page.ts, real Requests) →
 * approve / deny → resume with receivedRedirectUri — including replay, a foreign link token,
 * expiry, and update mode repairing the same item.
 */
import { describe, expect, test } from "vitest";
import { CountryCode, Products, type LinkTokenCreateRequest } from "plaid";
import { handlePlaidOAuthPage } from "@bank-connections/sandbox/host/oauth-page";
import { DAY_MS } from "@bank-connections/sandbox/data/dates";
import { assertResponse } from "./plaid-openapi";
import { sdkError, type PlaidErrorBody } from "./plaid-harness";
import { h, registerSdkHarness, WEBHOOK } from "./plaid-sdk-support";

registerSdkHarness();

const RETURN = "http://127.0.0.1:3000/oauth/plaid";

function tokenRequest(over: Partial<LinkTokenCreateRequest> = {}): LinkTokenCreateRequest {
  return {
    client_name: "OAuth test",
    language: "en",
    country_codes: [CountryCode.Us, CountryCode.De],
    user: { client_user_id: "user-1" },
    products: [Products.Transactions],
    webhook: WEBHOOK,
    redirect_uri: RETURN,
    ...over,
  };
}

async function linkToken(over: Partial<LinkTokenCreateRequest> = {}): Promise<string> {
  const res = await h.client.linkTokenCreate(tokenRequest(over));
  assertResponse("/link/token/create", res.status, res.data);
  return res.data.link_token;
}

async function start(token: string, institutionId?: string): Promise<string> {
  const r = await h.post("/link/sandbox/oauth/start", { link_token: token, ...(institutionId ? { institution_id: institutionId } : {}) });
  expect(r.status, JSON.stringify(r.data)).toBe(200);
  const data = r.data as { oauth_state_id: string; consent_path: string };
  expect(data.consent_path).toBe(`/oauth/${data.oauth_state_id}`);
  return data.oauth_state_id;
}

const sb = () => ({ plaid: h.plaid });
const page = (id: string) => handlePlaidOAuthPage(sb(), new Request(`http://app.test/sandbox/plaid/oauth/${id}`), id);

async function decide(id: string, fields: [string, string][]): Promise<Response> {
  const body = new URLSearchParams(fields).toString();
  return handlePlaidOAuthPage(sb(), new Request(`http://app.test/sandbox/plaid/oauth/${id}`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } }), id);
}

/** The account ids listed as checkboxes on the consent page. */
function checkboxes(html: string): string[] {
  return [...html.matchAll(/type="checkbox" id="acct-\d+" name="account_ids" value="([^"]+)"/g)].map((m) => m[1]!);
}

function resume(token: string, id: string | null, uri = id ? `${RETURN}?oauth_state_id=${id}` : RETURN) {
  return h.post("/link/sandbox/oauth/resume", { link_token: token, received_redirect_uri: uri });
}

describe("redirect_uri on link tokens", () => {
  test("kept on the token and returned by /link/token/get; absent = null", async () => {
    const token = await linkToken();
    const got = await h.client.linkTokenGet({ link_token: token });
    assertResponse("/link/token/get", got.status, got.data);
    expect(got.data.metadata.redirect_uri).toBe(RETURN);
    const plain = await linkToken({ redirect_uri: undefined });
    expect((await h.client.linkTokenGet({ link_token: plain })).data.metadata.redirect_uri).toBeNull();
    // https anywhere, http on localhost too.
    await linkToken({ redirect_uri: "https://app.example.com/oauth/plaid" });
    await linkToken({ redirect_uri: "http://localhost:3000/return" });
  });

  test.each([
    ["not-a-url", "absolute URL"],
    ["http://app.example.com/oauth", "https"],
    ["ftp://app.example.com/oauth", "https"],
    ["https://app.example.com/oauth#frag", "fragment"],
    ["https://app.example.com/oauth?x=1", "query"],
  ])("%s → 400 INVALID_FIELD (%s)", async (uri, words) => {
    const err = await sdkError(h.client.linkTokenCreate(tokenRequest({ redirect_uri: uri })));
    expect(err.status).toBe(400);
    expect(err.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" });
    expect(err.data.error_message).toContain("redirect_uri");
    expect(err.data.error_message).toContain(words);
  });
});

describe("OAuth institutions", () => {
  test("institutions/get|search|get_by_id report oauth; the oauth filter works", async () => {
    const us = await h.client.institutionsGet({ count: 500, offset: 0, country_codes: [CountryCode.Us], options: { oauth: true } });
    assertResponse("/institutions/get", us.status, us.data);
    expect(us.data.institutions.map((i) => i.institution_id)).toEqual(["ins_127287"]);
    const de = await h.client.institutionsGet({ count: 500, offset: 0, country_codes: [CountryCode.De, CountryCode.Gb] });
    expect(de.data.institutions.length).toBeGreaterThanOrEqual(16);
    expect(de.data.institutions.every((i) => i.oauth)).toBe(true);
    const found = await h.client.institutionsSearch({ query: "platypus oauth", country_codes: [CountryCode.Us] });
    assertResponse("/institutions/search", found.status, found.data);
    expect(found.data.institutions).toMatchObject([{ institution_id: "ins_127287", name: "Platypus OAuth Bank", oauth: true }]);
    const byId = await h.client.institutionsGetById({ institution_id: "ins_109508", country_codes: [CountryCode.Us] });
    expect(byId.data.institution.oauth).toBe(false);
  });

  test("/sandbox/public_token/create works on OAuth institutions without OAuth", async () => {
    for (const id of ["ins_127287", "ins_180901", "ins_117650"]) {
      const pt = await h.client.sandboxPublicTokenCreate({ institution_id: id, initial_products: [Products.Transactions] });
      assertResponse("/sandbox/public_token/create", pt.status, pt.data);
      const ex = await h.client.itemPublicTokenExchange({ public_token: pt.data.public_token });
      const accounts = await h.client.accountsGet({ access_token: ex.data.access_token });
      expect(accounts.data.item.institution_id).toBe(id);
      expect(accounts.data.accounts.length).toBeGreaterThanOrEqual(3);
    }
  });

  test("the Link session tells the stand-in the token's redirect_uri and each bank's oauth flag", async () => {
    const r = await h.post("/link/sandbox/session", { link_token: await linkToken() });
    const data = r.data as { redirect_uri: string; institutions: { institution_id: string; oauth: boolean }[] };
    expect(data.redirect_uri).toBe(RETURN);
    expect(data.institutions.find((i) => i.institution_id === "ins_127287")?.oauth).toBe(true);
    expect(data.institutions.find((i) => i.institution_id === "ins_180901")?.oauth).toBe(true);
    expect(data.institutions.find((i) => i.institution_id === "ins_109508")?.oauth).toBe(false);
  });
});

describe("the OAuth hand-off", () => {
  test("approve with chosen accounts → 303 to redirect_uri → resume once → an item with those accounts", async () => {
    const token = await linkToken();
    const id = await start(token, "ins_127287");
    const get = await page(id);
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toContain("text/html");
    const html = await get.text();
    expect(html).toContain("<h1>Platypus OAuth Bank</h1>");
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(html).toContain("Which accounts to share");
    expect(html).not.toContain("<script");
    const ids = checkboxes(html);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    // Every checkbox has a label (for=id).
    for (let i = 0; i < ids.length; i++) expect(html).toContain(`<label class="acct" for="acct-${i}">`);

    // No account chosen: the page again, with the problem, nothing decided.
    const none = await decide(id, [["decision", "approve"]]);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Choose at least one account");

    const chosen = ids.slice(0, 2);
    const ok = await decide(id, [["decision", "approve"], ...chosen.map((a) => ["account_ids", a] as [string, string])]);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`${RETURN}?oauth_state_id=${id}`);
    // Answered already: a replayed POST changes nothing.
    expect((await decide(id, [["decision", "deny"]])).status).toBe(409);
    const answered = await page(id);
    expect(answered.status).toBe(409);
    expect(await answered.text()).toContain("Request already answered");

    const done = await resume(token, id);
    expect(done.status).toBe(200);
    const result = done.data as { public_token: string; metadata: { institution: unknown; accounts: { id: string }[] } };
    expect(result.metadata.institution).toEqual({ name: "Platypus OAuth Bank", institution_id: "ins_127287" });
    expect(result.metadata.accounts.map((a) => a.id)).toEqual(chosen);
    const ex = await h.client.itemPublicTokenExchange({ public_token: result.public_token });
    const accounts = await h.client.accountsGet({ access_token: ex.data.access_token });
    expect(accounts.data.accounts.map((a) => a.account_id)).toEqual(chosen);

    // Single use.
    const again = await resume(token, id);
    expect(again.status).toBe(400);
    expect(again.data).toMatchObject({ error_type: "OAUTH_ERROR", error_code: "OAUTH_STATE_ID_ALREADY_PROCESSED" });
  });

  test("deny → 303 → resume gives ACCESS_NOT_GRANTED and creates nothing", async () => {
    const before = (await h.plaid.listItems()).length;
    const token = await linkToken();
    const id = await start(token, "ins_180901");
    expect(await (await page(id)).text()).toContain("<h1>Platypus Bank Deutschland</h1>");
    const res = await decide(id, [["decision", "deny"]]);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${RETURN}?oauth_state_id=${id}`);
    const r = await resume(token, id);
    expect(r.status).toBe(400);
    const err = r.data as PlaidErrorBody;
    expect(err).toMatchObject({ error_type: "ITEM_ERROR", error_code: "ACCESS_NOT_GRANTED" });
    expect(err.display_message).toBeTruthy();
    expect((await h.plaid.listItems()).length).toBe(before);
    expect((await resume(token, id)).data).toMatchObject({ error_code: "OAUTH_STATE_ID_ALREADY_PROCESSED" });
  });

  test("a foreign link token, an unknown or missing state, an undecided state, an expired token", async () => {
    const token = await linkToken();
    const other = await linkToken();
    const id = await start(token, "ins_127287");
    expect((await resume(token, id)).data).toMatchObject({ error_type: "OAUTH_ERROR", error_code: "OAUTH_STATE_ID_NOT_FOUND" }); // not answered at the bank yet
    expect((await decide(id, [["decision", "approve"], ["account_ids", checkboxes(await (await page(id)).text())[0]!]])).status).toBe(303);
    expect((await resume(other, id)).data).toMatchObject({ error_type: "OAUTH_ERROR", error_code: "INCORRECT_LINK_TOKEN" });
    expect((await resume(token, "00000000-0000-0000-0000-000000000000")).data).toMatchObject({ error_code: "OAUTH_STATE_ID_NOT_FOUND" });
    expect((await resume(token, null)).data).toMatchObject({ error_code: "OAUTH_STATE_ID_NOT_FOUND" });
    // The foreign attempt did not use it up.
    expect((await resume(token, id)).status).toBe(200);
    expect((await page("no-such-state")).status).toBe(404);
  });

  test("the state expires with its link token (page 410, resume INVALID_LINK_TOKEN)", async () => {
    let wall = Date.parse("2026-11-01T12:00:00Z");
    const { startHarness } = await import("./plaid-harness");
    const own = await startHarness({ wallNowMs: () => wall });
    try {
      const created = await own.client.linkTokenCreate(tokenRequest());
      const token = created.data.link_token;
      const r = await own.post("/link/sandbox/oauth/start", { link_token: token, institution_id: "ins_127287" });
      const id = (r.data as { oauth_state_id: string }).oauth_state_id;
      wall += 4 * 60 * 60_000 + 1;
      const view = await handlePlaidOAuthPage({ plaid: own.plaid }, new Request(`http://app.test/x/${id}`), id);
      expect(view.status).toBe(410);
      expect(await view.text()).toContain("Request expired");
      const res = await own.post("/link/sandbox/oauth/resume", { link_token: token, received_redirect_uri: `${RETURN}?oauth_state_id=${id}` });
      expect(res.data).toMatchObject({ error_code: "INVALID_LINK_TOKEN" });
    } finally {
      await own.close();
    }
  });

  test("start refuses: no redirect_uri on the token, a non-OAuth bank, a bank that is down", async () => {
    const plain = await linkToken({ redirect_uri: undefined });
    const noRedirect = await h.post("/link/sandbox/oauth/start", { link_token: plain, institution_id: "ins_127287" });
    expect(noRedirect.status).toBe(400);
    expect(noRedirect.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" });
    expect((noRedirect.data as PlaidErrorBody).error_message).toContain("redirect_uri");
    expect((noRedirect.data as PlaidErrorBody).display_message).toBeTruthy();
    const token = await linkToken();
    expect((await h.post("/link/sandbox/oauth/start", { link_token: token, institution_id: "ins_109508" })).data).toMatchObject({ error_code: "INVALID_INSTITUTION" });
    await h.plaid.setFaults({ institutionsDown: ["ins_127287"] });
    expect((await h.post("/link/sandbox/oauth/start", { link_token: token, institution_id: "ins_127287" })).data).toMatchObject({ error_code: "INSTITUTION_DOWN" });
  });

  test("update mode on an EU OAuth item: consent page → the same item repaired, consent renewed", async () => {
    const pt = await h.client.sandboxPublicTokenCreate({ institution_id: "ins_180901", initial_products: [Products.Transactions], options: { webhook: WEBHOOK } });
    const ex = await h.client.itemPublicTokenExchange({ public_token: pt.data.public_token });
    const itemId = ex.data.item_id;
    const before = (await h.client.itemGet({ access_token: ex.data.access_token })).data.item.consent_expiration_time;
    expect(before).toBeTruthy();
    await h.plaid.advanceClock(30);
    await h.plaid.setItemLoginRequired(itemId);
    const token = await linkToken({ access_token: ex.data.access_token, products: undefined });
    const id = await start(token);
    const html = await (await page(id)).text();
    expect(html).toContain("<h1>Platypus Bank Deutschland</h1>");
    expect(checkboxes(html)).toEqual([]); // no account selection in plain update mode: the shared accounts are listed
    expect(html).toContain("Accounts shared");
    expect((await decide(id, [["decision", "approve"]])).status).toBe(303);
    const r = await resume(token, id);
    expect(r.status).toBe(200);
    const again = await h.client.itemPublicTokenExchange({ public_token: (r.data as { public_token: string }).public_token });
    expect(again.data.item_id).toBe(itemId);
    expect(again.data.access_token).toBe(ex.data.access_token);
    const item = (await h.client.itemGet({ access_token: ex.data.access_token })).data.item;
    expect(item.error).toBeNull();
    expect(Date.parse(item.consent_expiration_time!) - Date.parse(before!)).toBe(30 * DAY_MS);
    await h.plaid.advanceClock(-30);
  });
});
