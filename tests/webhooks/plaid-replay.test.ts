/**
 * Issue 15, finding 2: the same signed Plaid webhook with its signature re-encoded — an unused low
 * bit of the last base64url character flipped, or ECDSA s replaced by n−s — verifies (jose accepts
 * both) but is the same delivery. The dedupe key is what the signature signs (kid, iat, body hash),
 * so every re-encoding is refused as a replay (409, audited with its connection) and changes
 * nothing: an ITEM ERROR replayed after the owner reconnected does not break the connection again.
 * Run through /api/webhooks/plaid on both databases, with webhooks the sandbox Plaid signed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetRejectionBudget } from "@/lib/audit/system-events";
import { verifyPlaidWebhook } from "@/lib/providers/plaid/webhook-verify";
import { listInstitutions } from "@bank-connections/sandbox/data";
import type { WebhookResult } from "@bank-connections/sandbox/plaid";
import { databaseBackends, type Backend } from "../helpers/databases";
import { createTestApp } from "../helpers/app-context";
import { openPlaidWebhookWorld, PLAID_HOOK, webhookRequest, type WebhookHarness } from "./harness";

const state = Object.assign(createTestApp(), { h: null as WebhookHarness | null });
const { POST } = state.bind(await import("@/app/api/webhooks/plaid/route"));

// ── re-encodings of an ES256 JWS signature (r ‖ s, 64 bytes → 86 base64url characters) ──────────
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** The order of P-256. */
const N = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

function parts(jwt: string): [string, string, string] {
  const [h, p, s] = jwt.split(".");
  if (!h || !p || !s) throw new Error("not a JWS");
  return [h, p, s];
}

/** 64 bytes are 512 bits in 86 characters (516 bits): the last character's 4 low bits are unused. */
function flipUnusedBits(jwt: string, mask: number): string {
  const [h, p, s] = parts(jwt);
  const last = B64URL.indexOf(s.at(-1)!);
  return `${h}.${p}.${s.slice(0, -1)}${B64URL[last ^ mask]}`;
}

/** The other valid ECDSA signature of the same message: (r, n − s). */
function negateS(jwt: string): string {
  const [h, p, s] = parts(jwt);
  const sig = Buffer.from(s, "base64url");
  const sValue = BigInt(`0x${sig.subarray(32).toString("hex")}`);
  const flipped = Buffer.from((N - sValue).toString(16).padStart(64, "0"), "hex");
  return `${h}.${p}.${Buffer.concat([sig.subarray(0, 32), flipped]).toString("base64url")}`;
}

