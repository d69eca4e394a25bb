/**
 * /api/webhooks/plaid as Next.js runs it, on both databases, with webhooks the sandbox Plaid signed
 * (ES256, served key). Verified ones change the connection or queue a sync; unsigned, tampered,
 * stale and replayed ones are refused and change and queue nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Products } from "plaid";
import { listInstitutions } from "@bank-connections/sandbox/data";
import type { WebhookResult } from "@bank-connections/sandbox/plaid";
import { databaseBackends, type Backend } from "../helpers/databases";
import { openPlaidWebhookWorld, PLAID_HOOK, webhookRequest, type WebhookHarness } from "./harness";
import { decodeMessage, inEnglish } from "@/lib/i18n/stored";
import { createTestApp } from "../helpers/app-context";

// The route in a test's application context: the database, the sandbox's providers, a recording requestSync.
const state = Object.assign(createTestApp(), { h: null as WebhookHarness | null });
const { POST } = state.bind(await import("@/app/api/webhooks/plaid/route"));
const queued = state.requestSync;

describe.each(databaseBackends())("Plaid webhooks on $name", (backend: Backend) => {
  const bank = listInstitutions("US")[0]!;
  let connectionId = "";
  let accessToken = "";

  const db = () => state.db!.prisma;
  const connection = () => db().connection.findUniqueOrThrow({ where: { id: connectionId } });
  const only = (results: WebhookResult[]): WebhookResult => {
    expect(results).toHaveLength(1);
    return results[0]!;
  };
  const deliver = (d: { body: string; headers: Record<string, string> }) => POST(webhookRequest(PLAID_HOOK, d));
  const fire = async (code: Parameters<WebhookHarness["plaidSandbox"]["fireWebhook"]>[1]) => only(await state.h!.plaidSandbox.fireWebhook(accessToken, code));

  beforeAll(async () => {
    ({ connectionId, accessToken } = await openPlaidWebhookWorld(state, backend, bank.institutionId));
  });
  afterAll(async () => {
    await state.h?.close();
    await state.db?.close();
  });
  beforeEach(async () => {
    queued.mockClear();
    await state.h!.plaidSandbox.resetFaults();
  });

  it("a signed SYNC_UPDATES_AVAILABLE queues one sync of that connection, and is recorded", async () => {
    const d = await fire("SYNC_UPDATES_AVAILABLE");
    expect(d.url).toBe(PLAID_HOOK);
    const res = await deliver(d);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, handled: true });
    expect(queued.mock.calls).toEqual([[connectionId, "webhook"]]);
    const events = await db().webhookEvent.findMany({ where: { provider: "PLAID", connectionId } });
    expect(events.map((e) => [e.type, e.outcome])).toEqual([["TRANSACTIONS/SYNC_UPDATES_AVAILABLE", "sync_queued"]]);
    // The JWT itself is not kept, only its hash.
    expect(events[0]!.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
    expect(events[0]!.dedupeKey).not.toBe(d.headers["Plaid-Verification"]);

    // The same delivery again is a replay: refused, nothing queued, nothing recorded.
    const replay = await deliver(d);
    expect(replay.status).toBe(409);
    expect(queued).toHaveBeenCalledTimes(1);
    expect(await db().webhookEvent.count({ where: { provider: "PLAID" } })).toBe(events.length);
  });

  it("refuses unsigned, wrongly signed, tampered and stale webhooks: 401, nothing changed, nothing queued", async () => {
    const before = await connection();
    const eventsBefore = await db().webhookEvent.count();
    // ITEM/ERROR (ITEM_LOGIN_REQUIRED): accepted, it would mark the connection Login required.
    const valid = await fire("ERROR");
    const tries: { what: string; d: { body: string; headers: Record<string, string> } }[] = [];
    const { "Plaid-Verification": _jwt, ...noSignature } = valid.headers;
    tries.push({ what: "header removed", d: { body: valid.body, headers: noSignature } });
    tries.push({ what: "tampered body", d: { body: valid.body.replace('"ITEM_LOGIN_REQUIRED"', '"ITEM_LOCKED"'), headers: valid.headers } });
    tries.push({ what: "re-serialised body", d: { body: JSON.stringify(JSON.parse(valid.body)), headers: valid.headers } });
    tries.push({ what: "garbage header", d: { body: valid.body, headers: { ...valid.headers, "Plaid-Verification": "not.a.jwt" } } });
    for (const mode of ["unsigned", "expired", "wrong_hash", "wrong_alg"] as const) {
      await state.h!.plaidSandbox.setFaults({ webhookSignature: mode });
      tries.push({ what: `sandbox ${mode}`, d: await fire("ERROR") });
    }
    expect(tries[1]!.d.body).not.toBe(valid.body);
    for (const t of tries) {
      const res = await deliver(t.d);
      expect(res.status, t.what).toBe(401);
      expect(JSON.stringify(await res.json())).not.toMatch(/at |Error:/);
    }
    expect(queued).not.toHaveBeenCalled();
    expect(await connection()).toEqual(before);
    expect(await db().webhookEvent.count()).toBe(eventsBefore);
  });

  it("PENDING_EXPIRATION keeps the date and shows a dated warning", async () => {
    const d = await fire("PENDING_EXPIRATION");
    const at = new Date((JSON.parse(d.body) as { consent_expiration_time: string }).consent_expiration_time);
    const res = await deliver(d);
    expect(res.status).toBe(200);
    const row = await connection();
    expect(row.consentExpiresAt?.toISOString()).toBe(at.toISOString());
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    // Stored as a message (key and values); it reads as before.
    expect(inEnglish(decodeMessage(row.warningMessage ?? ""))).toBe(`Access to this bank expires on ${at.getUTCDate()} ${months[at.getUTCMonth()]} ${at.getUTCFullYear()}: Reconnect before then to keep syncing.`);
    expect(row.status).toBe("CONNECTED");
    expect(queued).not.toHaveBeenCalled();
  });

  it("ITEM_LOGIN_REQUIRED marks Login required; LOGIN_REPAIRED connects again and queues a sync", async () => {
    const err = only(await state.h!.plaidSandbox.setItemLoginRequired(accessToken));
    expect((await deliver(err)).status).toBe(200);
    expect((await connection()).status).toBe("LOGIN_REQUIRED");
    expect(queued).not.toHaveBeenCalled();
    const repaired = only(await state.h!.plaidSandbox.repairItemLogin(accessToken));
    expect((await deliver(repaired)).status).toBe(200);
    expect(await connection()).toMatchObject({ status: "CONNECTED", errorCode: null, errorMessage: null });
    expect(queued.mock.calls).toEqual([[connectionId, "webhook"]]);
  });

  it("USER_PERMISSION_REVOKED marks Login required", async () => {
    const d = await fire("USER_PERMISSION_REVOKED");
    expect((await deliver(d)).status).toBe(200);
    expect(await connection()).toMatchObject({ status: "LOGIN_REQUIRED", errorCode: "USER_PERMISSION_REVOKED" });
    await db().connection.update({ where: { id: connectionId }, data: { status: "CONNECTED", errorCode: null, errorMessage: null } });
  });

  it("an item the portal does not hold is answered 200 (handled: false) and recorded", async () => {
    const pt = await state.h!.plaidApi.sandboxPublicTokenCreate({ institution_id: bank.institutionId, initial_products: [Products.Transactions], options: { webhook: PLAID_HOOK } });
    const { access_token } = (await state.h!.plaidApi.itemPublicTokenExchange({ public_token: pt.data.public_token })).data;
    const d = only(await state.h!.plaidSandbox.fireWebhook(access_token, "SYNC_UPDATES_AVAILABLE"));
    const res = await deliver(d);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, handled: false });
    expect(queued).not.toHaveBeenCalled();
    const last = await db().webhookEvent.findFirstOrThrow({ where: { provider: "PLAID" }, orderBy: { receivedAt: "desc" } });
    expect([last.outcome, last.connectionId]).toEqual(["unknown_item", null]);
  });
});
