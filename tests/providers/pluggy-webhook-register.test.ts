/**
 * Real-Pluggy mode registers ONE account-level webhook (event "all") carrying X-Webhook-Secret,
 * because per-item deliveries carry no custom header. Exercised through the app's provider and the
 * official pluggy-sdk against the Pluggy sandbox over HTTP, with the sandbox's webhooks POSTed for
 * real (fetch) to a tiny capture server; plus the start-up hook's decisions and log lines.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PluggyClient } from "pluggy-sdk";
import { parseConfig } from "@/lib/config";
import { createPluggyClient } from "@/lib/providers/pluggy/client";
import { PluggyProvider } from "@/lib/providers/pluggy/provider";
import { registerPluggyWebhookAtStart } from "@/lib/providers/pluggy/startup";
import { fetchWebhookSender, type PluggySandbox } from "@bank-connections/sandbox/pluggy";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { PLUGGY_WEBHOOK_SECRET_HEADER } from "@/lib/secrets";

const CLIENT = { clientId: "register-test", clientSecret: "register-secret" };
const SECRET_1 = "first-webhook-secret-0123456789";
const SECRET_2 = "second-webhook-secret-987654321";

type Received = { path: string; headers: http.IncomingHttpHeaders; body: { event?: string; eventId?: string; itemId?: string } };

let sandbox: PluggySandbox;
let harness: SandboxHarness;
let client: PluggyClient;
let provider: PluggyProvider;
let receiver: http.Server;
let appUrl: string;
let hookUrl: string;
const received: Received[] = [];

/** The app's webhook route stand-in: records every POST and answers 200. */
async function startReceiver(): Promise<http.Server> {
  const s = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: Received["body"] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Received["body"];
      } catch {
        // kept empty: the assertions below then fail with the path and headers in view
      }
      received.push({ path: req.url ?? "", headers: req.headers, body });
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return s;
}

async function settledItem(): Promise<string> {
  const created = await client.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: "user-register" });
  for (let i = 0; i < 100; i++) {
    const item = await client.fetchItem(created.id);
    if (item.status === "UPDATED") return item.id;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the sandbox item did not settle");
}

async function fired(event: "item/updated", itemId: string): Promise<Received[]> {
  const eventId = await sandbox.control.fireWebhook(event, { itemId, triggeredBy: "SYNC" });
  await sandbox.control.flushWebhooks();
  return received.filter((r) => r.body.eventId === eventId);
}

const silent = () => {
  const lines: { level: "info" | "warn" | "error"; line: string }[] = [];
  return {
    lines,
    log: {
      info: (line: string) => lines.push({ level: "info", line }),
      warn: (line: string) => lines.push({ level: "warn", line }),
      error: (line: string) => lines.push({ level: "error", line }),
    },
  };
};

beforeAll(async () => {
  receiver = await startReceiver();
  appUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  hookUrl = `${appUrl}/api/webhooks/pluggy`;
  // The sandbox POSTs with fetch, as it does for the running app.
  harness = await startSandboxHarness({
    keys: { clientId: CLIENT.clientId, secret: CLIENT.clientSecret },
    pluggy: { clients: [CLIENT], webhookSender: fetchWebhookSender(), webhookRetryDelaysMs: [] },
  });
  sandbox = harness.pluggySandbox;
  client = harness.pluggyClient;
  provider = harness.pluggy;
});

afterAll(async () => {
  await harness?.close();
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

beforeEach(async () => {
  for (const w of (await client.fetchWebhooks()).results) await client.deleteWebhook(w.id);
  received.length = 0;
});

describe("PluggyProvider.ensureWebhook against the sandbox", () => {
  it("creates one webhook for every event, then updates it (no duplicate); a new secret replaces the header", async () => {
    expect(await provider.ensureWebhook(hookUrl, SECRET_1)).toBe("created");
    expect(await provider.ensureWebhook(hookUrl, SECRET_1)).toBe("updated");
    let hooks = (await client.fetchWebhooks()).results;
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ url: hookUrl, event: "all", disabledAt: null });
    expect(hooks[0]?.createdAt).toBeInstanceOf(Date);

    const itemId = await settledItem();
    const first = await fired("item/updated", itemId);
    expect(first).toHaveLength(1);
    expect(first[0]?.path).toBe("/api/webhooks/pluggy");
    expect(first[0]?.headers[PLUGGY_WEBHOOK_SECRET_HEADER.toLowerCase()]).toBe(SECRET_1);
    expect(first[0]?.body).toMatchObject({ event: "item/updated", itemId });

    expect(await provider.ensureWebhook(hookUrl, SECRET_2)).toBe("updated");
    hooks = (await client.fetchWebhooks()).results;
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.updatedAt.getTime()).toBeGreaterThanOrEqual(hooks[0]?.createdAt.getTime() ?? Infinity);
    const second = await fired("item/updated", itemId);
    expect(second).toHaveLength(1);
    expect(second[0]?.headers[PLUGGY_WEBHOOK_SECRET_HEADER.toLowerCase()]).toBe(SECRET_2);
  });

  it("every event of an item without its own webhookUrl reaches the registered URL with the header", async () => {
    await provider.ensureWebhook(hookUrl, SECRET_1);
    const itemId = await settledItem();
    await sandbox.control.flushWebhooks();
    const events = received.filter((r) => r.body.itemId === itemId).map((r) => r.body.event);
    expect(events).toEqual(expect.arrayContaining(["item/login_succeeded", "item/created", "transactions/created"]));
    for (const r of received) expect(r.headers[PLUGGY_WEBHOOK_SECRET_HEADER.toLowerCase()]).toBe(SECRET_1);
  });
});

