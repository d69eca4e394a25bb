/**
 * The sandbox inside the app: the process singleton (lib/sandbox/mount.ts), the route handlers' bodies
 * (web Request → emulator → Response), the webhook sender and the JSON controls.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig, type AppConfig } from "@/lib/config";
import {
  ControlError,
  createAppSandbox,
  createAppWebhookSender,
  getSandbox,
  handleControlHttp,
  handlePlaidHttp,
  handlePluggyHttp,
  isSandboxEnabled,
  resetSandboxSingleton,
  runControl,
  SandboxDisabledError,
} from "@/lib/sandbox/mount";
import { getSandboxApiKeys } from "@/lib/secrets";
import { createMemoryStore } from "@bank-connections/sandbox/core/store";

const APP = "http://127.0.0.1:39999";
const dirs: string[] = [];
const g = globalThis as unknown as { __bankConnectionsConfig?: AppConfig };

function useConfig(env: Record<string, string> = {}): AppConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-app-"));
  dirs.push(dir);
  const config = parseConfig({ DATA_DIR: dir, PORT: "39999", NODE_ENV: "test", ...env });
  g.__bankConnectionsConfig = config;
  return config;
}

/** JSON with this installation's generated sandbox keys (DATA_DIR/secrets.json of the current config). */
function keyHeaders(): Record<string, string> {
  const k = getSandboxApiKeys(g.__bankConnectionsConfig!);
  return { "Content-Type": "application/json", "PLAID-CLIENT-ID": k.plaid.clientId, "PLAID-SECRET": k.plaid.secret };
}

function pluggyKeys(): { clientId: string; clientSecret: string } {
  return getSandboxApiKeys(g.__bankConnectionsConfig!).pluggy;
}

/** The owner of the items these tests make, and the viewer who sees them. */
const OWNER = { userId: "u1", admin: false };

function plaid(endpoint: string, body: unknown, headers: Record<string, string> = keyHeaders(), method = "POST") {
  const init: RequestInit = { method, headers };
  if (method !== "GET") init.body = typeof body === "string" ? body : JSON.stringify(body);
  return handlePlaidHttp(new Request(`${APP}/sandbox/plaid${endpoint}`, init), endpoint.split("/").filter(Boolean));
}

function pluggy(method: string, endpoint: string, body?: unknown, headers: Record<string, string> = {}) {
  const [p] = endpoint.split("?");
  const init: RequestInit = { method, headers: { "Content-Type": "application/json", ...headers } };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  return handlePluggyHttp(new Request(`${APP}/sandbox/pluggy${endpoint}`, init), p!.split("/").filter(Boolean));
}

