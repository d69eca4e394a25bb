/**
 * The Pluggy emulator through its `handle()` interface (no HTTP): webhook delivery details,
 * deterministic faults and persistence (the Connect endpoints and lifecycle are in pluggy-emulator.test.ts).
 */
import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSandboxClock } from "@bank-connections/sandbox/core/clock";
import { createFileStore, createMemoryStore } from "@bank-connections/sandbox/core/store";
import { createJsonFilePluggyStore, createSharedPluggyStore, startPluggyHttpServer, type WebhookDelivery } from "@bank-connections/sandbox/pluggy";
import { BASE, make, registerCleanup, tmpDirs } from "./pluggy-emulator-support";

registerCleanup();

describe("webhooks", () => {
  it("retries failures, never a 401, and signs with HMAC when configured", async () => {
    const attempts: Array<{ url: string; n: number; d: WebhookDelivery }> = [];
    let flaky = 0;
    const { call, apiKey, sandbox } = make({
      webhookRetryDelaysMs: [1, 1],
      webhookHmac: { secret: "hmac-secret" },
      webhookSender: async (d) => {
        attempts.push({ url: d.url, n: d.attempt, d });
        if (d.url.includes("flaky")) return { status: ++flaky < 3 ? 500 : 200 };
        if (d.url.includes("denied")) return { status: 401 };
        return { status: 200 };
      },
    });
    const key = await apiKey();
    await call("POST", "/webhooks", { key, body: { event: "item/created", url: "https://flaky.test/h", headers: { Authorization: "Bearer abc" } } });
    await call("POST", "/webhooks", { key, body: { event: "item/all", url: "https://denied.test/h" } });
    await call("POST", "/items", { key, body: { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } } });
    await sandbox.control.settleAll();
    await sandbox.control.flushWebhooks();

    const flakyCreated = attempts.filter((a) => a.url.includes("flaky"));
    expect(flakyCreated.map((a) => a.n)).toEqual([1, 2, 3]);
    expect(flakyCreated[0]!.d.headers.Authorization).toBe("Bearer abc");
    const body = flakyCreated[0]!.d.body;
    expect(flakyCreated[0]!.d.headers["X-Pluggy-Signature"]).toBe(createHmac("sha256", "hmac-secret").update(body).digest("hex"));
    const denied = attempts.filter((a) => a.url.includes("denied"));
    expect(denied.every((a) => a.n === 1)).toBe(true); // 401 is not retried
    expect(denied.map((a) => a.d.event)).toEqual(expect.arrayContaining(["item/login_succeeded", "item/created"]));
    expect(denied.map((a) => a.d.event)).not.toContain("transactions/created");
    const log = sandbox.control.deliveries();
    expect(log.filter((r) => r.url.includes("flaky")).every((r) => r.state === "delivered")).toBe(true);
    expect(log.filter((r) => r.url.includes("denied")).every((r) => r.state === "failed")).toBe(true);

    // Redelivery reuses the eventId.
    const eventId = log.find((r) => r.url.includes("flaky"))!.eventId;
    await sandbox.control.redeliverWebhook(eventId);
    await sandbox.control.flushWebhooks();
    const again = attempts.filter((a) => a.url.includes("flaky") && JSON.parse(a.d.body).eventId === eventId);
    expect(again.length).toBeGreaterThan(3);
  });

  it("fireWebhook builds Pluggy-shaped payloads", async () => {
    const { call, apiKey, sandbox, sent } = make();
    const key = await apiKey();
    await call("POST", "/webhooks", { key, body: { event: "all", url: "https://app.test/all" } });
    const id = (await call("POST", "/items", { key, body: { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } } })).body.id as string;
    await sandbox.control.settleAll();
    const eventId = await sandbox.fireWebhook("transactions/deleted", { itemId: id, transactionIds: ["t1", "t2"] });
    await sandbox.control.flushWebhooks();
    const d = sent.find((x) => JSON.parse(x.body).eventId === eventId)!;
    expect(JSON.parse(d.body)).toMatchObject({ event: "transactions/deleted", itemId: id, clientId: "c1", transactionIds: ["t1", "t2"] });
    expect(typeof JSON.parse(d.body).accountId).toBe("string");
  });
});