describe("sandbox /webhooks through pluggy-sdk", () => {
  it("fetch, disable (no delivery), delete; Pluggy's limits and header validation", async () => {
    const hook = await client.createWebhook("item/updated", hookUrl, { "X-Webhook-Secret": SECRET_1 });
    expect(await client.fetchWebhook(hook.id)).toMatchObject({ id: hook.id, url: hookUrl, event: "item/updated" });

    const disabled = await client.updateWebhook(hook.id, { enabled: false });
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    const itemId = await settledItem();
    expect(await fired("item/updated", itemId)).toHaveLength(0);

    await client.updateWebhook(hook.id, { enabled: true });
    expect(await fired("item/updated", itemId)).toHaveLength(1);

    await client.deleteWebhook(hook.id);
    expect((await client.fetchWebhooks()).results).toHaveLength(0);
    await expect(client.fetchWebhook(hook.id)).rejects.toMatchObject({ code: 404 });

    await expect(client.createWebhook("all", hookUrl, { "Bad Header": "x" })).rejects.toMatchObject({ code: 400 });
    await expect(client.createWebhook("all", hookUrl, { "X-Webhook-Secret": "a\r\nInjected: yes" })).rejects.toMatchObject({ code: 400 });
    await expect(client.createWebhook("all", "ftp://example.test/h")).rejects.toMatchObject({ code: 400 });

    for (let i = 0; i < 5; i++) await client.createWebhook("item/error", `${appUrl}/h${i}`);
    await expect(client.createWebhook("item/error", `${appUrl}/h5`)).rejects.toMatchObject({ code: 400 });
    const other = await client.createWebhook("item/deleted", `${appUrl}/other`);
    await expect(client.updateWebhook(other.id, { event: "item/error" })).rejects.toMatchObject({ code: 400 });
  });
});

describe("registerPluggyWebhookAtStart", () => {
  const realPluggyEnv = { PLUGGY_CLIENT_ID: "id", PLUGGY_CLIENT_SECRET: "secret", DATABASE_URL: "postgres://u:p@127.0.0.1:5432/db" };

  it("does nothing with the local sandbox", async () => {
    const { lines, log } = silent();
    expect(await registerPluggyWebhookAtStart({ config: parseConfig({}), provider, log })).toBe("skipped");
    expect(lines).toEqual([]);
  });

  it("registers `${APP_URL}/api/webhooks/pluggy` with the configured secret", async () => {
    const { lines, log } = silent();
    const config = parseConfig({ ...realPluggyEnv, APP_URL: `${appUrl}/`, PLUGGY_WEBHOOK_SECRET: SECRET_1 });
    expect(await registerPluggyWebhookAtStart({ config, provider, log })).toBe("created");
    expect(await registerPluggyWebhookAtStart({ config, provider, log })).toBe("updated");
    expect((await client.fetchWebhooks()).results.map((w) => [w.url, w.event])).toEqual([[hookUrl, "all"]]);
    expect(lines.map((l) => l.level)).toEqual(["info", "info"]);
    expect(lines.some((l) => l.line.includes(SECRET_1))).toBe(false);
  });

  it("warns once, naming PLUGGY_WEBHOOK_SECRET, when no secret is configured", async () => {
    const { lines, log } = silent();
    const config = parseConfig({ ...realPluggyEnv, APP_URL: appUrl });
    expect(await registerPluggyWebhookAtStart({ config, provider, log })).toBe("no-secret");
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe("warn");
    expect(lines[0]?.line).toContain("PLUGGY_WEBHOOK_SECRET");
    expect((await client.fetchWebhooks()).results).toHaveLength(0);
  });

  it("never throws: refused keys give one error line saying webhooks are refused and what to check", async () => {
    const { lines, log } = silent();
    const wrongKeys = new PluggyProvider(createPluggyClient({ baseUrl: harness.pluggyUrl, clientId: CLIENT.clientId, clientSecret: "wrong" }), { includeSandbox: true });
    const config = parseConfig({ ...realPluggyEnv, APP_URL: appUrl, PLUGGY_WEBHOOK_SECRET: SECRET_1 });
    expect(await registerPluggyWebhookAtStart({ config, provider: wrongKeys, log })).toBe("failed");
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe("error");
    expect(lines[0]?.line).toContain("refused until this is fixed");
    expect(lines[0]?.line).toContain("PLUGGY_CLIENT_ID and PLUGGY_CLIENT_SECRET");
    expect(lines[0]?.line).not.toContain("\n");
    expect(lines[0]?.line).not.toContain(SECRET_1);
  });

  it("an unreachable Pluggy is one error line too", async () => {
    const { lines, log } = silent();
    const unreachable = new PluggyProvider(createPluggyClient({ baseUrl: "http://127.0.0.1:9", ...CLIENT }), { includeSandbox: true });
    const config = parseConfig({ ...realPluggyEnv, APP_URL: appUrl, PLUGGY_WEBHOOK_SECRET: SECRET_1 });
    expect(await registerPluggyWebhookAtStart({ config, provider: unreachable, log })).toBe("failed");
    expect(lines).toHaveLength(1);
    expect(lines[0]?.line).toContain("refused until this is fixed");
    expect(lines[0]?.line).toContain("api.pluggy.ai");
  });
});
