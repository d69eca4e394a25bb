/**
 * Issue 15, finding 1: the embedded sandbox banks could be driven by anyone who reached the port,
 * even from another website. Reproduced here as the attacker did it, against the app's real route
 * handlers served over HTTP at APP_URL (so the try-it actions and the official SDKs call them as
 * in the app), and shown not to work any more:
 *
 *   - tokens computed "the old way" (seed + counter) are none of the real ones and are refused;
 *   - another client's keys are refused (Plaid INVALID_API_KEYS, Pluggy 401), also the keys that
 *     used to be constants in the source, and a Pluggy api key signed with the old constant secret;
 *   - a cross-site POST (text/plain, or JSON with a foreign Origin / Sec-Fetch-Site) is refused
 *     and changes nothing, while same-origin and server-to-server calls work;
 *   - /sandbox/control needs a signed-in user (401) and shows and drives only their own items
 *     (every item for a SANDBOX_ADMIN_EMAILS address);
 *   - a try-it action with another person's item id is "not found", leaking nothing.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { PlaidApi } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig, type AppConfig } from "@/lib/config";
import type { Database } from "@/lib/db/open";
import { handlePlaidHttp, handlePluggyHttp, resetSandboxSingleton, getSandbox } from "@/lib/sandbox/mount";
import { getSandboxApiKeys } from "@/lib/secrets";
import { createPlaidClient } from "@/lib/providers/plaid/client";
import { keyOf, uuidFromKey } from "@bank-connections/sandbox/data/prng";
import { DEFAULT_SEED } from "@bank-connections/sandbox/data/seed";
import { createTestApp } from "../helpers/app-context";
import { databaseBackends } from "../helpers/databases";

const g = globalThis as unknown as { __bankConnectionsConfig?: AppConfig };
const app = createTestApp();
const actions = app.bind(await import("@/app/sandbox/actions"));
const controlRoute = app.bind(await import("@/app/sandbox/control/route"));

let server: http.Server;
let APP = "";
let dataDir = "";
let db: Database;
const users = { alice: { id: "", email: "alice@example.com", name: null }, bob: { id: "", email: "bob@example.com", name: null }, admin: { id: "", email: "sandbox-admin@example.com", name: null } };

/** Node request → web Request → the app's sandbox route bodies (what app/sandbox/{plaid,pluggy}/[...path] call). */
function serve(): http.Server {
  return http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const url = new URL(req.url ?? "/", APP);
    const method = req.method ?? "GET";
    const request = new Request(url, { method, headers, ...(method === "GET" || method === "HEAD" ? {} : { body: Buffer.concat(chunks) }) });
    const [root, provider, ...rest] = url.pathname.split("/").filter(Boolean);
    const out =
      root !== "sandbox"
        ? new Response("not found", { status: 404 })
        : provider === "plaid"
          ? await handlePlaidHttp(request, rest)
          : provider === "pluggy"
            ? await handlePluggyHttp(request, rest)
            : new Response("not found", { status: 404 });
    res.writeHead(out.status, Object.fromEntries(out.headers));
    res.end(Buffer.from(await out.arrayBuffer()));
  });
}

