/**
 * "New accounts available", on both databases, through the real SDK providers and the sandbox
 * banks: the bank opens an account on an existing item (the sandboxes' addAccount controls), the
 * provider says so (Plaid NEW_ACCOUNTS_AVAILABLE; a Pluggy item/updated whose item gained an
 * account), User Connections shows it to everyone who sees the connection, only the owner can
 * open update mode with account selection, and afterwards the new account is listed under the
 * SAME connection, ready for Link Account — nothing duplicated.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Products } from "plaid";
import { PluggyClient, type Item } from "pluggy-sdk";
import { createConnectionFromLink } from "@/lib/connections/service";
import { openSecret } from "@/lib/connections/secret";
import { seedDemoData } from "@/lib/db/seed";
import { getPluggyWebhookSecret, PLUGGY_WEBHOOK_SECRET_HEADER } from "@/lib/secrets";
import { loadConnectionsPage, type ProviderModes } from "@/lib/sync/read/connections-page";
import type { LinkSession } from "@/lib/providers/types";
import { listInstitutions } from "@bank-connections/sandbox/data";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";
import { inWords } from "../helpers/in-words";
import { PLAID_HOOK, PLUGGY_HOOK, startWebhookHarness, webhookRequest, type WebhookHarness } from "./harness";
import { createTestApp } from "../helpers/app-context";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import { LocalBookGateway } from "@/lib/books/local/gateway";

const state = Object.assign(createTestApp(), { h: null as WebhookHarness | null });
const plaidRoute = state.bind(await import("@/app/api/webhooks/plaid/route"));
const pluggyRoute = state.bind(await import("@/app/api/webhooks/pluggy/route"));
const actions = state.bind(await import("@/app/(portal)/books/[bookId]/automations/actions"));
const SANDBOX: ProviderModes = { plaid: { mode: "local-sandbox" }, pluggy: { mode: "local-sandbox" } };
const NEW_ACCOUNTS = "New accounts available: the bank has accounts this connection does not list yet.";

describe.each(databaseBackends())("New accounts available on $name", (backend: Backend) => {
  let ids: { client: string; bookkeeper: string; acme: string };
  let sdk: PluggyClient;
  const db = () => state.db!.prisma;
  const h = () => state.h!;

  /** The connection's card on User Connections, as this user sees it. */
  const card = async (userId: string, role: "OWNER" | "EDITOR", connectionId: string) => {
    const page = await loadConnectionsPage(db(), SANDBOX, { userId, bookId: ids.acme, role });
    const c = page.connections.find((x) => x.id === connectionId);
    if (!c) throw new Error(`connection ${connectionId} not on the page`);
    return { mine: c.mine, newAccounts: inWords(c.view.newAccounts), accounts: c.accounts.map((a) => a.id) };
  };
  const accountsOf = (connectionId: string) => db().institutionAccount.findMany({ where: { connectionId }, orderBy: { providerAccountId: "asc" } });

  beforeAll(async () => {
    useEmbeddedSecrets();
    const secret = getPluggyWebhookSecret() ?? "";
    state.pluggyWebhookSecret = secret;
    state.db = await backend.open();
    state.h = state.providers = await startWebhookHarness({ pluggyWebhookHeaders: { [PLUGGY_WEBHOOK_SECRET_HEADER]: secret } });
    // pluggy-sdk reads PLUGGY_API_URL, set by the harness's client.
    sdk = new PluggyClient({ clientId: "test", clientSecret: "test" });
    await seedDemoData(db());
    const user = (email: string) => db().user.findUniqueOrThrow({ where: { email } }).then((u) => u.id);
    ids = { client: await user("client@example.com"), bookkeeper: await user("bookkeeper@example.com"), acme: (await db().book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id };
  });
  afterAll(async () => {
    await state.h?.close();
    await state.db?.close();
  });
  beforeEach(() => {
    state.requestSync.mockClear();
  });

  it("Plaid: NEW_ACCOUNTS_AVAILABLE → shown to all, update mode with account selection by the owner → listed under the same connection", async () => {
    const bank = listInstitutions("US")[0]!;
    const pt = await h().plaidApi.sandboxPublicTokenCreate({ institution_id: bank.institutionId, initial_products: [Products.Transactions], options: { webhook: PLAID_HOOK } });
    const made = await createConnectionFromLink(db(), h().plaid, { ownerId: ids.client, bookId: ids.acme, country: "US", result: { provider: "PLAID", publicToken: pt.data.public_token, institutionId: bank.institutionId } });
    if (made.kind !== "created") throw new Error("setup: connection not created");
    const connectionId = made.connectionId;
    const before = await accountsOf(connectionId);
    const row = await db().connection.findUniqueOrThrow({ where: { id: connectionId } });
    const accessToken = openSecret(row.id, row.secret!);

    // The bank opens an account: Plaid does not share it yet, it says so.
    const added = await h().plaidSandbox.addAccount(accessToken);
    expect(added.webhooks).toHaveLength(1);
    expect((await h().plaidApi.accountsGet({ access_token: accessToken })).data.accounts.map((a) => a.account_id)).not.toContain(added.accountId);
    const res = await plaidRoute.POST(webhookRequest(PLAID_HOOK, added.webhooks[0]!));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, handled: true });
    expect((await db().connection.findUniqueOrThrow({ where: { id: connectionId } })).newAccountsAt).not.toBeNull();

    // Everyone who sees the connection sees the state; the Book's Editor has no action (not the owner).
    expect(await card(ids.client, "OWNER", connectionId)).toMatchObject({ mine: true, newAccounts: NEW_ACCOUNTS });
    expect(await card(ids.bookkeeper, "EDITOR", connectionId)).toMatchObject({ mine: false, newAccounts: NEW_ACCOUNTS });
    await state.signIn("bookkeeper@example.com");
    expect(inWords(await actions.startReconnect({ bookId: ids.acme, connectionId, addAccounts: true }))).toMatchObject({ ok: false, code: "NOT_FOUND" });

    // The owner opens update mode: Link asks which accounts to share, the new one among them.
    await state.signIn("client@example.com");
    const started = await actions.startReconnect({ bookId: ids.acme, connectionId, addAccounts: true });
    if (!started.ok || started.data.provider !== "PLAID") throw new Error(`update mode not started: ${JSON.stringify(started)}`);
    const linkToken = (started.data as Extract<LinkSession, { provider: "PLAID" }>).linkToken;
    const link = async <T,>(path: string, body: object): Promise<T> => {
      const r = await fetch(`${h().plaidUrl}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      expect(r.status, path).toBe(200);
      return (await r.json()) as T;
    };
    const session = await link<{ mode: string; account_selection_enabled: boolean }>("/link/sandbox/session", { link_token: linkToken });
    expect(session).toMatchObject({ mode: "update", account_selection_enabled: true });
    const login = await link<{ link_session_id: string; accounts: { id: string }[] }>("/link/sandbox/login", { link_token: linkToken, institution_id: bank.institutionId, username: "user_good", password: "pass_good" });
    expect(login.accounts.map((a) => a.id)).toContain(added.accountId);
    await link("/link/sandbox/complete", { link_token: linkToken, link_session_id: login.link_session_id, account_ids: login.accounts.map((a) => a.id) });
    const finished = await actions.finishReconnect({ bookId: ids.acme, connectionId });
    expect(finished).toMatchObject({ ok: true, data: { connectionId } });

    // Listed under the same connection, once; the state is gone; no second connection.
    const after = await accountsOf(connectionId);
    expect(after.map((a) => a.providerAccountId).sort()).toEqual([...before.map((a) => a.providerAccountId), added.accountId].sort());
    expect(after.filter((a) => before.some((b) => b.id === a.id))).toHaveLength(before.length);
    const view = await card(ids.client, "OWNER", connectionId);
    expect(view.newAccounts).toBeNull();
    expect(view.accounts).toContain(after.find((a) => a.providerAccountId === added.accountId)!.id);
    expect(await db().connection.count({ where: { ownerId: ids.client, provider: "PLAID", institutionId: bank.institutionId } })).toBe(1);
    // Update mode again changes nothing.
    await actions.finishReconnect({ bookId: ids.acme, connectionId });
    expect(await accountsOf(connectionId)).toHaveLength(after.length);
  });

  it("Pluggy: an item that gained an account → shown, Pluggy Connect update by the owner → listed under the same connection", async () => {
    const settled = async (itemId: string): Promise<Item> => {
      for (let i = 0; i < 100; i++) {
        const it = await sdk.fetchItem(itemId);
        if (it.status !== "UPDATING") return it;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("item did not settle");
    };
    const created = await sdk.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: ids.client, webhookUrl: PLUGGY_HOOK });
    const itemId = (await settled(created.id)).id;
    const made = await createConnectionFromLink(db(), h().pluggy, { ownerId: ids.client, bookId: ids.acme, country: "BR", result: { provider: "PLUGGY", itemId } });
    if (made.kind !== "created") throw new Error("setup: connection not created");
    const connectionId = made.connectionId;
    const before = await accountsOf(connectionId);

    const accountId = await h().pluggySandbox.control.addAccount(itemId);
    await h().pluggySandbox.control.flushWebhooks();
    const updated = h().pluggyDeliveries.filter((d) => d.event === "item/updated" && d.url === PLUGGY_HOOK && (JSON.parse(d.body) as { itemId?: string }).itemId === itemId);
    expect(updated.length).toBeGreaterThan(0);
    const res = await pluggyRoute.POST(webhookRequest(PLUGGY_HOOK, updated[updated.length - 1]!));
    expect(res.status).toBe(200);
    expect((await db().connection.findUniqueOrThrow({ where: { id: connectionId } })).newAccountsAt).not.toBeNull();
    expect(await card(ids.client, "OWNER", connectionId)).toMatchObject({ mine: true, newAccounts: NEW_ACCOUNTS });
    expect(await card(ids.bookkeeper, "EDITOR", connectionId)).toMatchObject({ mine: false, newAccounts: NEW_ACCOUNTS });

    // The owner runs Pluggy Connect on the same item (update), then the portal re-reads its accounts.
    await state.signIn("client@example.com");
    const started = await actions.startReconnect({ bookId: ids.acme, connectionId, addAccounts: true });
    expect(started).toMatchObject({ ok: true, data: { provider: "PLUGGY", updateItemId: itemId } });
    await sdk.updateItem(itemId);
    await settled(itemId);
    expect(await actions.finishReconnect({ bookId: ids.acme, connectionId })).toMatchObject({ ok: true });

    const after = await accountsOf(connectionId);
    expect(after.map((a) => a.providerAccountId).sort()).toEqual([...before.map((a) => a.providerAccountId), accountId].sort());
    expect((await card(ids.client, "OWNER", connectionId)).newAccounts).toBeNull();
    expect(await db().connection.count({ where: { ownerId: ids.client, provider: "PLUGGY" } })).toBe(1);

    // Without a webhook, a sync that finds an account the connection does not list records it too.
    await h().pluggySandbox.control.addAccount(itemId);
    const deps: EngineDeps = { providerFor: (n) => (n === "PLAID" ? h().plaid : h().pluggy), gatewayFor: (u) => new LocalBookGateway(db(), u), workerId: "test" };
    expect(await syncConnection(db(), deps, connectionId, { trigger: "manual" })).toMatchObject({ status: "done" });
    expect((await card(ids.client, "OWNER", connectionId)).newAccounts).toBe(NEW_ACCOUNTS);
    expect(await accountsOf(connectionId)).toHaveLength(after.length);
  });
});
