/**
 * The Book page's workbench actions as Next.js runs them (a test's application context: session,
 * database): complete a draft by choosing the other Account and post it, check, uncheck, trash,
 * restore — each leaving one audit record in words — and each demo role allowed only its part.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeAudit } from "@/lib/audit/describe";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { seedDemoData } from "@/lib/db/seed";
import { createTestApp } from "../helpers/app-context";
import { databaseBackends, type Backend } from "../helpers/databases";

const state = createTestApp();
const actions = state.bind(await import("@/app/(portal)/books/[bookId]/actions"));

describe.each(databaseBackends())("workbench actions on $name", (backend: Backend) => {
  const ids = { acme: "", client: "", cash: "", rent: "", sales: "" };
  const db = () => state.db!.prisma;
  let n = 0;
  const draft = async (over: { in?: boolean; description?: string } = {}) => {
    const g = new LocalBookGateway(db(), ids.client);
    const [t] = await g.createTransactions(ids.acme, [
      { date: "2026-11-20", amount: "42.00", description: over.description ?? `Bank line ${++n}`, creditAccountId: over.in ? null : ids.cash, debitAccountId: over.in ? ids.cash : null, remoteIds: [`plaid:act-${++n}`] },
    ]);
    return t!;
  };
  const read = async (id: string) => db().ledgerTransaction.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    state.db = await backend.open();
    await seedDemoData(db());
    ids.acme = (await db().book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    ids.client = (await db().user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    const acc = async (name: string) => (await db().ledgerAccount.findFirstOrThrow({ where: { bookId: ids.acme, name } })).id;
    ids.cash = await acc("Cash");
    ids.rent = await acc("Rent");
    ids.sales = await acc("Sales");
  });
  afterAll(async () => {
    await state.db?.close();
  });

  it("the bookkeeper completes a draft (the other Account) and posts it, checks, unchecks, trashes and restores — each audited", async () => {
    await state.signIn("bookkeeper@example.com");
    const d = await draft({ description: "PAYMENT TO LANDLORD" });
    const r = await actions.editTransaction({ bookId: ids.acme, transactionId: d.id, date: "2026-11-21", amount: "42,50", description: "November rent", debitAccountId: ids.rent, creditAccountId: ids.cash, post: "1" });
    expect(r).toMatchObject({ ok: true, data: { posted: true, debitAccountId: ids.rent, creditAccountId: ids.cash } });
    expect(await read(d.id)).toMatchObject({ posted: true, description: "November rent", debitAccountId: ids.rent });
    expect((await read(d.id)).amount.toFixed(2)).toBe("42.50");
    for (const step of ["checkTransaction", "uncheckTransaction", "trashTransaction", "restoreTransaction"] as const) {
      expect(await actions[step]({ bookId: ids.acme, transactionId: d.id }), step).toEqual({ ok: true, data: { done: true } });
    }
    expect(await read(d.id)).toMatchObject({ posted: true, checked: false, trashed: false });
    const events = await db().auditEvent.findMany({ where: { bookId: ids.acme, action: { startsWith: "transaction." } }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["transaction.edit", "transaction.post", "transaction.check", "transaction.uncheck", "transaction.trash", "transaction.restore"]);
    const keeper = await db().user.findUniqueOrThrow({ where: { email: "bookkeeper@example.com" } });
    expect(events.every((e) => e.actorId === keeper.id)).toBe(true);
    expect(describeAudit("transaction.edit", events[0]!.details as Record<string, unknown>)).toBe("Edited the transaction November rent (21 Nov 2026, 42.50): From Cash To Rent.");
    expect(describeAudit("transaction.post", events[1]!.details as Record<string, unknown>)).toBe("Posted 1 transaction: November rent.");
  });

  it("refuses bad input with field messages and changes nothing", async () => {
    await state.signIn("bookkeeper@example.com");
    const d = await draft();
    const bad = await actions.editTransaction({ bookId: ids.acme, transactionId: d.id, date: "21/11/2026", amount: "a lot", description: "x", creditAccountId: ids.cash, debitAccountId: ids.rent });
    expect(bad).toMatchObject({ ok: false, code: "INVALID_INPUT", fields: { date: { key: "server.chooseDate" }, amount: { key: "server.enterAmount" } } });
    const same = await actions.editTransaction({ bookId: ids.acme, transactionId: d.id, date: "2026-11-20", amount: "1", description: "x", creditAccountId: ids.cash, debitAccountId: ids.cash });
    expect(same).toMatchObject({ ok: false, code: "INVALID_INPUT", message: { key: "bookErrors.sameAccount" } });
    const incomplete = await actions.postTransaction({ bookId: ids.acme, transactionId: d.id });
    expect(incomplete).toMatchObject({ ok: false, code: "CONFLICT", message: { key: "bookErrors.needsBothAccounts" } });
    expect(await read(d.id)).toMatchObject({ posted: false, description: d.description, debitAccountId: null });
    expect(await db().auditEvent.count({ where: { details: { path: ["transactionId"], equals: d.id } } })).toBe(0);
  });

  it("POSTER completes and posts but cannot check or trash; RECORDER and VIEWER change nothing", async () => {
    const d = await draft({ in: true });
    const edit = { bookId: ids.acme, transactionId: d.id, date: d.date, amount: d.amount, description: "Invoice 17 paid", creditAccountId: ids.sales, debitAccountId: ids.cash };
    for (const who of ["recorder@example.com", "viewer@example.com"]) {
      await state.signIn(who);
      expect(await actions.editTransaction(edit), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(await actions.postTransaction({ bookId: ids.acme, transactionId: d.id }), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(await actions.trashTransaction({ bookId: ids.acme, transactionId: d.id }), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    await state.signIn("poster@example.com");
    expect(await actions.editTransaction(edit)).toMatchObject({ ok: true });
    expect(await actions.postTransaction({ bookId: ids.acme, transactionId: d.id })).toEqual({ ok: true, data: { done: true } });
    expect(await actions.checkTransaction({ bookId: ids.acme, transactionId: d.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await actions.trashTransaction({ bookId: ids.acme, transactionId: d.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    // A posted transaction is the Editor's to change.
    expect(await actions.editTransaction({ ...edit, description: "changed" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await read(d.id)).toMatchObject({ posted: true, checked: false, trashed: false, description: "Invoice 17 paid", creditAccountId: ids.sales });
  });
});