/** A raw call as a browser (or an attacker's script) would make it. */
function call(p: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  return fetch(`${APP}${p}`, { method: init.method ?? "POST", headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
}

const keys = () => getSandboxApiKeys(g.__bankConnectionsConfig!);
const plaidKeyHeaders = () => ({ "PLAID-CLIENT-ID": keys().plaid.clientId, "PLAID-SECRET": keys().plaid.secret });
const SAME_ORIGIN = () => ({ Origin: APP, "Content-Type": "application/json" });

async function as<T>(who: keyof typeof users | null, fn: () => Promise<T>): Promise<T> {
  app.user = who ? users[who] : null;
  return fn();
}

/** A Plaid item made as the "try it" widget makes it: link token (action) → Link stand-in (browser) → exchange (action). */
async function tryItPlaidItem(who: keyof typeof users): Promise<string> {
  return as(who, async () => {
    const lt = await actions.createTryPlaidLinkToken({ country: "US", institutionId: "ins_109508" });
    if (!lt.ok) throw new Error(`link token: ${lt.message}`);
    const done = await call("/sandbox/plaid/link/sandbox/complete", {
      headers: SAME_ORIGIN(),
      body: JSON.stringify({ link_token: lt.data.linkToken, institution_id: "ins_109508", username: "user_good", password: "pass_good" }),
    });
    expect(done.status).toBe(200);
    const ex = await actions.exchangeTryPlaidPublicToken({ publicToken: ((await done.json()) as { public_token: string }).public_token });
    if (!ex.ok) throw new Error(`exchange: ${ex.message}`);
    return ex.data.itemId;
  });
}

/** A Pluggy item made as the Connect stand-in makes it: connect token (action) → submit (browser). */
async function tryItPluggyItem(who: keyof typeof users): Promise<string> {
  return as(who, async () => {
    const ct = await actions.createTryPluggyConnectToken({});
    if (!ct.ok) throw new Error(`connect token: ${ct.message}`);
    const submit = await call("/sandbox/pluggy/connect/sandbox/submit", {
      headers: SAME_ORIGIN(),
      body: JSON.stringify({ connectToken: ct.data.connectToken, connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } }),
    });
    expect(submit.status).toBe(200);
    return ((await submit.json()) as { item: { id: string } }).item.id;
  });
}

type Overview = { viewer: { userId: string; admin: boolean }; plaid: { items: { itemId: string; username: string; status: string }[] }; pluggy: { items: { itemId: string }[] } };

async function overviewAs(who: keyof typeof users | null): Promise<{ status: number; body: { ok: boolean; data?: Overview; error?: string } }> {
  const res = await as(who, () => controlRoute.GET(new Request(`${APP}/sandbox/control`)));
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: Overview; error?: string } };
}

async function controlAs(who: keyof typeof users | null, body: unknown, headers: Record<string, string> = { "Content-Type": "application/json" }): Promise<{ status: number; body: { ok: boolean; error?: string; message?: string } }> {
  const res = await as(who, () => controlRoute.POST(new Request(`${APP}/sandbox/control`, { method: "POST", headers, body: JSON.stringify(body) })));
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: string; message?: string } };
}

let alicePlaid = "";
let alicePluggy = "";
let bobPlaid = "";

