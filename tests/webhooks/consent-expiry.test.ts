/**
 * Consent expiry, on both databases, through the real SDK providers and the sandbox banks with the
 * sandbox clock: an EU Plaid item carries consent_expiration_time (180 days, PSD2); 7 days before
 * it Plaid's PENDING_EXPIRATION gives the dated warning on User Connections, the banner and the
 * e-mail; after it the item needs a login and the connection shows Reconnect; Reconnect (update
 * mode) renews the consent, re-read from Plaid. A Pluggy item's own consent date (consentExpiresAt,
 * dated by the sandbox bank) drives the same warning; a renewed consent clears it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Products } from "plaid";
import { PluggyClient, type Item } from "pluggy-sdk";
import { DAY_MS, isoDay } from "@/lib/dates";
import { createConnectionFromLink } from "@/lib/connections/service";
import { openSecret } from "@/lib/connections/secret";
import { seedDemoData } from "@/lib/db/seed";
import { bannerItemsFor } from "@/lib/notifications/banner";
import type { Mailer } from "@/lib/notifications/mailer";
import { notifyConnectionProblems } from "@/lib/notifications/notify";
import type { LinkSession } from "@/lib/providers/types";
import { loadConnectionsPage, type ProviderModes } from "@/lib/sync/read/connections-page";
import { applyPluggyWebhook } from "@/lib/webhooks/pluggy";
import { listInstitutions } from "@bank-connections/sandbox/data";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";
import { inWords } from "../helpers/in-words";
import { msg } from "@/lib/i18n/translate";
import { PLAID_HOOK, startWebhookHarness, webhookRequest, type WebhookHarness } from "./harness";
import { createTestApp } from "../helpers/app-context";

const state = Object.assign(createTestApp(), { h: null as WebhookHarness | null });
const plaidRoute = state.bind(await import("@/app/api/webhooks/plaid/route"));
const actions = state.bind(await import("@/app/(portal)/books/[bookId]/automations/actions"));
const SANDBOX: ProviderModes = { plaid: { mode: "local-sandbox" }, pluggy: { mode: "local-sandbox" } };

describe.each(databaseBackends())("Consent expiry on $name", (backend: Backend) => {
  let ids: { client: string; acme: string };
  const db = () => state.db!.prisma;
  const h = () => state.h!;
  /** The sandbox's "now": the page, banner and e-mails are read at the same instant the banks live in. */
  const sandboxNow = () => new Date(h().clock.nowMs());

  const card = async (connectionId: string) => {
    const page = await loadConnectionsPage(db(), SANDBOX, { userId: ids.client, bookId: ids.acme, role: "OWNER" }, sandboxNow());
    const c = page.connections.find((x) => x.id === connectionId)!;
    return { status: c.status, mayReconnect: c.mayReconnect, ...inWords({ label: c.view.label, reason: c.view.reason, action: c.view.action, warning: c.sync.warning }) };
  };

  beforeAll(async () => {
    useEmbeddedSecrets();
    state.db = await backend.open();
    state.h = state.providers = await startWebhookHarness({ pluggyWebhookHeaders: {} });
    await seedDemoData(db());
    ids = {
      client: (await db().user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id,
      acme: (await db().book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id,
    };
  });
  afterAll(async () => {
    await state.h?.close();
    await state.db?.close();
  });

  it("a German Plaid item: dated warning 7 days before, Reconnect after expiry, Reconnect renews the consent", async () => {
    const bank = listInstitutions("DE")[0]!;
    const pt = await h().plaidApi.sandboxPublicTokenCreate({ institution_id: bank.institutionId, initial_products: [Products.Transactions], options: { webhook: PLAID_HOOK } });
    const made = await createConnectionFromLink(db(), h().plaid, { ownerId: ids.client, bookId: ids.acme, country: "DE", result: { provider: "PLAID", publicToken: pt.data.public_token, institutionId: bank.institutionId } });
    if (made.kind !== "created") throw new Error("setup: connection not created");
    const connectionId = made.connectionId;
    const row = await db().connection.findUniqueOrThrow({ where: { id: connectionId } });
    const accessToken = openSecret(row.id, row.secret!);
    // The item's consent as Plaid dates it: 180 days after creation on the sandbox clock.
    const expires = row.consentExpiresAt!;
    expect(expires).not.toBeNull();
    expect(Math.round((expires.getTime() - h().clock.nowMs()) / DAY_MS)).toBe(180);
    expect(await card(connectionId)).toMatchObject({ status: "CONNECTED", label: "Connected", reason: null, mayReconnect: false });

    // 7 days before: Plaid sends PENDING_EXPIRATION; the dated warning, the banner and the e-mail.
    const early = await h().plaidSandbox.advanceClock(173);
    const pending = early.webhooks.filter((w) => JSON.parse(w.body).webhook_code === "PENDING_EXPIRATION");
    expect(pending).toHaveLength(1);
    expect((await plaidRoute.POST(webhookRequest(PLAID_HOOK, pending[0]!))).status).toBe(200);
    const warned = await card(connectionId);
    expect(warned).toMatchObject({ status: "CONNECTED", mayReconnect: true, action: "Reconnect" });
    // The date is the consent's own expiry, as Plaid sent it.
    expect(warned.reason).toBe(inWords(msg("connectionNotes.consentWarning", { date: { date: isoDay(expires) } })));
    expect((await db().connection.findUniqueOrThrow({ where: { id: connectionId } })).warningMessage).not.toBeNull();
    const banner = (await bannerItemsFor(db(), ids.client, sandboxNow())).filter((b) => b.connectionId === connectionId);
    expect(banner.map((b) => b.kind)).toEqual(["consent"]);
    const sent: { to: string; subject: string }[] = [];
    const mailer: Mailer = { send: async (m) => void sent.push(m), close: () => {} };
    await notifyConnectionProblems(db(), mailer, { appUrl: "http://app.test", now: sandboxNow() });
    expect(sent.filter((m) => m.to === "client@example.com").length).toBeGreaterThanOrEqual(1);

    // After the expiry: the item needs a login (ITEM/ERROR), the connection shows Reconnect.
    const late = await h().plaidSandbox.advanceClock(8);
    const error = late.webhooks.filter((w) => JSON.parse(w.body).webhook_code === "ERROR");
    expect(error).toHaveLength(1);
    expect((await plaidRoute.POST(webhookRequest(PLAID_HOOK, error[0]!))).status).toBe(200);
    expect(await card(connectionId)).toMatchObject({ status: "LOGIN_REQUIRED", label: "Login required", mayReconnect: true });
    expect((await bannerItemsFor(db(), ids.client, sandboxNow())).filter((b) => b.connectionId === connectionId).map((b) => b.kind)).toEqual(["reconnect"]);

    // Reconnect (update mode in Plaid Link) renews the consent: 180 days from now, re-read from Plaid.
    await state.signIn("client@example.com");
    const started = await actions.startReconnect({ bookId: ids.acme, connectionId });
    if (!started.ok) throw new Error(`update mode not started: ${JSON.stringify(started)}`);
    const linkToken = (started.data as Extract<LinkSession, { provider: "PLAID" }>).linkToken;
    const r = await fetch(`${h().plaidUrl}/link/sandbox/complete`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ link_token: linkToken, username: "user_good", password: "pass_good" }),
    });
    expect(r.status).toBe(200);
    expect(await actions.finishReconnect({ bookId: ids.acme, connectionId })).toMatchObject({ ok: true });
    const renewed = await db().connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(renewed).toMatchObject({ status: "CONNECTED", warningMessage: null, errorCode: null });
    expect(Math.round((renewed.consentExpiresAt!.getTime() - h().clock.nowMs()) / DAY_MS)).toBe(180);
    expect((await h().plaidApi.itemGet({ access_token: accessToken })).data.item.consent_expiration_time).toBe(renewed.consentExpiresAt!.toISOString().replace(/\.\d{3}Z$/, "Z"));
    expect(await card(connectionId)).toMatchObject({ status: "CONNECTED", reason: null, mayReconnect: false });
    expect((await bannerItemsFor(db(), ids.client, sandboxNow())).filter((b) => b.connectionId === connectionId)).toEqual([]);
  });

  it("a Pluggy item: its own consentExpiresAt (set by the bank) gives the dated warning 7 days before, Reconnect after, renewal clears it", async () => {
    const sdk = new PluggyClient({ clientId: "test", clientSecret: "test" });
    const settled = async (itemId: string): Promise<Item> => {
      for (let i = 0; i < 100; i++) {
        const it = await sdk.fetchItem(itemId);
        if (it.status !== "UPDATING") return it;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error("item did not settle");
    };
    const item = await settled((await sdk.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: ids.client })).id);
    const made = await createConnectionFromLink(db(), h().pluggy, { ownerId: ids.client, bookId: ids.acme, country: "BR", result: { provider: "PLUGGY", itemId: item.id } });
    if (made.kind !== "created") throw new Error("setup: connection not created");
    const connectionId = made.connectionId;
    // A classic connector's consent has no expiry: none is assumed, no warning.
    expect((await db().connection.findUniqueOrThrow({ where: { id: connectionId } })).consentExpiresAt).toBeNull();
    expect(await card(connectionId)).toMatchObject({ status: "CONNECTED", reason: null, mayReconnect: false });

    // The bank dates the consent 20 days out (the sandbox's setConsent); the next item/updated
    // webhook is read through the real provider (pluggy-sdk fetchItem → item.consentExpiresAt).
    const expires = new Date(h().clock.nowMs() + 20 * DAY_MS);
    expect((await h().pluggySandbox.control.setConsent(item.id, { expiresAt: expires.toISOString() })).consentExpiresAt).toBe(expires.toISOString());
    const deps = { db: db(), provider: h().pluggy, requestSync: state.requestSync, now: sandboxNow };
    await applyPluggyWebhook(deps, { event: "item/updated", eventId: "consent-1", itemId: item.id });
    expect((await db().connection.findUniqueOrThrow({ where: { id: connectionId } })).consentExpiresAt?.toISOString()).toBe(expires.toISOString());
    expect(await card(connectionId)).toMatchObject({ status: "CONNECTED", reason: null, mayReconnect: false });

    // 7 days before, on the sandbox clock: the dated warning, with the item's own date, and the banner.
    await h().pluggySandbox.control.advanceClock(13);
    const dated = inWords(msg("connectionStatus.expiresOn", { date: { day: isoDay(expires) } }));
    expect(await card(connectionId)).toMatchObject({ status: "CONNECTED", mayReconnect: true, action: "Reconnect", reason: dated });
    expect((await bannerItemsFor(db(), ids.client, sandboxNow())).filter((b) => b.connectionId === connectionId).map((b) => b.kind)).toEqual(["consent"]);

    // After the expiry it still says Reconnect (Pluggy keeps the item; its data stops).
    await h().pluggySandbox.control.advanceClock(8);
    expect(await card(connectionId)).toMatchObject({ mayReconnect: true, action: "Reconnect", reason: dated });

    // Reconnect: Pluggy Connect updates the item (PATCH), the user consents again; the renewed
    // consent has no expiry, so the stored date and the warning go.
    await state.signIn("client@example.com");
    expect(await actions.startReconnect({ bookId: ids.acme, connectionId })).toMatchObject({ ok: true, data: { provider: "PLUGGY", updateItemId: item.id } });
    await sdk.updateItem(item.id);
    const renewed = await settled(item.id);
    expect(renewed.consentExpiresAt).toBeNull();
    expect((await sdk.fetchConsents(item.id)).results).toHaveLength(2);
    expect(await actions.finishReconnect({ bookId: ids.acme, connectionId })).toMatchObject({ ok: true });
    expect((await db().connection.findUniqueOrThrow({ where: { id: connectionId } })).consentExpiresAt).toBeNull();
    expect(await card(connectionId)).toMatchObject({ status: "CONNECTED", reason: null, mayReconnect: false });
    expect((await bannerItemsFor(db(), ids.client, sandboxNow())).filter((b) => b.connectionId === connectionId)).toEqual([]);
  });
});