async function linkToken(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await plaid("/link/token/create", {
    client_name: "Test",
    language: "en",
    country_codes: ["US"],
    user: { client_user_id: "u1" },
    products: ["transactions"],
    webhook: `${APP}/api/webhooks/plaid`,
    ...extra,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { link_token: string }).link_token;
}

beforeEach(() => {
  resetSandboxSingleton();
});

afterEach(() => {
  resetSandboxSingleton();
  g.__bankConnectionsConfig = undefined;
});

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("the singleton", () => {
  it("is one instance per process, with one file store in DATA_DIR, both halves and the app's URLs", async () => {
    const config = useConfig();
    const a = getSandbox();
    expect(getSandbox()).toBe(a);
    expect(a.file).toBe(path.join(config.dataDir, "sandbox.json"));
    expect(a.plaid).not.toBeNull();
    expect(a.pluggy).not.toBeNull();
    expect(a.urls).toMatchObject({ plaid: `${APP}/sandbox/plaid`, pluggy: `${APP}/sandbox/pluggy`, pluggyConnect: `${APP}/sandbox/pluggy/connect`, plaidWebhook: `${APP}/api/webhooks/plaid` });
    await linkToken();
    expect(fs.existsSync(a.file)).toBe(true);
  });

  it("has each half only in its provider's local-sandbox mode, and none with both keys", () => {
    useConfig({ PLAID_CLIENT_ID: "id", PLAID_SECRET: "secret" });
    expect(isSandboxEnabled()).toBe(true);
    expect(isSandboxEnabled("plaid")).toBe(false);
    expect(isSandboxEnabled("pluggy")).toBe(true);
    const sb = getSandbox();
    expect(sb.plaid).toBeNull();
    expect(sb.pluggy).not.toBeNull();
    resetSandboxSingleton();
    useConfig({ PLAID_CLIENT_ID: "id", PLAID_SECRET: "secret", PLUGGY_CLIENT_ID: "id", PLUGGY_CLIENT_SECRET: "secret" });
    expect(isSandboxEnabled()).toBe(false);
    expect(() => getSandbox()).toThrow(SandboxDisabledError);
  });

  it("keeps state across instances (restart) through the file", async () => {
    useConfig();
    const token = await linkToken();
    resetSandboxSingleton();
    const res = await plaid("/link/sandbox/session", { link_token: token }, { "Content-Type": "application/json" });
    expect(res.status).toBe(200);
  });
});

describe("Plaid route", () => {
  it("answers 404 when Plaid is not in local-sandbox mode", async () => {
    useConfig({ PLAID_CLIENT_ID: "id", PLAID_SECRET: "secret" });
    const res = await plaid("/link/token/create", {});
    expect(res.status).toBe(404);
  });

  it("passes the raw body through: bad JSON, unknown paths and other methods are Plaid errors, never a 500", async () => {
    useConfig();
    const bad = await plaid("/link/token/create", "{not json");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error_code: "INVALID_BODY" });
    const empty = await plaid("/accounts/get", "");
    expect(empty.status).toBe(400);
    const unknown = await plaid("/nope", {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error_code: "NOT_FOUND" });
    const noKeys = await plaid("/link/token/create", {}, { "Content-Type": "application/json" });
    expect(noKeys.status).toBe(400);
    expect(await noKeys.json()).toMatchObject({ error_code: "INVALID_API_KEYS" });
    const get = await handlePlaidHttp(new Request(`${APP}/sandbox/plaid/accounts/get`), ["accounts", "get"]);
    expect(get.status).toBe(404);
  });

  it("runs the Link stand-in flow: session, wrong password, login, account choice, complete, exchange", async () => {
    useConfig();
    const token = await linkToken();
    const json = { "Content-Type": "application/json" };
    const session = (await (await plaid("/link/sandbox/session", { link_token: token }, json)).json()) as { mode: string; institutions: { institution_id: string }[]; institution_id?: string };
    expect(session.mode).toBe("create");
    expect(session.institutions.length).toBeGreaterThan(5);
    expect(session.institution_id).toBeUndefined();

    const wrong = await plaid("/link/sandbox/login", { link_token: token, institution_id: "ins_109508", username: "user_good", password: "nope" }, json);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error_code: "INVALID_CREDENTIALS" });

    const login = (await (await plaid("/link/sandbox/login", { link_token: token, institution_id: "ins_109508", username: "user_good", password: "pass_good" }, json)).json()) as {
      link_session_id: string;
      accounts: { id: string }[];
    };
    expect(login.accounts.length).toBeGreaterThan(1);
    const done = (await (await plaid("/link/sandbox/complete", { link_token: token, link_session_id: login.link_session_id, account_ids: [login.accounts[0]!.id] }, json)).json()) as {
      public_token: string;
      metadata: { accounts: unknown[]; institution: { institution_id: string } };
    };
    expect(done.public_token).toMatch(/^public-sandbox-/);
    expect(done.metadata.accounts).toHaveLength(1);
    expect(done.metadata.institution.institution_id).toBe("ins_109508");

    const exchanged = await plaid("/item/public_token/exchange", { public_token: done.public_token });
    expect(exchanged.status).toBe(200);

    const expired = await plaid("/link/sandbox/session", { link_token: "link-sandbox-unknown" }, json);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ error_code: "INVALID_LINK_TOKEN" });
  });

  it("remembers institution_id from /link/token/create and reports it in the Link session", async () => {
    useConfig();
    const token = await linkToken({ institution_id: "ins_109509" });
    const session = (await (await plaid("/link/sandbox/session", { link_token: token }, { "Content-Type": "application/json" })).json()) as { institution_id?: string };
    expect(session.institution_id).toBe("ins_109509");
    // An institution outside the token's countries is not offered.
    const other = await linkToken({ institution_id: "ins_does_not_exist" });
    const s2 = (await (await plaid("/link/sandbox/session", { link_token: other }, { "Content-Type": "application/json" })).json()) as { institution_id?: string };
    expect(s2.institution_id).toBeUndefined();
  });
});