describe("faults and persistence", () => {
  it("faults are counter-based and deterministic", async () => {
    const { call, apiKey, sandbox } = make();
    const key = await apiKey();
    sandbox.setFaults({ serverError: { every: 3, status: 503, match: { pathPrefix: "/connectors" } }, latency: { ms: 20, every: 2, match: { pathPrefix: "/connectors" } } });
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 6; i++) statuses.push((await call("GET", "/connectors", { key })).status);
    expect(statuses).toEqual([200, 200, 503, 200, 200, 503]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect((await call("GET", "/categories", { key })).status).toBe(200);
    sandbox.setFaults({ rateLimit: { every: 1, limit: 2, retryAfterSeconds: 7 } });
    const r = await call("GET", "/categories", { key });
    expect([r.status, r.headers?.["Retry-After"], r.body.code]).toEqual([429, "7", 429]);
    expect((await call("GET", "/categories", { key })).status).toBe(429);
    expect((await call("GET", "/categories", { key })).status).toBe(200);
  });

  it("JSON-file store: a new sandbox on the same file sees the Items (same ids, same data)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pluggy-sbx-"));
    tmpDirs.push(dir);
    const file = path.join(dir, "pluggy.json");
    const a = make({ store: createJsonFilePluggyStore(file) });
    const key = await a.apiKey();
    const id = (await a.call("POST", "/items", { key, body: { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } } })).body.id as string;
    await a.sandbox.control.settleAll();
    const accA = (await a.call("GET", `/accounts?itemId=${id}`, { key })).body.results;
    a.sandbox.close();

    const b = make({ store: createJsonFilePluggyStore(file) });
    const keyB = await b.apiKey();
    expect((await b.call("GET", `/items/${id}`, { key: keyB })).body.status).toBe("UPDATED");
    expect((await b.call("GET", `/accounts?itemId=${id}`, { key: keyB })).body.results).toEqual(accA);

    fs.writeFileSync(path.join(dir, "bad.json"), "{}");
    const c = make({ store: createJsonFilePluggyStore(path.join(dir, "bad.json")) });
    expect((await c.call("GET", "/connectors")).status).toBe(500); // refuses to run on a foreign file
  });

  it("shared SandboxStore: state in its pluggy section, clock restored from the store", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pluggy-shared-"));
    tmpDirs.push(dir);
    const file = path.join(dir, "sandbox.json");
    const store1 = createFileStore(file);
    const clock1 = createSandboxClock({ base: BASE });
    const a = make({ clock: clock1, store: createSharedPluggyStore(store1, clock1) });
    const key = await a.apiKey();
    const id = (await a.call("POST", "/items", { key, body: { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } } })).body.id as string;
    await a.sandbox.control.settleAll();
    await a.sandbox.control.advanceClock(2);
    a.sandbox.close();

    const raw = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(Object.keys(raw.sections.pluggy.items)).toContain(id);
    expect(raw.clock.offsetDays).toBe(2);

    const clock2 = createSandboxClock({ base: BASE });
    const b = make({ clock: clock2, store: createSharedPluggyStore(createFileStore(file), clock2) });
    const keyB = await b.apiKey();
    expect((await b.call("GET", `/items/${id}`, { key: keyB })).status).toBe(200);
    expect(clock2.offsetDays).toBe(2);

    const mem = createMemoryStore();
    const m = make({ store: createSharedPluggyStore(mem) });
    await m.apiKey();
    await m.call("POST", "/webhooks", { key: await m.apiKey(), body: { event: "all", url: "https://x.test/h" } });
    expect(Object.keys(((await mem.read()).sections.pluggy as { webhooks: object }).webhooks)).toHaveLength(1);
  });

  it("the Pluggy-only HTTP server: raw query strings, bad JSON → 400, links without a prefix", async () => {
    const { sandbox } = make({ v2PageSize: 5 });
    const server = await startPluggyHttpServer(sandbox);
    try {
      const post = (p: string, body: string, key?: string) =>
        fetch(`${server.url}${p}`, { method: "POST", headers: { "Content-Type": "application/json", ...(key ? { "X-API-KEY": key } : {}) }, body });
      const key = ((await (await post("/auth", JSON.stringify({ clientId: "c", clientSecret: "s" }))).json()) as { apiKey: string }).apiKey;
      const bad = await post("/items", "{oops", key);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 400, codeDescription: "INVALID_REQUEST_BODY" });
      const item = (await (await post("/items", JSON.stringify({ connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } }), key)).json()) as { id: string };
      await sandbox.control.settleAll();
      const accounts = (await (await fetch(`${server.url}/accounts?itemId=${item.id}`, { headers: { "X-API-KEY": key } })).json()) as { results: Array<{ id: string }> };
      const res = await fetch(`${server.url}/v2/transactions?accountId=${accounts.results[0]!.id}&createdAtFrom=2000-01-01T00:00:00+03:00`, { headers: { "X-API-KEY": key } });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { results: unknown[]; next: string };
      expect(page.results).toHaveLength(5);
      expect(page.next.startsWith(`${server.url}/v2/transactions?accountId=`)).toBe(true);
      expect(new URL(page.next).searchParams.get("createdAtFrom")).toBe("2000-01-01T00:00:00+03:00");
    } finally {
      await server.close();
    }
  });
});
