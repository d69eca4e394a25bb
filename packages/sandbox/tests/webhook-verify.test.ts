/**
 * Sandbox webhooks are delivered over real HTTP and verify exactly like Plaid's: ES256 JWS in
 * `Plaid-Verification`, key from /webhook_verification_key/get, iat ≤ 5 minutes old, SHA-256 of
 * the raw body. Tampered bodies, stale tokens and the broken signing modes must fail.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { Products, SandboxItemFireWebhookRequestWebhookCodeEnum as FireCode } from "plaid";
import { defaultWebhookSender } from "@bank-connections/sandbox/plaid";
import { createFileStore } from "@bank-connections/sandbox/core/store";
import { verifyPlaidWebhook } from "@/lib/providers/plaid/webhook-verify";
import { assertComponent, assertResponse, loadPlaidOpenApi } from "./plaid-openapi";
import { type Harness, sdkError, startHarness, validateRecorded } from "./plaid-harness";

interface Received {
  raw: Buffer;
  headers: http.IncomingHttpHeaders;
}

let receiver: http.Server;
let hookUrl: string;
const received: Received[] = [];
let h: Harness;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ raw: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/plaid`;
  h = await startHarness({ webhookSender: defaultWebhookSender });
  loadPlaidOpenApi();
}, 120_000);

afterEach(async () => {
  await h.plaid.flushWebhooks();
  await h.plaid.resetFaults();
  validateRecorded(h.recorded);
});

afterAll(async () => {
  await h?.close();
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});

async function itemWithWebhook(harness: Harness) {
  const pt = await harness.client.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions], options: { webhook: hookUrl } });
  const ex = await harness.client.itemPublicTokenExchange({ public_token: pt.data.public_token });
  return ex.data;
}

/** Fires SYNC_UPDATES_AVAILABLE through the SDK and returns what the receiver got. */
async function fireAndReceive(harness: Harness, accessToken: string): Promise<Received> {
  const before = received.length;
  const fired = await harness.client.sandboxItemFireWebhook({ access_token: accessToken, webhook_code: FireCode.SyncUpdatesAvailable });
  expect(fired.data.webhook_fired).toBe(true);
  await harness.plaid.flushWebhooks();
  expect(received.length).toBe(before + 1);
  return received[received.length - 1]!;
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

async function keyFor(harness: Harness, jwt: string) {
  const { kid } = decodeProtectedHeader(jwt);
  const res = await harness.client.webhookVerificationKeyGet({ key_id: String(kid) });
  assertResponse("/webhook_verification_key/get", res.status, res.data);
  return res.data.key;
}

describe("Plaid-style webhook signing", () => {
  test("a delivered webhook verifies with jose against the served JWK", async () => {
    const { access_token, item_id } = await itemWithWebhook(h);
    const got = await fireAndReceive(h, access_token);
    expect(got.headers["content-type"]).toBe("application/json");
    const raw = got.raw.toString("utf8");
    const body = JSON.parse(raw) as Record<string, unknown>;
    expect(raw).toBe(JSON.stringify(body, null, 2)); // Plaid's 2-space body
    expect(body).toMatchObject({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id, environment: "sandbox" });
    assertComponent("SyncUpdatesAvailableWebhook", body);

    const jwt = got.headers["plaid-verification"];
    expect(typeof jwt).toBe("string");
    const header = decodeProtectedHeader(String(jwt));
    expect(header).toEqual({ alg: "ES256", kid: expect.any(String), typ: "JWT" });

    const jwk = await keyFor(h, String(jwt));
    expect(jwk).toMatchObject({ alg: "ES256", crv: "P-256", kty: "EC", use: "sig", kid: header.kid, expired_at: null });
    expect(jwk.created_at).toBeGreaterThan(0);
    const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, "ES256");
    const { payload } = await jwtVerify(String(jwt), key, { algorithms: ["ES256"], maxTokenAge: "5 min" });
    expect(payload.request_body_sha256).toBe(sha256(got.raw));
    expect(Math.abs((payload.iat ?? 0) - Date.now() / 1000)).toBeLessThan(60);

    const ok = await verifyPlaidWebhook({ body: got.raw, signedJwt: String(jwt), getKey: async () => jwk });
    expect(ok).toMatchObject({ ok: true, kid: header.kid });
  });

  test("a tampered body fails the hash check", async () => {
    const { access_token } = await itemWithWebhook(h);
    const got = await fireAndReceive(h, access_token);
    const jwt = String(got.headers["plaid-verification"]);
    const jwk = await keyFor(h, jwt);
    const tampered = got.raw.toString("utf8").replace('"historical_update_complete": true', '"historical_update_complete": false');
    expect(tampered).not.toBe(got.raw.toString("utf8"));
    const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, "ES256");
    const { payload } = await jwtVerify(jwt, key, { algorithms: ["ES256"], maxTokenAge: "5 min" });
    expect(payload.request_body_sha256).not.toBe(sha256(tampered));
    expect(await verifyPlaidWebhook({ body: tampered, signedJwt: jwt, getKey: async () => jwk })).toEqual({ ok: false, reason: "body_mismatch" });
    // Re-serialising the body (compact JSON) also breaks the hash: hash the raw bytes.
    const reserialised = JSON.stringify(JSON.parse(got.raw.toString("utf8")));
    expect(await verifyPlaidWebhook({ body: reserialised, signedJwt: jwt, getKey: async () => jwk })).toEqual({ ok: false, reason: "body_mismatch" });
  });

  test("an iat older than 5 minutes fails", async () => {
    // A sandbox whose wall clock runs 6 minutes behind: its signatures are stale on arrival.
    const late = await startHarness({ webhookSender: defaultWebhookSender, wallNowMs: () => Date.now() - 6 * 60_000 });
    try {
      const { access_token } = await itemWithWebhook(late);
      const got = await fireAndReceive(late, access_token);
      const jwt = String(got.headers["plaid-verification"]);
      const jwk = await keyFor(late, jwt);
      const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, "ES256");
      await expect(jwtVerify(jwt, key, { algorithms: ["ES256"], maxTokenAge: "5 min" })).rejects.toMatchObject({ code: "ERR_JWT_EXPIRED" });
      // The signature itself is fine: only the age check fails.
      await expect(jwtVerify(jwt, key, { algorithms: ["ES256"] })).resolves.toBeTruthy();
      expect(await verifyPlaidWebhook({ body: got.raw, signedJwt: jwt, getKey: async () => jwk })).toEqual({ ok: false, reason: "too_old" });
      validateRecorded(late.recorded);
    } finally {
      await late.close();
    }
  });

  test("broken signing modes (for negative tests in the app) fail verification", async () => {
    const { access_token } = await itemWithWebhook(h);
    const getKey = async (kid: string) => (await h.client.webhookVerificationKeyGet({ key_id: kid })).data.key;
    const expectations = { expired: "too_old", wrong_hash: "body_mismatch", wrong_alg: "wrong_alg", unsigned: "missing_header" } as const;
    for (const [mode, reason] of Object.entries(expectations)) {
      await h.plaid.setFaults({ webhookSignature: mode as keyof typeof expectations });
      const got = await fireAndReceive(h, access_token);
      const jwt = got.headers["plaid-verification"];
      expect(await verifyPlaidWebhook({ body: got.raw, signedJwt: typeof jwt === "string" ? jwt : undefined, getKey })).toEqual({ ok: false, reason });
    }
  });

  test("key rotation: new webhooks use the new kid, the old key is still served with expired_at", async () => {
    const { access_token } = await itemWithWebhook(h);
    const oldJwt = String((await fireAndReceive(h, access_token)).headers["plaid-verification"]);
    const oldKid = String(decodeProtectedHeader(oldJwt).kid);
    const newKid = await h.plaid.rotateWebhookKey();
    expect(newKid).not.toBe(oldKid);
    const got = await fireAndReceive(h, access_token);
    const jwt = String(got.headers["plaid-verification"]);
    expect(decodeProtectedHeader(jwt).kid).toBe(newKid);
    const getKey = async (kid: string) => (await h.client.webhookVerificationKeyGet({ key_id: kid })).data.key;
    expect(await verifyPlaidWebhook({ body: got.raw, signedJwt: jwt, getKey })).toMatchObject({ ok: true, kid: newKid });
    const old = await getKey(oldKid);
    expect(old.expired_at).toEqual(expect.any(Number));
    expect((await getKey(newKid)).expired_at).toBeNull();
  });

  test("an unknown key id → INVALID_WEBHOOK_VERIFICATION_KEY_ID", async () => {
    const e = await sdkError(h.client.webhookVerificationKeyGet({ key_id: "00000000-0000-4000-8000-000000000000" }));
    expect(e.status).toBe(400);
    expect(e.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_WEBHOOK_VERIFICATION_KEY_ID" });
  });

  test("ITEM/ERROR, LOGIN_REPAIRED and WEBHOOK_UPDATE_ACKNOWLEDGED arrive signed", async () => {
    const { access_token, item_id } = await itemWithWebhook(h);
    const getKey = async (kid: string) => (await h.client.webhookVerificationKeyGet({ key_id: kid })).data.key;
    const before = received.length;
    await h.client.sandboxItemResetLogin({ access_token });
    await h.plaid.flushWebhooks();
    await h.plaid.repairItemLogin(item_id);
    await h.client.itemWebhookUpdate({ access_token, webhook: `${hookUrl}?v=2` });
    await h.plaid.flushWebhooks();
    const got = received.slice(before);
    const bodies = got.map((g) => JSON.parse(g.raw.toString("utf8")) as Record<string, unknown>);
    expect(bodies.map((b) => b.webhook_code)).toEqual(["ERROR", "LOGIN_REPAIRED", "WEBHOOK_UPDATE_ACKNOWLEDGED"]);
    assertComponent("ItemErrorWebhook", bodies[0]);
    assertComponent("ItemLoginRepairedWebhook", bodies[1]);
    assertComponent("WebhookUpdateAcknowledgedWebhook", bodies[2]);
    for (const g of got) {
      const jwt = g.headers["plaid-verification"];
      expect(await verifyPlaidWebhook({ body: g.raw, signedJwt: typeof jwt === "string" ? jwt : undefined, getKey })).toMatchObject({ ok: true });
    }
  });

  test("the signing key persists in the file store across restarts", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-keys-"));
    const file = path.join(dir, "state.json");
    const first = await startHarness({ webhookSender: defaultWebhookSender, store: createFileStore(file) });
    let raw: Buffer;
    let jwt: string;
    try {
      const { access_token } = await itemWithWebhook(first);
      const got = await fireAndReceive(first, access_token);
      raw = got.raw;
      jwt = String(got.headers["plaid-verification"]);
    } finally {
      await first.close();
    }
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as { sections: { plaid: { webhookKeys: { kid: string; privateJwk: { d?: string } }[] } } };
    expect(stored.sections.plaid.webhookKeys).toHaveLength(1);
    expect(stored.sections.plaid.webhookKeys[0]?.privateJwk.d).toBeTruthy();
    const second = await startHarness({ webhookSender: defaultWebhookSender, store: createFileStore(file) });
    try {
      const getKey = async (kid: string) => (await second.client.webhookVerificationKeyGet({ key_id: kid })).data.key;
      expect(await verifyPlaidWebhook({ body: raw, signedJwt: jwt, getKey })).toMatchObject({ ok: true, kid: stored.sections.plaid.webhookKeys[0]?.kid });
      validateRecorded(second.recorded);
    } finally {
      await second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
