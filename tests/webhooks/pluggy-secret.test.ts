/**
 * The Pluggy webhook secret: PLUGGY_WEBHOOK_SECRET, or generated once into DATA_DIR/secrets.json for
 * the embedded database; and the app's sandbox Pluggy sending it to the portal's webhook URL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { pluggySecretMatches } from "@/lib/webhooks/pluggy";
import { createAppSandbox } from "@/lib/sandbox/mount";
import type { WebhookDelivery } from "@bank-connections/sandbox/pluggy";
import { createMemoryStore } from "@bank-connections/sandbox/core/store";
import { getPluggyWebhookSecret, getSandboxApiKeys, loadOrCreateEmbeddedSecrets, PLUGGY_WEBHOOK_SECRET_HEADER } from "@/lib/secrets";

const dirs: string[] = [];
const scratch = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-pluggy-secret-"));
  dirs.push(dir);
  return dir;
};
const clearCache = () => (globalThis as { __bankConnectionsSecrets?: Map<string, unknown> }).__bankConnectionsSecrets?.clear();

afterEach(clearCache);
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("getPluggyWebhookSecret", () => {
  it("embedded: generated once, kept in secrets.json (0600), the same after a restart", () => {
    const dir = scratch();
    const config = parseConfig({ DATA_DIR: dir });
    const secret = getPluggyWebhookSecret(config);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = path.join(dir, "secrets.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect((JSON.parse(fs.readFileSync(file, "utf8")) as { pluggyWebhookSecret?: string }).pluggyWebhookSecret).toBe(secret);
    clearCache();
    expect(getPluggyWebhookSecret(config)).toBe(secret);
  });

  it("adds a secret to a secrets.json written by an older version, keeping its keys", () => {
    const dir = scratch();
    const file = path.join(dir, "secrets.json");
    const old = { authSecret: "a".repeat(43), tokenKeys: [{ kid: "local-2026-01-01", key: Buffer.alloc(32, 7).toString("base64") }] };
    fs.writeFileSync(file, JSON.stringify(old), { mode: 0o600 });
    const secret = getPluggyWebhookSecret(parseConfig({ DATA_DIR: dir }));
    expect(secret?.length).toBeGreaterThanOrEqual(32);
    clearCache();
    expect(loadOrCreateEmbeddedSecrets(dir)).toEqual({ ...old, pluggyWebhookSecret: secret, sandboxKeys: expect.any(Object) });
  });

  it("PLUGGY_WEBHOOK_SECRET wins; with DATABASE_URL and none set there is no secret (every webhook refused)", () => {
    const dir = scratch();
    expect(getPluggyWebhookSecret(parseConfig({ DATA_DIR: dir, PLUGGY_WEBHOOK_SECRET: "s".repeat(20) }))).toBe("s".repeat(20));
    expect(fs.existsSync(path.join(dir, "secrets.json"))).toBe(false);
    expect(getPluggyWebhookSecret(parseConfig({ DATA_DIR: dir, DATABASE_URL: "postgres://u:p@db.example.com:5432/bank" }))).toBeUndefined();
  });

  it("the header check is exact: missing, empty, longer, shorter or unset secrets never match", () => {
    const s = "k".repeat(43);
    expect(pluggySecretMatches(s, s)).toBe(true);
    for (const header of [null, undefined, "", `${s}x`, s.slice(1), s.toUpperCase()]) expect(pluggySecretMatches(header, s)).toBe(false);
    expect(pluggySecretMatches("", undefined)).toBe(false);
    expect(pluggySecretMatches("anything", undefined)).toBe(false);
  });
});

describe("the app's sandbox Pluggy", () => {
  it("sends X-Webhook-Secret with every delivery to the portal's /api/webhooks/pluggy", async () => {
    const config = parseConfig({ DATA_DIR: scratch(), PORT: "39997" });
    const delivered: WebhookDelivery[] = [];
    const sb = createAppSandbox(config, {
      store: createMemoryStore(),
      webhookSender: async (d) => {
        delivered.push({ ...d, event: "", eventId: "", attempt: 1 });
        return { status: 200 };
      },
    });
    try {
      const pluggy = sb.pluggy!;
      const call = async (method: string, p: string, body: unknown, apiKey?: string) => {
        const res = await pluggy.handle({ method, path: p, query: {}, headers: { "content-type": "application/json", ...(apiKey ? { "x-api-key": apiKey } : {}) }, body: JSON.stringify(body) });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body as Record<string, unknown>;
      };
      const { apiKey } = (await call("POST", "/auth", getSandboxApiKeys(config).pluggy)) as { apiKey: string };
      const item = await call("POST", "/items", { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" }, webhookUrl: sb.urls.pluggyWebhook }, apiKey);
      await pluggy.fireWebhook("item/updated", { itemId: String(item.id) });
      await pluggy.control.flushWebhooks();
      const mine = delivered.filter((d) => d.url === `${config.appUrl}/api/webhooks/pluggy`);
      expect(mine.length).toBeGreaterThan(0);
      const secret = getPluggyWebhookSecret(config);
      for (const d of mine) {
        expect(d.headers[PLUGGY_WEBHOOK_SECRET_HEADER]).toBe(secret);
        expect(pluggySecretMatches(d.headers[PLUGGY_WEBHOOK_SECRET_HEADER], secret)).toBe(true);
      }
    } finally {
      sb.close();
    }
  });
});
