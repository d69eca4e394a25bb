import { describe, expect, it } from "vitest";
import type { BkperBookGateway } from "@/lib/books/bkper/gateway";
import { AppError } from "@/lib/errors";
import type { StoredBook } from "../helpers/bkper-double";
import { double, newBook as newTwoAccountBook, rejection, setup, uniq, startBkperDouble } from "../helpers/bkper/gateway-fixtures";

startBkperDouble();

const gatewayFor = (user: string): BkperBookGateway => setup(user).g;

function newBook(user: string, extra: Parameters<typeof newTwoAccountBook>[1] = {}): StoredBook {
  return newTwoAccountBook(user, { accounts: [{ name: "Checking", type: "ASSET" }], ...extra });
}

async function draftIn(g: BkperBookGateway, book: StoredBook, rid: string) {
  const [t] = await g.createTransactions(book.id, [
    { date: "2026-03-10", amount: "12.34", description: "Coffee", creditAccountId: book.accounts[0]!.id, debitAccountId: null, remoteIds: [`plaid:${rid}`], properties: { source_: "plaid" } },
  ]);
  return t!;
}

const appError = (p: Promise<unknown>) => rejection(p, AppError);

describe("BkperBookGateway.updateTransaction", () => {
  it("sends the whole transaction back with the new date, amount and description (PUT /transactions)", async () => {
    const user = uniq("upd@example.com");
    const g = gatewayFor(user);
    const book = newBook(user);
    const t = await draftIn(g, book, uniq("u"));
    const before = double.requests.length;

    const updated = await g.updateTransaction(book.id, t.id, { date: "2026-03-12", amount: "-20.005", description: "Coffee and cake" });

    expect(updated).toMatchObject({ id: t.id, date: "2026-03-12", amount: "20.01", description: "Coffee and cake", creditAccountId: book.accounts[0]!.id, debitAccountId: null, posted: false });
    expect(updated.remoteIds).toEqual(t.remoteIds);
    expect(updated.properties).toEqual({ source_: "plaid" });
    const calls = double.requests.slice(before);
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v5/books/${book.id}`, `GET /v5/books/${book.id}/transactions/${t.id}`, `PUT /v5/books/${book.id}/transactions`]);
    const body = calls[2]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ id: t.id, date: "2026-03-12", amount: "20.01", description: "Coffee and cake", remoteIds: t.remoteIds, properties: { source_: "plaid" } });
    expect(body.creditAccount).toMatchObject({ id: book.accounts[0]!.id });
    expect(body).not.toHaveProperty("dateValue");
    expect(body).not.toHaveProperty("dateFormatted");
    // The stored transaction kept what was not patched.
    const stored = double.book(book.id).transactions.find((x) => x.id === t.id)!;
    expect(stored).toMatchObject({ amount: "20.01", remoteIds: t.remoteIds, creditAccountId: book.accounts[0]!.id, updates: 1 });
    // The remote id still finds it, once.
    expect((await g.findByRemoteId(book.id, t.remoteIds[0]!))?.description).toBe("Coffee and cake");
  });

  it("clears the amount for zero, as bkper-js does", async () => {
    const user = uniq("zero@example.com");
    const g = gatewayFor(user);
    const book = newBook(user);
    const t = await draftIn(g, book, uniq("z"));
    const updated = await g.updateTransaction(book.id, t.id, { date: "2026-03-10", amount: "0.00", description: "Nothing" });
    expect(updated.amount).toBe("0.00");
    expect(double.requests.at(-1)!.body).not.toHaveProperty("amount");
  });

  it("refuses checked and trashed transactions and locked dates with CONFLICT, sending no update", async () => {
    const user = uniq("refuse@example.com");
    const g = gatewayFor(user);
    const book = newBook(user, { lockDate: "2026-01-31" });
    const checked = await draftIn(g, book, uniq("c"));
    double.book(book.id).transactions.find((x) => x.id === checked.id)!.checked = true;
    const trashed = await draftIn(g, book, uniq("t"));
    await g.trashTransaction(book.id, trashed.id);
    const open = await draftIn(g, book, uniq("o"));
    const puts = () => double.count("PUT", /\/transactions$/);
    const before = puts();

    expect(await appError(g.updateTransaction(book.id, checked.id, { date: "2026-03-10", amount: "1", description: "x" }))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/checked/) });
    expect(await appError(g.updateTransaction(book.id, trashed.id, { date: "2026-03-10", amount: "1", description: "x" }))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/trash/) });
    expect(await appError(g.updateTransaction(book.id, open.id, { date: "2026-01-15", amount: "1", description: "x" }))).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/lock date \(2026-01-31\)/) });
    expect(puts()).toBe(before);
  });

  it("answers NOT_FOUND for an unknown transaction and INVALID_INPUT for a bad amount or date", async () => {
    const user = uniq("bad@example.com");
    const g = gatewayFor(user);
    const book = newBook(user);
    const t = await draftIn(g, book, uniq("b"));
    expect(await appError(g.updateTransaction(book.id, "tx_nope", { date: "2026-03-10", amount: "1", description: "x" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await appError(g.updateTransaction(book.id, t.id, { date: "2026-03-10", amount: "12,50", description: "x" }))).toMatchObject({ code: "INVALID_INPUT" });
    expect(await appError(g.updateTransaction(book.id, t.id, { date: "2026-02-30", amount: "1", description: "x" }))).toMatchObject({ code: "INVALID_INPUT" });
  });

  it("maps a permission refusal to a clear message", async () => {
    const owner = uniq("owner@example.com");
    const viewer = uniq("viewer@example.com");
    const book = newBook(owner);
    double.book(book.id).permissions.set(viewer, "VIEWER");
    const t = await draftIn(gatewayFor(owner), book, uniq("p"));
    expect(await appError(gatewayFor(viewer).updateTransaction(book.id, t.id, { date: "2026-03-10", amount: "1", description: "x" }))).toMatchObject({ code: "FORBIDDEN" });
  });
});
