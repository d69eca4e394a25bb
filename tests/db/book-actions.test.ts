import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/db/seed";
import { createTestApp } from "../helpers/app-context";
import { databaseBackends, type Backend } from "../helpers/databases";
import { inWords } from "../helpers/in-words";

// Server actions run here as Next.js would run them, in a test's application context (session and database).
const state = createTestApp();
const { createAccount } = state.bind(await import("@/app/(portal)/books/[bookId]/actions"));

describe.each(databaseBackends())("Book server actions on $name", (backend: Backend) => {
  let acme: string;
  const as = state.signIn;

  beforeAll(async () => {
    state.db = await backend.open();
    await seedDemoData(state.db.prisma);
    await state.db.prisma.user.create({ data: { email: "stranger@example.com" } });
    acme = (await state.db.prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
  });
  afterAll(async () => {
    await state.db?.close();
  });

  it("lets an EDITOR create an Account and records it in the audit trail", async () => {
    await as("bookkeeper@example.com");
    const r = await createAccount({ bookId: acme, name: "Checking 0000", type: "ASSET" });
    expect(r).toMatchObject({ ok: true, data: { name: "Checking 0000", type: "ASSET" } });
    const audit = await state.db!.prisma.auditEvent.findFirstOrThrow({ where: { bookId: acme, action: "account.create" } });
    expect(audit.actorId).toBe(state.user!.id);
  });

  it("refuses a VIEWER, a stranger and a signed-out caller, and creates nothing", async () => {
    const before = await state.db!.prisma.ledgerAccount.count();
    await as("viewer@example.com");
    expect(inWords(await createAccount({ bookId: acme, name: "Sneaky", type: "ASSET" }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await as("stranger@example.com");
    expect(inWords(await createAccount({ bookId: acme, name: "Sneaky", type: "ASSET" }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    await as(null);
    expect(inWords(await createAccount({ bookId: acme, name: "Sneaky", type: "ASSET" }))).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(inWords(await state.db!.prisma.ledgerAccount.count())).toBe(before);
  });

  it("answers bad input with field messages, not exceptions", async () => {
    await as("client@example.com");
    expect(inWords(await createAccount({ bookId: acme, name: "", type: "ASSET" }))).toMatchObject({ ok: false, code: "INVALID_INPUT", fields: { name: "Enter a name." } });
    expect(inWords(await createAccount({ bookId: acme, name: "X", type: "EQUITY" }))).toMatchObject({ ok: false, code: "INVALID_INPUT", fields: { type: "Choose a type." } });
    expect(inWords(await createAccount({ bookId: "../../etc", name: "X", type: "ASSET" }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(inWords(await createAccount("garbage"))).toMatchObject({ ok: false });
    expect(inWords(await createAccount({ bookId: acme, name: "CASH", type: "ASSET" }))).toMatchObject({ ok: false, code: "CONFLICT" });
    const form = new FormData();
    form.set("bookId", acme);
    form.set("name", "From a form");
    form.set("type", "OUTGOING");
    expect(inWords(await createAccount(form))).toMatchObject({ ok: true, data: { name: "From a form" } });
  });
});