describe.each(databaseBackends())("Plaid webhook re-encodings on $name", (backend: Backend) => {
  const bank = listInstitutions("US")[1]!;
  let connectionId = "";
  let accessToken = "";
  const db = () => state.db!.prisma;
  const connection = () => db().connection.findUniqueOrThrow({ where: { id: connectionId } });
  const only = (results: WebhookResult[]): WebhookResult => {
    expect(results).toHaveLength(1);
    return results[0]!;
  };
  const JWT_HEADER = "Plaid-Verification";
  const deliver = (d: { body: string; headers: Record<string, string> }, jwt = d.headers[JWT_HEADER]!, ip = "192.0.2.10") =>
    POST(webhookRequest(PLAID_HOOK, { body: d.body, headers: { ...d.headers, [JWT_HEADER]: jwt, "x-forwarded-for": ip } }));
  const replays = () => db().auditEvent.findMany({ where: { action: "webhook.rejected", connectionId } });

  beforeAll(async () => {
    ({ connectionId, accessToken } = await openPlaidWebhookWorld(state, backend, bank.institutionId));
  });
  afterAll(async () => {
    await state.h?.close();
    await state.db?.close();
  });
  beforeEach(() => {
    resetRejectionBudget();
    state.requestSync.mockClear();
  });

  it("jose accepts both re-encodings of a real signature: the same kid, iat and body hash, other bytes", async () => {
    const d = only(await state.h!.plaidSandbox.fireWebhook(accessToken, "DEFAULT_UPDATE"));
    const jwt = d.headers[JWT_HEADER]!;
    expect(parts(jwt)[2]).toHaveLength(86);
    const getKey = (kid: string) => state.h!.plaid.getWebhookKey(kid);
    const original = await verifyPlaidWebhook({ body: d.body, signedJwt: jwt, getKey });
    expect(original).toMatchObject({ ok: true });
    const variants = [...Array.from({ length: 15 }, (_, i) => flipUnusedBits(jwt, i + 1)), negateS(jwt), flipUnusedBits(negateS(jwt), 5)];
    expect(new Set([jwt, ...variants]).size).toBe(variants.length + 1);
    for (const v of variants) expect(await verifyPlaidWebhook({ body: d.body, signedJwt: v, getKey })).toEqual(original);
  });

  it("an ITEM ERROR replayed re-encoded after the owner reconnected is refused as a replay (409, audited) and changes nothing", async () => {
    // The item breaks: ITEM/ERROR (ITEM_LOGIN_REQUIRED) is accepted once.
    const error = only(await state.h!.plaidSandbox.setItemLoginRequired(accessToken));
    expect((await deliver(error)).status).toBe(200);
    expect((await connection()).status).toBe("LOGIN_REQUIRED");
    // The owner reconnects: LOGIN_REPAIRED.
    const repaired = only(await state.h!.plaidSandbox.repairItemLogin(accessToken));
    expect((await deliver(repaired)).status).toBe(200);
    expect((await connection()).status).toBe("CONNECTED");
    state.requestSync.mockClear();
    const eventsBefore = await db().webhookEvent.count({ where: { provider: "PLAID" } });
    const replaysBefore = (await replays()).length;

    // Within the 5-minute window an attacker replays the captured ERROR, its signature re-encoded.
    const jwt = error.headers[JWT_HEADER]!;
    const attempts = [
      { what: "the same bytes", jwt },
      ...Array.from({ length: 15 }, (_, i) => ({ what: `unused bits ^ ${i + 1}`, jwt: flipUnusedBits(jwt, i + 1) })),
      { what: "s → n−s", jwt: negateS(jwt) },
      { what: "s → n−s and bits ^ 3", jwt: flipUnusedBits(negateS(jwt), 3) },
    ];
    for (const [i, a] of attempts.entries()) {
      const res = await deliver(error, a.jwt, `198.51.100.${i + 1}`);
      expect(res.status, a.what).toBe(409);
      expect(await res.json(), a.what).toEqual({ error: "this webhook was already received" });
    }
    expect(await connection()).toMatchObject({ status: "CONNECTED", errorCode: null });
    expect(state.requestSync).toHaveBeenCalledTimes(0);
    expect(await db().webhookEvent.count({ where: { provider: "PLAID" } })).toBe(eventsBefore);
    // One audit record per refusal, each tied to the connection, as the system.
    const rows = (await replays()).slice(replaysBefore);
    expect(rows).toHaveLength(attempts.length);
    expect(rows.every((r) => (r.details as { reason: string }).reason === "replayed" && r.actorId === null)).toBe(true);
  });

  it("the same event signed anew later (Plaid's retry: a new iat) is a new delivery", async () => {
    const first = only(await state.h!.plaidSandbox.fireWebhook(accessToken, "SYNC_UPDATES_AVAILABLE"));
    expect((await deliver(first)).status).toBe(200);
    // iat has whole seconds: the next signature is at least one second later.
    await new Promise((r) => setTimeout(r, 1_100));
    const again = only(await state.h!.plaidSandbox.fireWebhook(accessToken, "SYNC_UPDATES_AVAILABLE"));
    expect(again.body).toBe(first.body);
    expect((await deliver(again)).status).toBe(200);
    expect(state.requestSync.mock.calls).toEqual([
      [connectionId, "webhook"],
      [connectionId, "webhook"],
    ]);
    expect((await deliver(again, negateS(again.headers[JWT_HEADER]!))).status).toBe(409);
  });
});
