import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/db/seed";
import { createTestApp } from "../helpers/app-context";
import { databaseBackends, type Backend } from "../helpers/databases";
import { inWords } from "../helpers/in-words";

// The Sync now server action as Next.js runs it, in a test's application context (session, database, a recording requestSync).
const state = createTestApp();
const { syncNowAction } = state.bind(await import("@/app/(portal)/books/[bookId]/automations/sync-actions"));

describe.each(databaseBackends())("Sync now on $name", (backend: Backend) => {
  const ids = { acme: "", practice: "", client: "", connection: "" };
  const as = state.signIn;
  const setStatus = (status: "CONNECTED" | "LOGIN_REQUIRED" | "DISCONNECTED" | "ERROR") => state.db!.prisma.connection.update({ where: { id: ids.connection }, data: { status } });

  beforeAll(async () => {
    state.db = await backend.open();
    const p = state.db.prisma;
    await seedDemoData(p);
    await p.user.create({ data: { email: "stranger@example.com" } });
    ids.acme = (await p.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    ids.practice = (await p.book.findFirstOrThrow({ where: { name: "Bookkeeping Practice" } })).id;
    ids.client = (await p.user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    ids.connection = (
      await p.connection.create({
        data: { ownerId: ids.client, provider: "PLAID", itemRef: "ref-sync-now", institutionId: "ins_1", institutionName: "Prairie Lantern Bank", country: "US", shares: { create: { bookId: ids.acme, sharedById: ids.client } } },
      })
    ).id;
  });
  beforeEach(async () => {
    state.requestSync.mockClear();
    await setStatus("CONNECTED");
  });
  afterAll(async () => {
    await state.db?.close();
  });

  it("queues a manual sync for the connection's owner", async () => {
    await as("client@example.com");
    expect(inWords(await syncNowAction({ bookId: ids.acme, connectionId: ids.connection }))).toEqual({ ok: true, data: { connectionId: ids.connection, message: "Sync queued" } });
    expect(state.requestSync).toHaveBeenCalledExactlyOnceWith(ids.connection, "manual");
  });

  it("queues it for an Editor of a Book the connection is shared with, and after an error", async () => {
    await as("bookkeeper@example.com");
    await setStatus("ERROR");
    expect(inWords(await syncNowAction({ bookId: ids.acme, connectionId: ids.connection }))).toMatchObject({ ok: true, data: { message: "Sync queued" } });
    expect(state.requestSync).toHaveBeenCalledExactlyOnceWith(ids.connection, "manual");
  });

  it("refuses the viewer, a stranger, the signed-out, and an Editor of a Book it is not shared with", async () => {
    await as("viewer@example.com");
    expect(inWords(await syncNowAction({ bookId: ids.acme, connectionId: ids.connection }))).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringContaining("Editor") });
    await as("stranger@example.com");
    expect(inWords(await syncNowAction({ bookId: ids.acme, connectionId: ids.connection }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    await as(null);
    expect(inWords(await syncNowAction({ bookId: ids.acme, connectionId: ids.connection }))).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    await as("bookkeeper@example.com");
    expect(inWords(await syncNowAction({ bookId: ids.practice, connectionId: ids.connection }))).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
      message: "This connection does not exist or is not shared with this Book.",
    });
    expect(inWords(await syncNowAction({ bookId: ids.acme, connectionId: "c" + "b".repeat(24) }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(inWords(await syncNowAction({ bookId: ids.acme, connectionId: "../etc" }))).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(state.requestSync).not.toHaveBeenCalled();
  });

  it("asks for Reconnect first when the bank wants a new login, and refuses a disconnected connection", async () => {
    await setStatus("LOGIN_REQUIRED");
    await as("client@example.com");
    expect(inWords(await syncNowAction({ bookId: ids.acme, connectionId: ids.connection }))).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/press Reconnect first/) });
    await as("bookkeeper@example.com");
    expect(inWords(await syncNowAction({ bookId: ids.acme, connectionId: ids.connection }))).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/Clara Client must press Reconnect first/) });
    await setStatus("DISCONNECTED");
    expect(inWords(await syncNowAction({ bookId: ids.acme, connectionId: ids.connection }))).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/connect the bank again from Banks/) });
    expect(state.requestSync).not.toHaveBeenCalled();
  });
});
