import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { databaseBackends, type Backend } from "../helpers/databases";

describe.each(databaseBackends())("LocalBookGateway.updateTransaction on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let g: LocalBookGateway;
  let bookId = "";
  let cashId = "";
  let n = 0;

  beforeAll(async () => {
    db = await backend.open();
    const user = await db.prisma.user.create({ data: { email: "updater@example.com" } });
    const book = await db.prisma.book.create({ data: { name: "Updates", fractionDigits: 2, lockDate: new Date("2026-01-31T00:00:00Z"), members: { create: { userId: user.id, role: "OWNER" } } } });
    bookId = book.id;
    g = new LocalBookGateway(db.prisma, user.id);
    cashId = (await g.createAccount(bookId, { name: "Cash", type: "ASSET" })).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  const draft = async () =>
    (await g.createTransactions(bookId, [{ date: "2026-03-10", amount: "12.34", description: "Coffee", creditAccountId: cashId, debitAccountId: null, remoteIds: [`t:${++n}`], properties: { k: "v" } }]))[0]!;

  it("changes date, amount (absolute, rounded) and description; keeps Accounts, remote ids and properties", async () => {
    const t = await draft();
    const u = await g.updateTransaction(bookId, t.id, { date: "2026-03-12", amount: "-20.005", description: "Coffee and cake" });
    expect(u).toMatchObject({ id: t.id, date: "2026-03-12", amount: "20.01", description: "Coffee and cake", creditAccountId: cashId, debitAccountId: null, remoteIds: t.remoteIds, properties: { k: "v" } });
    expect(await g.findByRemoteId(bookId, t.remoteIds[0]!)).toEqual(u);
  });

  it("refuses checked, trashed, locked and unknown transactions, and bad input", async () => {
    const checked = await draft();
    await db.prisma.ledgerTransaction.update({ where: { id: checked.id }, data: { checked: true } });
    const trashed = await draft();
    await g.trashTransaction(bookId, trashed.id);
    const open = await draft();
    const patch = { date: "2026-03-10", amount: "1", description: "x" };
    await expect(g.updateTransaction(bookId, checked.id, patch)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/checked/) });
    await expect(g.updateTransaction(bookId, trashed.id, patch)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/trash/) });
    await expect(g.updateTransaction(bookId, open.id, { ...patch, date: "2026-01-02" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/lock date/) });
    await expect(g.updateTransaction(bookId, "c".repeat(25), patch)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(g.updateTransaction(bookId, open.id, { ...patch, amount: "abc" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(g.updateTransaction(bookId, open.id, { ...patch, date: "2026-13-01" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await g.findByRemoteId(bookId, checked.remoteIds[0]!))?.description).toBe("Coffee");
  });
});
