/**
 * The Pluggy emulator driven by the OFFICIAL pluggy-sdk over real HTTP: the shared sandbox harness
 * (testing/harness.ts, node:http on 127.0.0.1:0) with Pluggy mounted under /pluggy.
 * Counts are checked against the shared sandbox data (data/), so a broken mapping,
 * paging, lifecycle or auth fails here. This file: rate limits, auth, bad input, query strings.
 */
import { SignJWT } from "jose";
import { PluggyClient } from "pluggy-sdk";
import { describe, expect, it } from "vitest";
import { api, client, CLIENT, rejection, SECRET, sandbox, waitWhileUpdating, registerPluggySdkHarness, renewClient } from "./pluggy-sdk-support";

registerPluggySdkHarness();

describe("pluggy-sdk against the emulator: limits, auth and bad input", () => {
  it("a 429 with Retry-After is retried transparently by the SDK", async () => {
    const created = await client.createItem(0, { user: "user-ok", password: "password-ok" });
    await waitWhileUpdating(created.id);
    sandbox.control.clearRequestLog();
    sandbox.control.setFaults({ rateLimit: { every: 1, limit: 1, retryAfterSeconds: 1, match: { method: "GET", pathPrefix: "/accounts" } } });
    const accounts = await client.fetchAccounts(created.id);
    expect(accounts.results.length).toBeGreaterThan(0);
    const hits = sandbox.control.requestLog().filter((r) => r.path === "/accounts");
    expect(hits.map((h) => h.status)).toEqual([429, 200]);
    expect(hits[0]!.fault).toBe("rateLimit");
    expect(hits[1]!.atMs - hits[0]!.atMs).toBeGreaterThanOrEqual(900); // waited for Retry-After

    // Mutations are retried too (got retries POST/PATCH/DELETE on 429).
    sandbox.control.clearRequestLog();
    sandbox.control.setFaults({ rateLimit: { every: 1, limit: 1, match: { method: "POST", pathPrefix: "/connect_token" } } });
    await client.createConnectToken();
    expect(sandbox.control.requestLog().filter((r) => r.path === "/connect_token").map((h) => h.status)).toEqual([429, 200]);
  });

  it("auth: bad keys, expired / forged / revoked api keys → 401; the SDK refreshes an expiring key", async () => {
    // The SDK fetches its key outside its try/catch: a refused POST /auth rejects with got's
    // HTTPError (not the Pluggy body as every other call does).
    const bad = new PluggyClient({ clientId: CLIENT.clientId, clientSecret: "nope" });
    const authErr = (await rejection(bad.fetchConnectors())) as { response?: { statusCode: number; body: unknown } };
    expect(authErr.response?.statusCode).toBe(401);
    expect(authErr.response?.body).toMatchObject({ code: 401, codeDescription: "CLIENT_KEYS_UNAUTHORIZED", message: "Client keys are invalid" });

    const key = new TextEncoder().encode(SECRET);
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ kind: "api_key", epoch: 1 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer("pluggy-sandbox")
      .setSubject(CLIENT.clientId)
      .setIssuedAt(now - 3 * 3600)
      .setExpirationTime(now - 3600)
      .sign(key);
    const r1 = await fetch(`${api}/connectors`, { headers: { "X-API-KEY": expired } });
    expect(r1.status).toBe(401);
    expect(await r1.json()).toMatchObject({ code: 401, codeDescription: "API_KEY_EXPIRED" });
    const forged = await new SignJWT({ kind: "api_key", epoch: 1 })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("pluggy-sandbox")
      .setSubject(CLIENT.clientId)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode("another-secret-another-secret-1234"));
    const r2 = await fetch(`${api}/connectors`, { headers: { "X-API-KEY": forged } });
    expect(r2.status).toBe(401);
    expect((await r2.json()).codeDescription).toBe("INVALID_API_KEY");
    expect((await fetch(`${api}/connectors`)).status).toBe(401);

    // A 3-second key (whole-second `exp`, so it lives 2–3 s: room for the first call on a loaded
    // machine): the SDK sees `exp` pass and authenticates again by itself.
    sandbox.control.setApiKeyTtl(3);
    try {
      const fresh = new PluggyClient(CLIENT);
      sandbox.control.clearRequestLog();
      await fresh.fetchConnectors();
      await new Promise((r) => setTimeout(r, 3100));
      await fresh.fetchConnectors();
      const log = sandbox.control.requestLog();
      expect(log.filter((r) => r.path === "/auth").map((r) => r.status)).toEqual([200, 200]);
      expect(log.filter((r) => r.path === "/connectors").map((r) => r.status)).toEqual([200, 200]);
    } finally {
      sandbox.control.setApiKeyTtl(7200);
    }

    // Revoked keys: the SDK still holds an unexpired key, so it gets 401 until it re-authenticates.
    const holder = new PluggyClient(CLIENT);
    await holder.fetchConnectors();
    await sandbox.control.revokeApiKeys();
    expect(await rejection(holder.fetchConnectors())).toMatchObject({ code: 401, codeDescription: "API_KEY_EXPIRED" });
    renewClient(); // the shared client's key was revoked as well
  });

  it("mutations answer exactly 200; bad input is 400/404/405, never 500", async () => {
    const apiKey = ((await (await fetch(`${api}/auth`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(CLIENT) })).json()) as { apiKey: string }).apiKey;
    const call = async (method: string, path: string, body?: unknown, raw?: string) => {
      const res = await fetch(`${api}${path}`, {
        method,
        headers: { "X-API-KEY": apiKey, "Content-Type": "application/json" },
        ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const ct = await call("POST", "/connect_token", { options: { clientUserId: "u" } });
    expect(ct.status).toBe(200);
    const item = await call("POST", "/items", { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } });
    expect(item.status).toBe(200);
    const id = item.body.id as string;
    await sandbox.control.settleAll();
    expect((await call("PATCH", `/items/${id}`, { id })).status).toBe(200);
    await sandbox.control.settleAll();
    const wh = await call("POST", "/webhooks", { event: "item/updated", url: "https://example.test/h" });
    expect(wh.status).toBe(200);
    expect((await call("PATCH", `/webhooks/${wh.body.id as string}`, { enabled: false })).status).toBe(200);
    expect((await call("DELETE", `/webhooks/${wh.body.id as string}`)).status).toBe(200);
    expect((await call("DELETE", `/items/${id}`)).status).toBe(200);

    const badJson = await call("POST", "/items", undefined, "{not json");
    expect(badJson.status).toBe(400);
    expect(badJson.body.code).toBe(400); // (the shared server answers bad JSON itself)
    const badShape = await call("POST", "/items", { connectorId: "zero", parameters: [] });
    expect(badShape.status).toBe(400);
    expect(badShape.body.code).toBe(400);
    expect((await call("POST", "/items", { connectorId: 0 })).body.codeDescription).toBe("PARAMETERS_NOT_PROVIDED");
    expect((await call("POST", "/items", { connectorId: 99999, parameters: { user: "a", password: "b" } })).status).toBe(400);
    expect((await call("GET", "/items/00000000-0000-0000-0000-000000000000")).status).toBe(404);
    expect((await call("GET", "/items/not-a-uuid")).status).toBe(404);
    expect((await call("GET", "/accounts")).status).toBe(400);
    expect((await call("GET", "/v2/transactions?accountId=nope")).status).toBe(404);
    expect((await call("GET", "/connectors/abc")).status).toBe(404);
    expect((await call("PUT", "/items/x")).status).toBe(404);
    expect((await call("PUT", "/webhooks")).status).toBe(405);
    expect((await call("GET", "/nothing/here")).status).toBe(404);
    expect(sandbox.control.requestLog().some((r) => r.status >= 500)).toBe(false);
  });

  it("un-encoded query strings: raw ISO timestamps and ids=a,b,c", async () => {
    const created = await client.createItem(0, { user: "user-ok", password: "password-ok" });
    await waitWhileUpdating(created.id);
    const accountId = (await client.fetchAccounts(created.id)).results[0]!.id;
    const all = await client.fetchAllTransactions(accountId);
    const pick = all.slice(0, 3).map((t) => t.id);
    const byIds = await client.fetchTransactionsCursor(accountId, { ids: pick });
    expect(byIds.results.map((t) => t.id).sort()).toEqual([...pick].sort());
    const since = all[0]!.createdAt.toISOString();
    const byCreated = await client.fetchTransactionsCursor(accountId, { createdAtFrom: since });
    expect(byCreated.results.length).toBeGreaterThan(0);
    const legacy = await client.fetchTransactions(accountId, { ids: pick, from: "2000-01-01", to: "2100-01-01" });
    expect(legacy.total).toBe(3);
    // An offset whose "+" arrives un-encoded.
    const key = ((await (await fetch(`${api}/auth`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(CLIENT) })).json()) as { apiKey: string }).apiKey;
    const res = await fetch(`${api}/v2/transactions?accountId=${accountId}&createdAtFrom=2000-01-01T00:00:00+03:00`, { headers: { "X-API-KEY": key } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: unknown[] }).results.length).toBeGreaterThan(0);
    expect(
      (await fetch(`${api}/v2/transactions?accountId=${accountId}&dateFrom=2025-01-01&createdAtFrom=2025-01-01T00:00:00.000Z`, { headers: { "X-API-KEY": key } })).status,
    ).toBe(400);
  });
});
