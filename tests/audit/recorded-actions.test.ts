/**
 * Every audited action, done through the server actions as Next.js runs them (in a test's application
 * context: session, database and sandbox providers), leaves one audit event with who, when, where and what — in words
 * the audit view can show later, and never a token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Products } from "plaid";
import { seedDemoData } from "@/lib/db/seed";
import { listInstitutions } from "@bank-connections/sandbox/data";
import { describeAudit } from "@/lib/audit/describe";
import { databaseBackends, type Backend } from "../helpers/databases";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { useEmbeddedSecrets } from "../helpers/secrets";
import { createTestApp } from "../helpers/app-context";

const state = Object.assign(createTestApp(), { sp: null as SandboxHarness | null });
const actions = state.bind(await import("@/app/(portal)/books/[bookId]/automations/actions"));
const integrationActions = state.bind(await import("@/app/(portal)/books/[bookId]/automations/integration-actions"));
const syncActions = state.bind(await import("@/app/(portal)/books/[bookId]/automations/sync-actions"));
const bookActions = state.bind(await import("@/app/(portal)/books/[bookId]/actions"));

describe.each(databaseBackends())("audited actions on $name", (backend: Backend) => {
  const ids = { acme: "", client: "", bookkeeper: "", connection: "", account: "", integration: "" };
  const bank = listInstitutions("US")[1]!;
  const startedAt = new Date(Date.now() - 1000);
  const db = () => state.db!.prisma;
  const as = state.signIn;
  const ok = <T>(r: { ok: true; data: T } | { ok: false; message: unknown }): T => {
    if (!r.ok) throw new Error(`action failed: ${r.message}`);
    return r.data;
  };
  /** The single event of this action (exactly one, or the test fails). */
  const only = async (action: string, where: object = {}) => {
    const rows = await db().auditEvent.findMany({ where: { action, ...where } });
    expect(rows, `${action} events`).toHaveLength(1);
    const e = rows[0]!;
    expect(e.at.getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
    return { ...e, details: e.details as Record<string, unknown> };
  };

  beforeAll(async () => {
    useEmbeddedSecrets();
    state.db = await backend.open();
    state.sp = state.providers = await startSandboxHarness();
    await seedDemoData(db());
    ids.acme = (await db().book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    ids.client = (await db().user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    ids.bookkeeper = (await db().user.findUniqueOrThrow({ where: { email: "bookkeeper@example.com" } })).id;
  });
  afterAll(async () => {
    await state.sp?.close();
    await state.db?.close();
  });

  it("Connect records connect and share, by the client, in Acme Ltd, with institution and account names", async () => {
    await as("client@example.com");
    const token = await state.sp!.plaidApi.sandboxPublicTokenCreate({ institution_id: bank.institutionId, initial_products: [Products.Transactions] });
    const r = ok(await actions.completeLink({ bookId: ids.acme, country: "US", result: { provider: "PLAID", publicToken: token.data.public_token, institutionId: bank.institutionId } }));
    if (r.kind !== "created") throw new Error("not created");
    ids.connection = r.connectionId;
    const connect = await only("connection.connect");
    expect(connect).toMatchObject({ actorId: ids.client, bookId: ids.acme, connectionId: ids.connection });
    expect(connect.details).toMatchObject({ provider: "PLAID", institution: bank.name, book: "Acme Ltd" });
    expect(String(connect.details.accountNames)).toMatch(/•••• \d{4}/);
    const share = await only("connection.share");
    expect(share).toMatchObject({ actorId: ids.client, bookId: ids.acme, connectionId: ids.connection });
    expect(describeAudit("connection.share", share.details)).toBe(`Shared ${bank.name} with Acme Ltd.`);
  });

  it("Link Account, Save Configuration, Sync now, New Account and Remove: each by the bookkeeper, with its values", async () => {
    await as("bookkeeper@example.com");
    const account = await db().institutionAccount.findFirstOrThrow({ where: { connectionId: ids.connection, type: "depository" }, orderBy: { name: "asc" } });
    const link = ok(await integrationActions.linkAccountAction({ bookId: ids.acme, institutionAccountId: account.id, bookAccount: "new", newAccountName: "Audit Checking", period: "last30" }));
    ids.integration = link.integrationId;
    const linked = await only("integration.link");
    expect(linked).toMatchObject({ actorId: ids.bookkeeper, bookId: ids.acme, connectionId: ids.connection });
    expect(linked.details).toMatchObject({ institution: bank.name, bookAccount: "Audit Checking", integrationId: ids.integration });
    expect(describeAudit("integration.link", linked.details)).toMatch(/^Linked .+ to Account Audit Checking, historical data from \d{1,2} \w{3} \d{4}\.$/);

    ok(await integrationActions.saveConfiguration({ bookId: ids.acme, integrationId: ids.integration, period: "last90" }));
    const saved = await only("integration.save_configuration");
    expect(saved).toMatchObject({ actorId: ids.bookkeeper, bookId: ids.acme, connectionId: ids.connection });
    expect(saved.details.previousPeriodStart).toBe(linked.details.periodStart);
    expect(saved.details.periodStart).not.toBe(linked.details.periodStart);

    ok(await syncActions.syncNowAction({ bookId: ids.acme, connectionId: ids.connection }));
    expect(await only("connection.sync_now")).toMatchObject({ actorId: ids.bookkeeper, bookId: ids.acme, connectionId: ids.connection });

    ok(await bookActions.createAccount({ bookId: ids.acme, name: "Audit Fees", type: "OUTGOING" }));
    const created = await only("account.create");
    expect(created).toMatchObject({ actorId: ids.bookkeeper, bookId: ids.acme, connectionId: null });
    expect(created.details).toMatchObject({ name: "Audit Fees", type: "OUTGOING", book: "Acme Ltd" });

    ok(await integrationActions.removeIntegrationAction({ bookId: ids.acme, integrationId: ids.integration }));
    const removed = await only("integration.remove");
    expect(removed).toMatchObject({ actorId: ids.bookkeeper, bookId: ids.acme, connectionId: ids.connection });
    expect(removed.details).toMatchObject({ institution: bank.name, integrationId: ids.integration });
  });

  it("a refused action records nothing (the record is part of the action)", async () => {
    await as("viewer@example.com");
    const before = await db().auditEvent.count();
    const account = await db().institutionAccount.findFirstOrThrow({ where: { connectionId: ids.connection } });
    expect(await integrationActions.linkAccountAction({ bookId: ids.acme, institutionAccountId: account.id, bookAccount: "new", newAccountName: "X", period: "last30" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await as("bookkeeper@example.com");
    expect(await integrationActions.removeIntegrationAction({ bookId: ids.acme, integrationId: ids.integration })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await db().auditEvent.count()).toBe(before);
  });

  it("the owner linking into a Book the connection was not shared with shares it there: share recorded", async () => {
    const other = await db().book.create({ data: { name: "Clara Holdings", members: { create: [{ userId: ids.client, role: "OWNER" }] } } });
    await as("client@example.com");
    const account = await db().institutionAccount.findFirstOrThrow({ where: { connectionId: ids.connection, type: "depository" } });
    ok(await integrationActions.linkAccountAction({ bookId: other.id, institutionAccountId: account.id, bookAccount: "new", newAccountName: "Holdings Checking", period: "last30" }));
    expect(await db().connectionShare.count({ where: { connectionId: ids.connection, bookId: other.id } })).toBe(1);
    expect(await only("connection.share", { bookId: other.id })).toMatchObject({ actorId: ids.client, connectionId: ids.connection });
  });

  it("Reconnect and Disconnect: by the owner, with the institution, the disconnect counting the integrations it removed", async () => {
    await as("client@example.com");
    ok(await actions.finishReconnect({ bookId: ids.acme, connectionId: ids.connection }));
    expect(await only("connection.reconnect")).toMatchObject({ actorId: ids.client, bookId: ids.acme, connectionId: ids.connection, details: { institution: bank.name } });
    ok(await actions.disconnect({ bookId: ids.acme, connectionId: ids.connection }));
    const gone = await only("connection.disconnect");
    expect(gone).toMatchObject({ actorId: ids.client, bookId: ids.acme, connectionId: ids.connection });
    expect(gone.details).toMatchObject({ institution: bank.name, integrationsRemoved: 1 });
    // The connection is gone; its trail stays.
    expect(await db().connection.count({ where: { id: ids.connection } })).toBe(0);
    expect(await db().auditEvent.count({ where: { connectionId: ids.connection } })).toBeGreaterThanOrEqual(8);
  });

  it("no event holds a provider token, a public token or a secret", async () => {
    const tokens = (await state.sp!.plaidSandbox.listItems()).map((i) => (i as { accessToken?: string }).accessToken).filter((t): t is string => Boolean(t));
    const all = JSON.stringify(await db().auditEvent.findMany());
    expect(all).not.toMatch(/access-sandbox|public-sandbox/);
    for (const t of tokens) expect(all).not.toContain(t);
  });
});
