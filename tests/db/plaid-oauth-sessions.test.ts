import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Products } from "plaid";
import { seedDemoData } from "@/lib/db/seed";
import { consumeLinkSession, findPendingLinkSession, recordLinkSession } from "@/lib/connections/link-sessions";
import { listInstitutions } from "@bank-connections/sandbox/data";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";
import { inWords } from "../helpers/in-words";
import { createTestApp } from "../helpers/app-context";

// Pending Plaid Link sessions (the OAuth return page's memory) and the return page's completion action,
// on a real database, through the real `plaid` client against the sandbox.
const state = Object.assign(createTestApp(), { sp: null as SandboxHarness | null });
const actions = state.bind(await import("@/app/(portal)/books/[bookId]/automations/actions"));
const oauth = state.bind(await import("@/app/(portal)/oauth/plaid/actions"));

describe.each(databaseBackends())("Plaid OAuth pending Link sessions on $name", (backend: Backend) => {
  let acme: string;
  let client: string;
  let stranger: string;
  const bank = listInstitutions("US")[0]!;
  const db = () => state.db!.prisma;

  beforeAll(async () => {
    useEmbeddedSecrets();
    state.db = await backend.open();
    state.sp = state.providers = await startSandboxHarness();
    await seedDemoData(state.db.prisma);
    stranger = (await state.db.prisma.user.create({ data: { email: "stranger@example.com" } })).id;
    client = (await state.db.prisma.user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    acme = (await state.db.prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
  });
  afterAll(async () => {
    await state.sp?.close();
    await state.db?.close();
  });

  it("keeps the link token encrypted, finds only the user's newest unexpired one, and consumes it once", async () => {
    const now = new Date();
    const later = new Date(now.getTime() + 3_600_000);
    const older = await recordLinkSession(db(), { userId: client, bookId: acme, country: "DE", mode: "NEW", linkToken: "link-sandbox-older-token", expiresAt: later, now });
    const id = await recordLinkSession(db(), { userId: client, bookId: acme, country: "GB", mode: "NEW", linkToken: "link-sandbox-secret-token", expiresAt: later.toISOString(), now: new Date(now.getTime() + 1) });
    const row = await db().plaidLinkSession.findUniqueOrThrow({ where: { id } });
    expect(row.linkToken).not.toContain("link-sandbox-secret-token");
    expect(JSON.stringify(await db().plaidLinkSession.findMany())).not.toMatch(/link-sandbox-/);

    expect(await findPendingLinkSession(db(), client, now)).toMatchObject({ id, country: "GB", mode: "NEW", linkToken: "link-sandbox-secret-token", bookId: acme });
    expect(await findPendingLinkSession(db(), stranger, now)).toBeNull();
    // Past the link token's own expiration: nothing pending.
    expect(await findPendingLinkSession(db(), client, new Date(later.getTime() + 1))).toBeNull();
    expect(await consumeLinkSession(db(), { userId: client, bookId: acme }, id, new Date(later.getTime() + 1))).toBeNull();

    // Another user, or another Book, cannot claim it; the owner can, once — even when raced.
    expect(await consumeLinkSession(db(), { userId: stranger, bookId: acme }, id, now)).toBeNull();
    const otherBook = (await db().book.findFirstOrThrow({ where: { name: "Padaria Brasil" } })).id;
    expect(await consumeLinkSession(db(), { userId: client, bookId: otherBook }, id, now)).toBeNull();
    const race = await Promise.all([1, 2, 3].map(() => consumeLinkSession(db(), { userId: client, bookId: acme }, id, now)));
    expect(race.filter((r) => r !== null)).toHaveLength(1);
    expect(await consumeLinkSession(db(), { userId: client, bookId: acme }, id, now)).toBeNull();
    // Finished: the older one is the newest pending now.
    expect((await findPendingLinkSession(db(), client, now))?.id).toBe(older);
    await db().plaidLinkSession.deleteMany();
  });

  it("startLink and startReconnect record the session; the return page's action completes once, like the in-page flow", async () => {
    await state.signIn("client@example.com");
    const start = await actions.startLink({ bookId: acme, country: "US", institutionId: bank.institutionId });
    if (!start.ok || start.data.provider !== "PLAID") throw new Error(JSON.stringify(start));
    const pending = await findPendingLinkSession(db(), client, new Date());
    expect(pending).toMatchObject({ mode: "NEW", country: "US", bookId: acme, linkToken: start.data.linkToken });
    expect(pending!.expiresAt.toISOString()).toBe(new Date(start.data.expiresAt).toISOString());

    const token = await state.sp!.plaidApi.sandboxPublicTokenCreate({ institution_id: bank.institutionId, initial_products: [Products.Transactions] });
    const input = { bookId: acme, sessionId: pending!.id, publicToken: token.data.public_token, institutionId: bank.institutionId };
    // Someone else (even a member of the Book) gets nothing, and the session stays pending for its owner.
    await state.signIn("bookkeeper@example.com");
    expect(inWords(await oauth.completeOAuthLink(input))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    await state.signIn(null);
    expect(inWords(await oauth.completeOAuthLink(input))).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    await state.signIn("client@example.com");
    const before = await db().connection.count();
    const syncs = state.requestSync.mock.calls.length;
    const done = await oauth.completeOAuthLink(input);
    expect(done).toMatchObject({ ok: true, data: { kind: "created" } });
    const connectionId = done.ok ? done.data.connectionId : "";
    expect(await db().connection.count()).toBe(before + 1);
    expect(state.requestSync.mock.calls.slice(syncs)).toEqual([[connectionId, "connect"]]);
    expect(await db().auditEvent.count({ where: { connectionId, action: "connection.connect" } })).toBe(1);
    // A replayed return completes nothing twice.
    expect(inWords(await oauth.completeOAuthLink(input))).toMatchObject({ ok: false, code: "NOT_FOUND", message: expect.stringMatching(/expired, was already finished, or is not yours/) });
    expect(await db().connection.count()).toBe(before + 1);
    expect(await findPendingLinkSession(db(), client, new Date())).toBeNull();

    // Reconnect (update mode): the same connection, connected again, one sync.
    await db().connection.update({ where: { id: connectionId }, data: { status: "LOGIN_REQUIRED" } });
    const again = await actions.startReconnect({ bookId: acme, connectionId });
    expect(again).toMatchObject({ ok: true, data: { provider: "PLAID" } });
    const pendingAgain = await findPendingLinkSession(db(), client, new Date());
    expect(pendingAgain).toMatchObject({ mode: "RECONNECT", connectionId });
    const reconnected = await oauth.completeOAuthLink({ bookId: acme, sessionId: pendingAgain!.id, publicToken: "public-sandbox-unused", institutionId: null });
    expect(reconnected).toEqual({ ok: true, data: { kind: "reconnected", connectionId } });
    expect((await db().connection.findUniqueOrThrow({ where: { id: connectionId } })).status).toBe("CONNECTED");
    expect(await db().connection.count()).toBe(before + 1);
    expect(inWords(await oauth.completeOAuthLink({ bookId: acme, sessionId: pendingAgain!.id, publicToken: "public-sandbox-unused", institutionId: null }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await db().auditEvent.count({ where: { connectionId, action: "connection.reconnect" } })).toBe(1);
  });

  it("Link finished in the page, or left on the return page, leaves nothing pending", async () => {
    await state.signIn("client@example.com");
    const start = await actions.startLink({ bookId: acme, country: "US", institutionId: bank.institutionId });
    expect(start).toMatchObject({ ok: true });
    const pending = await findPendingLinkSession(db(), client, new Date());
    expect(pending).not.toBeNull();
    expect(await oauth.abandonOAuthLink({ bookId: acme, sessionId: pending!.id })).toEqual({ ok: true, data: { sessionId: pending!.id } });
    expect(await findPendingLinkSession(db(), client, new Date())).toBeNull();

    await actions.startLink({ bookId: acme, country: "US", institutionId: bank.institutionId });
    expect(await findPendingLinkSession(db(), client, new Date())).not.toBeNull();
    const token = await state.sp!.plaidApi.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions] });
    const r = await actions.completeLink({ bookId: acme, country: "US", result: { provider: "PLAID", publicToken: token.data.public_token, institutionId: "ins_109508" } });
    expect(r).toMatchObject({ ok: true });
    expect(await findPendingLinkSession(db(), client, new Date())).toBeNull();
  });

  it("refuses malformed input", async () => {
    await state.signIn("client@example.com");
    expect(inWords(await oauth.completeOAuthLink({ bookId: acme, sessionId: "../x", publicToken: "p", institutionId: null }))).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(inWords(await oauth.completeOAuthLink({ bookId: acme, sessionId: "c" + "a".repeat(24), publicToken: "", institutionId: null }))).toMatchObject({ ok: false, code: "INVALID_INPUT" });
  });
});