beforeAll(async () => {
  server = serve();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  APP = `http://127.0.0.1:${port}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-access-"));
  g.__bankConnectionsConfig = parseConfig({ DATA_DIR: dataDir, PORT: String(port), NODE_ENV: "test", SANDBOX_ADMIN_EMAILS: `someone@example.com, ${users.admin.email.toUpperCase()}` });
  resetSandboxSingleton();
  db = await databaseBackends()[0]!.open();
  app.db = db;
  for (const u of Object.values(users)) u.id = (await db.prisma.user.create({ data: { email: u.email } })).id;
  alicePlaid = await tryItPlaidItem("alice");
  alicePluggy = await tryItPluggyItem("alice");
  bobPlaid = await tryItPlaidItem("bob");
}, 60_000);

afterAll(async () => {
  resetSandboxSingleton();
  g.__bankConnectionsConfig = undefined;
  await new Promise((r) => server.close(r));
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const aliceAccessToken = async () => (await getSandbox().plaid!.listItems()).find((i) => i.itemId === alicePlaid)!.accessToken;

describe("tokens cannot be predicted or used by another client", () => {
  it("tokens computed from the seed and a counter (the old scheme) are none of the real ones, and are refused", async () => {
    const real = (await getSandbox().plaid!.listItems()).map((i) => i.accessToken);
    expect(real.length).toBeGreaterThanOrEqual(2);
    const state = await getSandbox().plaid!.getState();
    const seeds = [...new Set([DEFAULT_SEED, state.seed])];
    const candidates = seeds.flatMap((seed) => Array.from({ length: 200 }, (_, n) => `access-sandbox-${uuidFromKey(keyOf("plaid", seed, "access", n + 1))}`));
    expect(candidates.filter((c) => real.includes(c))).toEqual([]);
    for (const token of candidates.slice(0, 60)) {
      const res = await call("/sandbox/plaid/accounts/get", { headers: { "Content-Type": "application/json", ...plaidKeyHeaders() }, body: JSON.stringify({ access_token: token }) });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error_code: "INVALID_ACCESS_TOKEN" });
    }
    // Random: every token has its own UUID, and no two items share a prefix-derived pattern.
    for (const t of real) expect(t).toMatch(/^access-sandbox-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(real).size).toBe(real.length);
  });

  it("a real token with any other client's keys is INVALID_API_KEYS; the app's own keys read it", async () => {
    const token = await aliceAccessToken();
    for (const other of [
      { "PLAID-CLIENT-ID": "bank-connections-sandbox", "PLAID-SECRET": "sandbox-secret" },
      { "PLAID-CLIENT-ID": keys().plaid.clientId, "PLAID-SECRET": "wrong" },
      { "PLAID-CLIENT-ID": "attacker", "PLAID-SECRET": keys().plaid.secret },
    ]) {
      for (const endpoint of ["/accounts/get", "/transactions/sync"]) {
        const res = await call(`/sandbox/plaid${endpoint}`, { headers: { "Content-Type": "application/json", ...other }, body: JSON.stringify({ access_token: token }) });
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_API_KEYS" });
      }
    }
    const own: PlaidApi = createPlaidClient({ basePath: `${APP}/sandbox/plaid`, ...keys().plaid });
    expect((await own.accountsGet({ access_token: token })).data.accounts.length).toBeGreaterThan(0);
  });

  it("Pluggy: other client keys are 401, and an api key signed with the old constant secret is refused", async () => {
    for (const body of [{ clientId: "bank-connections-sandbox", clientSecret: "sandbox-secret" }, { clientId: keys().pluggy.clientId, clientSecret: "x" }]) {
      const res = await call("/sandbox/pluggy/auth", { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 401, codeDescription: "CLIENT_KEYS_UNAUTHORIZED" });
    }
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ kind: "api_key", epoch: 1 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer("pluggy-sandbox")
      .setSubject(keys().pluggy.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode("pluggy-sandbox-hs256-secret-not-for-production"));
    const res = await call(`/sandbox/pluggy/items/${alicePluggy}`, { method: "GET", headers: { "X-API-KEY": forged } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 401, codeDescription: "INVALID_API_KEY" });
    // The real keys work.
    const auth = await call("/sandbox/pluggy/auth", { headers: { "Content-Type": "application/json" }, body: JSON.stringify(keys().pluggy) });
    const { apiKey } = (await auth.json()) as { apiKey: string };
    expect((await call(`/sandbox/pluggy/items/${alicePluggy}`, { method: "GET", headers: { "X-API-KEY": apiKey } })).status).toBe(200);
  });

  it("the keys are generated per installation, kept in DATA_DIR/secrets.json with mode 0600", () => {
    const file = path.join(dataDir, "secrets.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const k = keys();
    expect(k.plaid.clientId).toMatch(/^[0-9a-f]{24}$/);
    expect(k.plaid.secret).toMatch(/^[0-9a-f]{30}$/);
    expect(k.pluggy.clientSecret).toMatch(/^[0-9a-f-]{36}$/);
    expect(k.pluggySigningSecret.length).toBeGreaterThanOrEqual(43);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-access-other-"));
    try {
      const elsewhere = getSandboxApiKeys(parseConfig({ DATA_DIR: other, NODE_ENV: "test" }));
      expect(elsewhere.plaid.secret).not.toBe(k.plaid.secret);
      expect(elsewhere.pluggy.clientSecret).not.toBe(k.pluggy.clientSecret);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe("other websites cannot drive the sandbox", () => {
  const resetLogin = async (headers: Record<string, string>, body: Record<string, unknown>) =>
    call("/sandbox/plaid/sandbox/item/reset_login", { headers, body: JSON.stringify(body) });
  const aliceStatus = async () => (await getSandbox().plaid!.listItems()).find((i) => i.itemId === alicePlaid)!.error?.error_code ?? "OK";

  it("a cross-site text/plain POST (no preflight), a foreign Origin and Sec-Fetch-Site: cross-site are refused and change nothing", async () => {
    const token = await aliceAccessToken();
    const body = { access_token: token, client_id: keys().plaid.clientId, secret: keys().plaid.secret };
    const plain = await resetLogin({ Origin: "http://evil.example", "Content-Type": "text/plain" }, body);
    expect(plain.status).toBe(403);
    expect(await plain.json()).toMatchObject({ error_code: "INVALID_HEADERS", error_message: expect.stringContaining("Origin http://evil.example") });
    const json = await resetLogin({ Origin: "http://evil.example", "Content-Type": "application/json" }, body);
    expect(json.status).toBe(403);
    const fetchSite = await resetLogin({ "Sec-Fetch-Site": "cross-site", "Content-Type": "application/json" }, body);
    expect(fetchSite.status).toBe(403);
    const nullOrigin = await resetLogin({ Origin: "null", "Content-Type": "application/json" }, body);
    expect(nullOrigin.status).toBe(403);
    const textSameOrigin = await resetLogin({ Origin: APP, "Content-Type": "text/plain" }, body);
    expect(textSameOrigin.status).toBe(400);
    expect(await textSameOrigin.json()).toMatchObject({ error_code: "INVALID_HEADERS", error_message: expect.stringContaining("application/json") });
    const form = await resetLogin({ "Content-Type": "application/x-www-form-urlencoded" }, body);
    expect(form.status).toBe(400);
    expect(await aliceStatus()).toBe("OK");

    const pluggy = await call("/sandbox/pluggy/auth", { headers: { Origin: "https://evil.example", "Content-Type": "text/plain" }, body: JSON.stringify(keys().pluggy) });
    expect(pluggy.status).toBe(403);
    expect(await pluggy.json()).toMatchObject({ code: 403, codeDescription: "FORBIDDEN" });
    const pluggyGet = await call("/sandbox/pluggy/connectors", { method: "GET", headers: { Origin: "https://evil.example" } });
    expect(pluggyGet.status).toBe(403);
    const pluggyPlain = await call("/sandbox/pluggy/auth", { headers: { "Content-Type": "text/plain" }, body: JSON.stringify(keys().pluggy) });
    expect(pluggyPlain.status).toBe(415);
    expect(await pluggyPlain.json()).toMatchObject({ code: 415, codeDescription: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("the same call from the app's own origin, under another host name, or server to server works", async () => {
    const token = await aliceAccessToken();
    const body = { access_token: token, ...{ client_id: keys().plaid.clientId, secret: keys().plaid.secret } };
    const local = APP.replace("127.0.0.1", "localhost");
    const other = await fetch(`${local}/sandbox/plaid/categories/get`, { method: "POST", headers: { Origin: local, "Content-Type": "application/json" }, body: "{}" });
    expect(other.status).toBe(200);
    const sameOrigin = await resetLogin({ Origin: APP, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json; charset=utf-8" }, body);
    expect(sameOrigin.status).toBe(200);
    expect(await aliceStatus()).toBe("ITEM_LOGIN_REQUIRED");
    await getSandbox().plaid!.repairItemLogin(alicePlaid);
    const serverToServer = await resetLogin({ "Content-Type": "application/json" }, body);
    expect(serverToServer.status).toBe(200);
    await getSandbox().plaid!.repairItemLogin(alicePlaid);
  });

  it("the control route refuses another website even with a signed-in user's cookie", async () => {
    const r = await controlAs("alice", { action: "plaid.loginRequired", itemId: alicePlaid }, { "Content-Type": "application/json", Origin: "http://evil.example" });
    expect(r.status).toBe(403);
    const plain = await controlAs("alice", { action: "plaid.loginRequired", itemId: alicePlaid }, { "Content-Type": "text/plain" });
    expect(plain.status).toBe(415);
    expect(await aliceStatus()).toBe("OK");
  });
});

describe("/sandbox/control: a signed-in user's own items", () => {
  it("needs a signed-in user: 401 for GET and POST, and nothing is done", async () => {
    const get = await overviewAs(null);
    expect(get.status).toBe(401);
    expect(get.body).toEqual({ ok: false, error: "Sign in to use the sandbox controls." });
    const post = await controlAs(null, { action: "plaid.loginRequired", itemId: alicePlaid });
    expect(post.status).toBe(401);
    expect((await getSandbox().plaid!.listItems()).find((i) => i.itemId === alicePlaid)!.error).toBeNull();
  });

  it("lists only the viewer's items: Alice sees hers, Bob his, neither sees the other's usernames or accounts", async () => {
    const alice = (await overviewAs("alice")).body.data!;
    expect(alice.viewer).toEqual({ userId: users.alice.id, admin: false });
    expect(alice.plaid.items.map((i) => i.itemId)).toEqual([alicePlaid]);
    expect(alice.pluggy.items.map((i) => i.itemId)).toEqual([alicePluggy]);
    const bob = (await overviewAs("bob")).body.data!;
    expect(bob.plaid.items.map((i) => i.itemId)).toEqual([bobPlaid]);
    expect(bob.pluggy.items).toEqual([]);
    expect(JSON.stringify(bob)).not.toContain(alicePlaid);
    expect(JSON.stringify(bob)).not.toContain(alicePluggy);
  });

  it("acts only on the viewer's items: another person's id answers exactly as an unknown id", async () => {
    for (const [action, itemId] of [
      ["plaid.loginRequired", alicePlaid],
      ["plaid.fireWebhook", alicePlaid],
      ["plaid.addAccount", alicePlaid],
      ["pluggy.loginError", alicePluggy],
      ["pluggy.addAccount", alicePluggy],
    ] as const) {
      const foreign = await controlAs("bob", { action, itemId });
      const unknown = await controlAs("bob", { action, itemId: itemId.replace(/.$/, (c) => (c === "0" ? "1" : "0")) });
      expect(foreign.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(foreign.body.error).toBe(unknown.body.error!.replace(/[^ ]+\.$/, `${itemId}.`));
    }
    // An access token instead of the id does not work either.
    expect((await controlAs("bob", { action: "plaid.loginRequired", itemId: await aliceAccessToken() })).status).toBe(404);
    expect((await getSandbox().plaid!.listItems()).find((i) => i.itemId === alicePlaid)!.error).toBeNull();
    const own = await controlAs("alice", { action: "plaid.loginRequired", itemId: alicePlaid });
    expect(own.status).toBe(200);
    expect((await getSandbox().plaid!.listItems()).find((i) => i.itemId === alicePlaid)!.error?.error_code).toBe("ITEM_LOGIN_REQUIRED");
    expect((await controlAs("alice", { action: "plaid.repairLogin", itemId: alicePlaid })).status).toBe(200);
  });

  it("a SANDBOX_ADMIN_EMAILS address sees and drives every item", async () => {
    const admin = (await overviewAs("admin")).body.data!;
    expect(admin.viewer.admin).toBe(true);
    expect(admin.plaid.items.map((i) => i.itemId).sort()).toEqual([alicePlaid, bobPlaid].sort());
    expect(admin.pluggy.items.map((i) => i.itemId)).toEqual([alicePluggy]);
    expect((await controlAs("admin", { action: "pluggy.fireWebhook", itemId: alicePluggy })).status).toBe(200);
  });
});

describe("try-it actions only on one's own items", () => {
  it("Bob's update-mode token for Alice's Plaid or Pluggy item is not found, with no username or account in the answer", async () => {
    const plaid = await as("bob", () => actions.createTryPlaidLinkToken({ country: "US", itemId: alicePlaid }));
    expect(plaid).toEqual({ ok: false, code: "NOT_FOUND", message: `There is no Plaid sandbox item ${alicePlaid}.` });
    const pluggy = await as("bob", () => actions.createTryPluggyConnectToken({ itemId: alicePluggy }));
    expect(pluggy).toEqual({ ok: false, code: "NOT_FOUND", message: `There is no Pluggy sandbox item ${alicePluggy}.` });
    const control = await as("bob", () => actions.sandboxControl({ action: "plaid.loginRequired", itemId: alicePlaid }));
    expect(control).toMatchObject({ ok: false, code: "NOT_FOUND" });
    // Alice gets her update-mode token, and the Link session it opens shows her login.
    const mine = await as("alice", () => actions.createTryPlaidLinkToken({ country: "US", itemId: alicePlaid }));
    if (!mine.ok) throw new Error(mine.message);
    expect(mine.data.mode).toBe("update");
    const session = await call("/sandbox/plaid/link/sandbox/session", { headers: SAME_ORIGIN(), body: JSON.stringify({ link_token: mine.data.linkToken }) });
    expect(((await session.json()) as { update_item: { username: string } }).update_item.username).toBe("user_good");
    const pluggyMine = await as("alice", () => actions.createTryPluggyConnectToken({ itemId: alicePluggy }));
    expect(pluggyMine).toMatchObject({ ok: true, data: { updateItemId: alicePluggy } });
  });
});
