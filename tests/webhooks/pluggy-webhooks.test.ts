/**
 * /api/webhooks/pluggy as Next.js runs it, on both databases, with the deliveries the sandbox Pluggy
 * sent (X-Webhook-Secret as a deployment registers it). The secret is checked first, the body
 * validated, each eventId handled once, and the item's state fetched again from the provider.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DAY_MS, isoDay } from "@/lib/dates";
import { PluggyClient, type Item } from "pluggy-sdk";
import { createConnectionFromLink } from "@/lib/connections/service";
import { handleOnce } from "@/lib/webhooks/events";
import { seedDemoData } from "@/lib/db/seed";
import { getPluggyWebhookSecret, PLUGGY_WEBHOOK_SECRET_HEADER } from "@/lib/secrets";
import type { WebhookEventName } from "@bank-connections/sandbox/pluggy";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";
import { PLUGGY_HOOK, startWebhookHarness, webhookRequest, type WebhookHarness } from "./harness";
import { encodeMessage } from "@/lib/i18n/stored";
import { msg } from "@/lib/i18n/translate";
import { createTestApp } from "../helpers/app-context";

// The route in a test's application context: the database, the sandbox's providers, the secret, a recording requestSync.
const state = Object.assign(createTestApp(), { h: null as WebhookHarness | null });
const { POST } = state.bind(await import("@/app/api/webhooks/pluggy/route"));
const queued = state.requestSync;

const DAY = DAY_MS;
const day = isoDay;

describe.each(databaseBackends())("Pluggy webhooks on $name", (backend: Backend) => {
  let secret = "";
  let ownerId = "";
  let bookId = "";
  let sdk: PluggyClient;

  const db = () => state.db!.prisma;
  const h = () => state.h!;
  const deliver = (d: { body: string; headers: Record<string, string> }) => POST(webhookRequest(PLUGGY_HOOK, d));
  const withSecret = (body: unknown) => ({ body: typeof body === "string" ? body : JSON.stringify(body), headers: { "Content-Type": "application/json", [PLUGGY_WEBHOOK_SECRET_HEADER]: secret } });

  /** The delivery the sandbox sent for an event (to the portal's URL), after it was sent. */
  const sent = async (eventId: string) => {
    await h().pluggySandbox.control.flushWebhooks();
    const all = h().pluggyDeliveries.filter((d) => d.eventId === eventId && d.url === PLUGGY_HOOK);
    expect(all.length).toBeGreaterThan(0);
    return all[all.length - 1]!;
  };
  const fire = async (event: WebhookEventName, args: Parameters<WebhookHarness["pluggySandbox"]["fireWebhook"]>[1]) => sent(await h().pluggySandbox.fireWebhook(event, args));
  /** The newest delivery of `event` for an item. */
  const lastSent = async (event: string, itemId: string) => {
    await h().pluggySandbox.control.flushWebhooks();
    const found = h().pluggyDeliveries.filter((d) => d.event === event && d.url === PLUGGY_HOOK && (JSON.parse(d.body) as { itemId?: string }).itemId === itemId);
    expect(found.length, `${event} for ${itemId}`).toBeGreaterThan(0);
    return found[found.length - 1]!;
  };

  const settled = async (itemId: string): Promise<Item> => {
    for (let i = 0; i < 100; i++) {
      const it = await sdk.fetchItem(itemId);
      if (it.status !== "UPDATING") return it;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("item did not settle");
  };
  /** A Pluggy item made with the portal's webhook URL, and its connection made by the real service. */
  let users = 0;
  const connect = async (owner?: string) => {
    // The same login twice for one user is offered as Reconnect: every further one gets its own user.
    const ownerId = owner ?? (await db().user.create({ data: { email: `pluggy-hooks-${++users}@example.com` } })).id;
    const created = await sdk.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: ownerId, webhookUrl: PLUGGY_HOOK });
    const item = await settled(created.id);
    expect(item.status).toBe("UPDATED");
    const r = await createConnectionFromLink(db(), h().pluggy, { ownerId, bookId, country: "BR", result: { provider: "PLUGGY", itemId: item.id } });
    if (r.kind !== "created") throw new Error("setup: connection not created");
    return { itemId: item.id, connectionId: r.connectionId };
  };
  const connection = (id: string) => db().connection.findUniqueOrThrow({ where: { id } });

  let main: { itemId: string; connectionId: string };

  beforeAll(async () => {
    useEmbeddedSecrets();
    secret = getPluggyWebhookSecret() ?? "";
    expect(secret.length).toBeGreaterThanOrEqual(32);
    state.pluggyWebhookSecret = secret;
    state.db = await backend.open();
    state.h = state.providers = await startWebhookHarness({ pluggyWebhookHeaders: { [PLUGGY_WEBHOOK_SECRET_HEADER]: secret } });
    // pluggy-sdk reads PLUGGY_API_URL, set by the harness's client.
    sdk = new PluggyClient({ clientId: "test", clientSecret: "test" });
    await seedDemoData(db());
    ownerId = (await db().user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    bookId = (await db().book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    main = await connect(ownerId);
  });
  afterAll(async () => {
    await state.h?.close();
    await state.db?.close();
  });
  beforeEach(() => {
    queued.mockClear();
  });

  it("the sandbox sends the portal's secret with every delivery to the item's webhook URL", async () => {
    const d = await lastSent("item/created", main.itemId);
    expect(d.headers[PLUGGY_WEBHOOK_SECRET_HEADER]).toBe(secret);
  });

  it("refuses a missing or wrong secret with 401: nothing queued, nothing recorded", async () => {
    const d = await fire("transactions/created", { itemId: main.itemId });
    const { [PLUGGY_WEBHOOK_SECRET_HEADER]: _s, ...noSecret } = d.headers;
    const events = await db().webhookEvent.count();
    for (const headers of [noSecret, { ...noSecret, [PLUGGY_WEBHOOK_SECRET_HEADER]: "wrong" }, { ...noSecret, [PLUGGY_WEBHOOK_SECRET_HEADER]: `${secret}x` }, { ...noSecret, [PLUGGY_WEBHOOK_SECRET_HEADER]: "" }]) {
      const res = await deliver({ body: d.body, headers });
      expect(res.status).toBe(401);
    }
    expect(queued).not.toHaveBeenCalled();
    expect(await db().webhookEvent.count()).toBe(events);
  });

  it("answers malformed bodies with 400 (and oversized ones with 413): nothing queued", async () => {
    const events = await db().webhookEvent.count();
    const bad: unknown[] = [
      "{oops",
      "[]",
      "null",
      {},
      { event: "transactions/created", itemId: main.itemId },
      { event: "transactions/created", eventId: "e-no-item" },
      { event: "item/error", eventId: "e-no-item-2" },
      { event: 5, eventId: "e-number", itemId: main.itemId },
      { event: "transactions/deleted", eventId: "e-ids", itemId: main.itemId, transactionIds: "tx-1" },
    ];
    for (const body of bad) {
      const res = await deliver(withSecret(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const huge = await deliver(withSecret({ event: "transactions/created", eventId: "e-huge", itemId: main.itemId, padding: "x".repeat(300 * 1024) }));
    expect(huge.status).toBe(413);
    expect(queued).not.toHaveBeenCalled();
    expect(await db().webhookEvent.count()).toBe(events);
  });

  it("transactions/created queues a sync once; the same eventId again is a duplicate", async () => {
    const d = await fire("transactions/created", { itemId: main.itemId });
    const res = await deliver(d);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, handled: true });
    expect(queued.mock.calls).toEqual([[main.connectionId, "webhook"]]);
    // Pluggy delivers it again (same eventId): answered 200, nothing queued.
    await h().pluggySandbox.control.redeliverWebhook(d.eventId);
    const again = await sent(d.eventId);
    expect(again).not.toBe(d);
    const dup = await deliver(again);
    expect(dup.status).toBe(200);
    expect(await dup.json()).toEqual({ received: true, duplicate: true });
    expect(queued).toHaveBeenCalledTimes(1);
    const rows = await db().webhookEvent.findMany({ where: { provider: "PLUGGY", dedupeKey: d.eventId } });
    expect(rows.map((r) => [r.type, r.outcome, r.connectionId])).toEqual([["transactions/created", "sync_queued", main.connectionId]]);
  });

  it("transactions/updated queues a sync", async () => {
    const d = await fire("transactions/updated", { itemId: main.itemId, transactionIds: ["tx-a"] });
    expect((await deliver(d)).status).toBe(200);
    expect(queued.mock.calls).toEqual([[main.connectionId, "webhook"]]);
  });

  it("transactions/deleted queues a sync that reconciles from the earliest stored date of those transactions, else 90 days back", async () => {
    const account = await db().institutionAccount.findFirstOrThrow({ where: { connectionId: main.connectionId } });
    const row = (id: string, date: string) => ({
      connectionId: main.connectionId,
      institutionAccountId: account.id,
      providerTransactionId: id,
      date: new Date(`${date}T00:00:00Z`),
      amount: "12.34",
      direction: "OUT",
      currency: "BRL",
      description: "test",
      pending: false,
    });
    await db().bankTransaction.createMany({ data: [row("tx-deleted-1", "2026-03-04"), row("tx-deleted-2", "2026-05-01"), row("tx-other", "2025-01-01")] });
    const d = await fire("transactions/deleted", { itemId: main.itemId, accountId: account.providerAccountId, transactionIds: ["tx-deleted-2", "tx-deleted-1", "tx-never-stored"] });
    expect((await deliver(d)).status).toBe(200);
    expect(queued.mock.calls).toEqual([[main.connectionId, "webhook", { reconcileFrom: "2026-03-04" }]]);

    queued.mockClear();
    const before = day(new Date(Date.now() - 90 * DAY));
    const unknown = await fire("transactions/deleted", { itemId: main.itemId, accountId: account.providerAccountId, transactionIds: ["tx-never-stored"] });
    expect((await deliver(unknown)).status).toBe(200);
    const after = day(new Date(Date.now() - 90 * DAY));
    expect(queued).toHaveBeenCalledTimes(1);
    const [id, trigger, opts] = queued.mock.calls[0]!;
    expect([id, trigger]).toEqual([main.connectionId, "webhook"]);
    expect([before, after]).toContain(opts?.reconcileFrom);
    await db().bankTransaction.deleteMany({ where: { connectionId: main.connectionId } });
  });

  it("does not trust the body: an item/error for an item Pluggy says is fine changes nothing and syncs", async () => {
    const d = await fire("item/error", { itemId: main.itemId, error: { code: "INVALID_CREDENTIALS", message: "Invalid credentials." } });
    expect((await deliver(d)).status).toBe(200);
    expect(await connection(main.connectionId)).toMatchObject({ status: "CONNECTED", errorCode: null });
    expect(queued.mock.calls).toEqual([[main.connectionId, "webhook"]]);
  });

  it("item/error when Pluggy reports a login error → Login required; item/updated after a new login → Connected and a sync", async () => {
    const c = await connect();
    queued.mockClear();
    await h().pluggySandbox.setItemLoginError(c.itemId);
    const err = await lastSent("item/error", c.itemId);
    const res = await deliver(err);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, handled: true });
    expect(await connection(c.connectionId)).toMatchObject({ status: "LOGIN_REQUIRED", errorCode: "INVALID_CREDENTIALS" });
    expect(queued).not.toHaveBeenCalled();

    // The user signs in again (Reconnect through Pluggy Connect): Pluggy sends item/updated.
    const updatesBefore = h().pluggyDeliveries.filter((d) => d.event === "item/updated").length;
    await sdk.updateItem(c.itemId, { user: "user-ok", password: "password-ok" });
    expect((await settled(c.itemId)).status).toBe("UPDATED");
    await h().pluggySandbox.control.flushWebhooks();
    expect(h().pluggyDeliveries.filter((d) => d.event === "item/updated").length).toBeGreaterThan(updatesBefore);
    const ok = await lastSent("item/updated", c.itemId);
    expect((await deliver(ok)).status).toBe(200);
    expect(await connection(c.connectionId)).toMatchObject({ status: "CONNECTED", errorCode: null, errorMessage: null });
    expect(queued.mock.calls).toEqual([[c.connectionId, "webhook"]]);
  });

  it("item/deleted (confirmed by Pluggy) → Error with the fixing action; nothing queued", async () => {
    const c = await connect();
    queued.mockClear();
    await sdk.deleteItem(c.itemId);
    const d = await lastSent("item/deleted", c.itemId);
    expect((await deliver(d)).status).toBe(200);
    expect(await connection(c.connectionId)).toMatchObject({ status: "ERROR", errorMessage: encodeMessage(msg("connectionNotes.deletedAtPluggy")) });
    expect(queued).not.toHaveBeenCalled();
  });

  it("a delivery whose handling failed is handled again when it is retried (not taken for a duplicate)", async () => {
    const claim = { provider: "PLUGGY" as const, dedupeKey: "evt-fails-once", type: "transactions/created" };
    await expect(handleOnce(db(), claim, async () => Promise.reject(new Error("database went away")))).rejects.toThrow("database went away");
    expect(await db().webhookEvent.count({ where: { dedupeKey: claim.dedupeKey } })).toBe(0);
    expect(await handleOnce(db(), claim, async () => ({ outcome: "sync_queued" }))).toEqual({ outcome: "sync_queued" });
    expect(await handleOnce(db(), claim, async () => ({ outcome: "again" }))).toBeNull();
  });

  it("an item the portal does not hold is answered 200 (handled: false) and recorded", async () => {
    const stray = await sdk.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: "someone-else", webhookUrl: PLUGGY_HOOK });
    await settled(stray.id);
    const d = await fire("transactions/created", { itemId: stray.id });
    const res = await deliver(d);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, handled: false });
    expect(queued).not.toHaveBeenCalled();
    expect(await db().webhookEvent.findUniqueOrThrow({ where: { provider_dedupeKey: { provider: "PLUGGY", dedupeKey: d.eventId } } })).toMatchObject({ outcome: "unknown_item", connectionId: null });
  });
});