describe("Pluggy route", () => {
  it("answers 404 when Pluggy is not in local-sandbox mode", async () => {
    useConfig({ PLUGGY_CLIENT_ID: "id", PLUGGY_CLIENT_SECRET: "secret" });
    expect((await pluggy("POST", "/auth", { clientId: "a", clientSecret: "b" })).status).toBe(404);
  });

  it("serves the API with the raw query and JSON bodies; bad input is a 4xx", async () => {
    useConfig();
    expect((await pluggy("POST", "/auth", { clientId: "a", clientSecret: "b" })).status).toBe(401);
    const auth = await pluggy("POST", "/auth", pluggyKeys());
    expect(auth.status).toBe(200);
    const { apiKey } = (await auth.json()) as { apiKey: string };
    const connectors = await pluggy("GET", "/connectors?sandbox=true&countries=BR", undefined, { "X-API-KEY": apiKey });
    expect(connectors.status).toBe(200);
    const list = (await connectors.json()) as { results: { id: number }[] };
    expect(list.results.map((c) => c.id)).toContain(0);
    expect((await pluggy("POST", "/auth", "{oops")).status).toBe(400);
    expect((await pluggy("GET", "/items/not-a-uuid", undefined, { "X-API-KEY": apiKey })).status).toBe(404);
    expect((await pluggy("GET", "/accounts")).status).toBe(401);

    const ct = (await (await pluggy("POST", "/connect_token", { options: { webhookUrl: `${APP}/api/webhooks/pluggy` } }, { "X-API-KEY": apiKey })).json()) as { accessToken: string };
    const session = (await (await pluggy("POST", "/connect/sandbox/session", { connectToken: ct.accessToken, includeSandbox: true })).json()) as { connectors: unknown[] };
    expect(session.connectors.length).toBeGreaterThan(3);
    const submit = await pluggy("POST", "/connect/sandbox/submit", { connectToken: ct.accessToken, connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } });
    expect(submit.status).toBe(200);
    const { item } = (await submit.json()) as { item: { id: string; status: string } };
    expect(item.status).toBe("UPDATED");
    getSandbox().pluggy!.close();
  });
});

