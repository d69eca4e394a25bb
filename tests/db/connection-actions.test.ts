import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Products } from "plaid";
import { seedDemoData } from "@/lib/db/seed";
import { listInstitutions } from "@bank-connections/sandbox/data";
import { databaseBackends, type Backend } from "../helpers/databases";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { useEmbeddedSecrets } from "../helpers/secrets";
import { inWords } from "../helpers/in-words";
import { createTestApp } from "../helpers/app-context";
import { fittingAccountType } from "@/lib/integrations/rules";

// The server actions as Next.js runs them, in a test's application context (session, database, sandbox providers).
const state = Object.assign(createTestApp(), { sp: null as SandboxHarness | null });
const actions = state.bind(await import("@/app/(portal)/books/[bookId]/automations/actions"));
const integrationActions = state.bind(await import("@/app/(portal)/books/[bookId]/automations/integration-actions"));
const syncActions = state.bind(await import("@/app/(portal)/books/[bookId]/automations/sync-actions"));

describe.each(databaseBackends())("User Connection server actions on $name", (backend: Backend) => {
  let acme: string;
  let connectionId: string;
  const as = state.signIn;
  const bank = listInstitutions("US")[0]!;

  beforeAll(async () => {
    useEmbeddedSecrets();
    state.db = await backend.open();
    state.sp = state.providers = await startSandboxHarness();
    await seedDemoData(state.db.prisma);
    await state.db.prisma.user.create({ data: { email: "stranger@example.com" } });
    acme = (await state.db.prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    await as("client@example.com");
    const token = await state.sp.plaidApi.sandboxPublicTokenCreate({ institution_id: bank.institutionId, initial_products: [Products.Transactions] });
    const r = await actions.completeLink({ bookId: acme, country: "US", result: { provider: "PLAID", publicToken: token.data.public_token, institutionId: bank.institutionId } });
    if (!r.ok || r.data.kind !== "created") throw new Error(`setup failed: ${JSON.stringify(r)}`);
    connectionId = r.data.connectionId;
  });
  afterAll(async () => {
    await state.sp?.close();
    await state.db?.close();
  });

  it("lists banks and starts a Plaid link session for any member", async () => {
    await as("viewer@example.com");
    const banks = await actions.listBanks({ bookId: acme, country: "US" });
    expect(banks).toMatchObject({ ok: true });
    expect(banks.ok && banks.data.length).toBeGreaterThanOrEqual(8);
    const session = await actions.startLink({ bookId: acme, country: "US", institutionId: bank.institutionId });
    expect(session).toMatchObject({ ok: true, data: { provider: "PLAID" } });
    expect(inWords(await actions.startLink({ bookId: acme, country: "XX" }))).toMatchObject({ ok: false, code: "INVALID_INPUT" });
  });

  it("refuses Reconnect and Disconnect to the bookkeeper, the viewer, a stranger and the signed-out", async () => {
    for (const who of ["bookkeeper@example.com", "viewer@example.com"]) {
      await as(who);
      for (const action of [actions.startReconnect, actions.finishReconnect, actions.disconnect]) {
        expect(inWords(await action({ bookId: acme, connectionId }))).toMatchObject({ ok: false, code: "NOT_FOUND", message: "This connection does not exist or is not yours." });
      }
    }
    await as("stranger@example.com");
    expect(inWords(await actions.disconnect({ bookId: acme, connectionId }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    await as(null);
    expect(inWords(await actions.disconnect({ bookId: acme, connectionId }))).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(inWords(await state.db!.prisma.connection.count({ where: { id: connectionId } }))).toBe(1);
  });

  it("refuses Link Account, Save Configuration and Remove below the Editor role, and signed out", async () => {
    const db = state.db!.prisma;
    const account = await db.institutionAccount.findFirstOrThrow({ where: { connectionId } });
    // A Book where the bookkeeper is only a viewer, with the connection shared to it.
    const other = await db.book.create({
      data: {
        name: "Viewer-only Book",
        members: { create: [{ userId: (await db.user.findUniqueOrThrow({ where: { email: "bookkeeper@example.com" } })).id, role: "VIEWER" }] },
        shares: { create: { connectionId, sharedById: (await db.user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id } },
      },
    });
    const link = (bookId: string) => integrationActions.linkAccountAction({ bookId, institutionAccountId: account.id, bookAccount: "new", newAccountName: "X", period: "last30" });
    const choices = (bookId: string) => integrationActions.linkChoicesAction({ bookId, institutionAccountId: account.id });
    for (const [who, bookId] of [["viewer@example.com", acme], ["bookkeeper@example.com", other.id]] as const) {
      await as(who);
      expect(inWords(await link(bookId))).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(inWords(await choices(bookId))).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(inWords(await integrationActions.saveConfiguration({ bookId, integrationId: "c" + "a".repeat(24), period: "last30" }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(inWords(await integrationActions.removeIntegrationAction({ bookId, integrationId: "c" + "a".repeat(24) }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    await as(null);
    expect(inWords(await link(acme))).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(inWords(await choices(acme))).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    await as("stranger@example.com");
    expect(inWords(await choices(acme))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    await as("bookkeeper@example.com");
    // The Editor of the Book the connection is shared with: the Book's Accounts of the fitting type, ids and names only.
    const listed = await choices(acme);
    const assets = await db.ledgerAccount.findMany({ where: { bookId: acme, type: fittingAccountType(account.type), archived: false }, select: { id: true, name: true } });
    expect(listed).toMatchObject({ ok: true });
    expect(listed.ok && [...listed.data].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...assets].sort((a, b) => a.id.localeCompare(b.id)));
    expect(inWords(await integrationActions.linkChoicesAction({ bookId: acme, institutionAccountId: "not an id" }))).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(inWords(await integrationActions.linkAccountAction({ bookId: acme, institutionAccountId: account.id, bookAccount: "new", period: "custom" }))).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(inWords(await integrationActions.linkAccountAction({ bookId: acme, institutionAccountId: account.id, bookAccount: "new", newAccountName: "Y", period: "custom", startDate: "2999-01-01" }))).toMatchObject({
      ok: false,
      message: "The start date cannot be in the future.",
    });
    expect(inWords(await db.integration.count())).toBe(0);
  });

  it("refuses the owner's Sync now, Reconnect and Disconnect from a Book the connection is not shared with, recording nothing there", async () => {
    const db = state.db!.prisma;
    const clientId = (await db.user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    // The owner owns this Book, but the connection was never shared with it.
    const foreign = await db.book.create({ data: { name: "Clara's Own Book", members: { create: [{ userId: clientId, role: "OWNER" }] } } });
    await as("client@example.com");
    const items = (await state.sp!.plaidSandbox.listItems()).length;
    const before = { audit: await db.auditEvent.count(), inForeign: await db.auditEvent.count({ where: { bookId: foreign.id } }), sessions: await db.plaidLinkSession.count() };
    state.requestSync.mockClear();
    const refused = { ok: false, code: "FORBIDDEN", message: "This connection is not shared with this Book: Sync now, Reconnect and Disconnect it from a Book it is shared with." };
    for (const action of [actions.startReconnect, actions.finishReconnect, actions.disconnect, syncActions.syncNowAction]) {
      expect(inWords(await action({ bookId: foreign.id, connectionId }))).toMatchObject(refused);
    }
    expect(await db.auditEvent.count()).toBe(before.audit);
    expect(await db.auditEvent.count({ where: { bookId: foreign.id } })).toBe(0);
    expect(await db.plaidLinkSession.count()).toBe(before.sessions);
    expect(state.requestSync).not.toHaveBeenCalled();
    expect(await db.connection.findUniqueOrThrow({ where: { id: connectionId } })).toMatchObject({ status: "CONNECTED", secret: expect.any(String) });
    expect((await state.sp!.plaidSandbox.listItems()).length).toBe(items);
    // The services themselves refuse it too (the OAuth return page calls completeReconnect directly).
    const { completeReconnect, disconnectConnection } = await import("@/lib/connections/service");
    await expect(completeReconnect(db, state.sp!.plaid, { ownerId: clientId, connectionId, bookId: foreign.id })).rejects.toThrow(/not shared with this Book/);
    await expect(disconnectConnection(db, state.sp!.plaid, { ownerId: clientId, connectionId, bookId: foreign.id })).rejects.toThrow(/not shared with this Book/);
    expect(await db.auditEvent.count()).toBe(before.audit);
    // From the Book it is shared with, the same press works and is recorded there.
    expect(inWords(await syncActions.syncNowAction({ bookId: acme, connectionId }))).toMatchObject({ ok: true });
    expect(state.requestSync).toHaveBeenCalledExactlyOnceWith(connectionId, "manual");
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "connection.sync_now", connectionId }, orderBy: { at: "desc" } })).toMatchObject({ bookId: acme, actorId: clientId });
    expect(before.inForeign).toBe(0);
  });

  it("lets the owner reconnect (update mode: no new item) and disconnect", async () => {
    await as("client@example.com");
    const items = (await state.sp!.plaidSandbox.listItems()).length;
    const session = await actions.startReconnect({ bookId: acme, connectionId });
    expect(session).toMatchObject({ ok: true, data: { provider: "PLAID" } });
    expect(JSON.stringify(session)).not.toMatch(/access-/);
    expect(inWords(await actions.finishReconnect({ bookId: acme, connectionId }))).toEqual({ ok: true, data: { connectionId } });
    expect((await state.sp!.plaidSandbox.listItems()).length).toBe(items);
    expect(inWords(await actions.disconnect({ bookId: acme, connectionId }))).toEqual({ ok: true, data: { connectionId } });
    expect(inWords(await state.db!.prisma.connection.count({ where: { id: connectionId } }))).toBe(0);
  });

  it("answers malformed input with clear errors", async () => {
    await as("client@example.com");
    expect(inWords(await actions.completeLink({ bookId: acme, country: "US", result: { provider: "PLAID", publicToken: "", institutionId: null } }))).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(inWords(await actions.completeLink({ bookId: acme, country: "BR", result: { provider: "PLUGGY", itemId: "not-a-uuid" } }))).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(inWords(await actions.completeLink({ bookId: acme, country: "US", result: { provider: "PLUGGY", itemId: "0e7c2d3e-2b9a-4a7e-9a6c-1f2d3e4f5a6b" } }))).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(inWords(await actions.disconnect({ bookId: acme, connectionId: "../etc" }))).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(inWords(await actions.completeLink({ bookId: acme, country: "US", result: { provider: "PLAID", publicToken: "public-sandbox-bogus", institutionId: null } }))).toMatchObject({ ok: false, message: expect.stringMatching(/expired or was already used/) });
  });
});