describe("webhook sender", () => {
  let server: http.Server | null = null;
  afterEach(async () => {
    if (server) await new Promise((r) => server!.close(r));
    server = null;
  });

  it("posts only to the app's own /api/webhooks/ URLs and never throws", async () => {
    const got: string[] = [];
    server = http.createServer((req, res) => {
      got.push(req.url ?? "");
      if (req.url === "/api/webhooks/slow") return; // never answers
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const app = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const warnings: string[] = [];
    const send = createAppWebhookSender({ appUrl: app, timeoutMs: 300, warn: (m) => warnings.push(m) });
    const d = { headers: { "Content-Type": "application/json" }, body: "{}" };
    expect(await send({ url: `${app}/api/webhooks/plaid`, ...d })).toEqual({ status: 204 });
    expect(await send({ url: `http://example.com/api/webhooks/plaid`, ...d })).toEqual({ status: 0 });
    expect(await send({ url: `${app}/somewhere-else`, ...d })).toEqual({ status: 0 });
    expect(await send({ url: "not a url", ...d })).toEqual({ status: 0 });
    expect(await send({ url: `${app}/api/webhooks/slow`, ...d })).toEqual({ status: 0 });
    expect(await send({ url: "http://127.0.0.1:1/api/webhooks/plaid", ...d })).toEqual({ status: 0 });
    expect(got).toEqual(["/api/webhooks/plaid", "/api/webhooks/slow"]);
    expect(warnings.length).toBe(5);
  });
});

describe("controls", () => {
  it("puts items into login required, repairs them, moves the one shared clock once", async () => {
    const config = useConfig();
    const sent: string[] = [];
    const sb = createAppSandbox(config, { store: createMemoryStore(), webhookSender: async (d) => (sent.push(d.url), { status: 200 }) });
    try {
      const pub = await sb.plaid!.handle({
        path: "/sandbox/public_token/create",
        headers: keyHeaders(),
        body: { institution_id: "ins_109508", initial_products: ["transactions"], options: { webhook: `${APP}/api/webhooks/plaid`, client_user_id: OWNER.userId } },
      });
      const publicToken = (pub.body as { public_token: string }).public_token;
      const ex = await sb.plaid!.handle({ path: "/item/public_token/exchange", headers: keyHeaders(), body: { public_token: publicToken } });
      const itemId = (ex.body as { item_id: string }).item_id;

      const r = await runControl({ action: "plaid.loginRequired", itemId }, OWNER, sb);
      expect(r.message).toContain("ITEM_LOGIN_REQUIRED");
      expect(sent).toContain(`${APP}/api/webhooks/plaid`);
      let view = await runControl({ action: "state" }, OWNER, sb);
      const items = (view.data as { plaid: { items: { itemId: string; status: string; accounts: unknown[] }[] } }).plaid.items;
      expect(items.find((i) => i.itemId === itemId)).toMatchObject({ status: "ITEM_LOGIN_REQUIRED" });
      expect(items[0]!.accounts.length).toBeGreaterThan(1);
      await runControl({ action: "plaid.repairLogin", itemId }, OWNER, sb);
      await expect(runControl({ action: "plaid.loginRequired", itemId: "nope" }, OWNER, sb)).rejects.toBeInstanceOf(ControlError);

      const before = (await runControl({ action: "state" }, OWNER, sb)).data as { clock: { offsetDays: number } };
      await runControl({ action: "clock.advance", days: 1 }, OWNER, sb);
      view = await runControl({ action: "state" }, OWNER, sb);
      expect((view.data as { clock: { offsetDays: number } }).clock.offsetDays).toBe(before.clock.offsetDays + 1);
      expect(sb.clock.offsetDays).toBe(before.clock.offsetDays + 1);

      await runControl({ action: "plaid.setFaults", rateLimitRate: 1 }, OWNER, sb);
      const limited = await sb.plaid!.handle({ path: "/item/get", headers: keyHeaders(), body: { access_token: "access-sandbox-x" } });
      expect(limited.status).toBe(429);
      await runControl({ action: "plaid.resetFaults" }, OWNER, sb);
      await runControl({ action: "pluggy.setFaults", serverErrorEvery: 1 }, OWNER, sb);
      expect(sb.pluggy!.control.getFaults().serverError).toEqual({ every: 1 });
      await runControl({ action: "pluggy.setFaults", serverErrorEvery: 0 }, OWNER, sb);
      expect(sb.pluggy!.control.getFaults().serverError).toBeUndefined();
    } finally {
      sb.close();
    }
  });

  it("JSON route: JSON only, validated, 404 for an unknown item, overview on GET", async () => {
    useConfig();
    const user = { id: OWNER.userId, email: "u1@example.com" };
    const post = (body: string, type = "application/json") => handleControlHttp(new Request(`${APP}/sandbox/control`, { method: "POST", headers: { "Content-Type": type }, body }), user);
    expect((await post("action=state", "application/x-www-form-urlencoded")).status).toBe(415);
    expect((await post("{")).status).toBe(400);
    const invalid = await post(JSON.stringify({ action: "plaid.explode" }));
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
    const unknown = await post(JSON.stringify({ action: "pluggy.loginError", itemId: "00000000-0000-0000-0000-000000000000" }));
    expect(unknown.status).toBe(404);
    const state = await handleControlHttp(new Request(`${APP}/sandbox/control`), user);
    expect(state.status).toBe(200);
    expect(await state.json()).toMatchObject({ ok: true, data: { plaid: { items: [] }, pluggy: { items: [] } } });
  });
});
