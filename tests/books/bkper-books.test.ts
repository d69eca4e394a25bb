import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { acc, double, draft, newBook, setup, uniq, startBkperDouble } from "../helpers/bkper/gateway-fixtures";

/** BkperBookGateway on the Bkper double (tests/helpers/bkper-double.ts): Books, Accounts and listing transactions. */

startBkperDouble();

describe("BkperBookGateway: Books", () => {
  it("lists the Books a user can open, with the Bkper permission mapped to our roles", async () => {
    const user = uniq("roles@example.com");
    for (const [name, p] of [
      ["A owner", "OWNER"],
      ["B editor", "EDITOR"],
      ["C record & view", "POSTER"],
      ["D record only", "RECORDER"],
      ["E view only", "VIEWER"],
      ["F none", "NONE"],
    ] as const) {
      double.addBook({ name, permissions: { [user]: p, "someone@example.com": "OWNER" }, properties: name.startsWith("A") ? { exc_code: "brl" } : {} });
    }
    const { g } = setup(user);
    expect((await g.listBooks()).map((b) => `${b.name}:${b.role}:${b.currency}`)).toEqual([
      "A owner:OWNER:BRL",
      "B editor:EDITOR:",
      "C record & view:POSTER:",
      "D record only:RECORDER:",
      "E view only:VIEWER:",
    ]);
    expect(await setup(uniq("nobody@example.com")).g.listBooks()).toEqual([]);
  });

  it("leaves out Books listed with permission NONE or one we do not know; an unstated one is view-only", async () => {
    const { g } = setup(uniq("odd@example.com"));
    const items = [
      { id: "b1", name: "Public", permission: "NONE" },
      { id: "b2", name: "Future", permission: "SUPERUSER" },
      { id: "b3", name: "Plain" },
    ];
    double.fail({ status: 200, body: JSON.stringify({ items }), path: /^\/v5\/books$/ });
    expect(await g.listBooks()).toEqual([{ id: "b3", name: "Plain", role: "VIEWER", currency: "" }]);
  });

  it("reads a Book's fraction digits, time zone, lock and closing dates; unknown or unshared Books are null", async () => {
    const user = uniq("book@example.com");
    const locked = newBook(user, { fractionDigits: 0, timeZone: "America/Sao_Paulo", lockDate: "2026-01-31", closingDate: "2025-12-31", decimalSeparator: "COMMA", datePattern: "dd/MM/yyyy" });
    const open = newBook(user, { properties: { locale: "en-GB", exc_code: "GBP" } });
    const { g } = setup(user);
    expect(await g.getBook(locked.id)).toEqual({
      id: locked.id,
      name: locked.name,
      currency: "",
      fractionDigits: 0,
      timeZone: "America/Sao_Paulo",
      locale: "pt-BR",
      lockDate: "2026-01-31",
      closingDate: "2025-12-31",
    });
    // Unset dates come back as Bkper's "1900-00-00" sentinel: read as null.
    expect(await g.getBook(open.id)).toMatchObject({ lockDate: null, closingDate: null, locale: "en-GB", currency: "GBP", fractionDigits: 2 });
    expect(await g.getBook("no-such-book")).toBeNull();
    const other = double.addBook({ name: uniq("Private"), permissions: { "owner@example.com": "OWNER" } });
    expect(await g.getBook(other.id)).toBeNull();
  });
});

describe("BkperBookGateway: Accounts and listing", () => {
  it("creates an Account and refuses a name already taken, whatever its case or spacing", async () => {
    const user = uniq("accounts@example.com");
    const book = newBook(user);
    const { g } = setup(user);
    const created = await g.createAccount(book.id, { name: "  Savings   1234 ", type: "ASSET" });
    expect(created).toMatchObject({ name: "Savings 1234", type: "ASSET", archived: false });
    expect(book.accounts.map((a) => a.name)).toContain("Savings 1234");
    const dup = g.createAccount(book.id, { name: "savings 1234", type: "LIABILITY" });
    await expect(dup).rejects.toBeInstanceOf(AppError);
    await expect(dup).rejects.toMatchObject({ code: "CONFLICT", message: 'An Account named "Savings 1234" already exists in this Book.' });
    // Taken between our check and the create: Bkper's refusal is the same CONFLICT.
    double.hooks.beforeAccountCreate = (b) => {
      b.accounts.push({ id: "acc_race", name: "Visa 9999", type: "LIABILITY", archived: false, createdAt: Date.now() });
    };
    await expect(g.createAccount(book.id, { name: "Visa 9999", type: "LIABILITY" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(g.createAccount(book.id, { name: "   ", type: "ASSET" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await g.listAccounts(book.id)).map((a) => `${a.type}:${a.name}`)).toEqual(["ASSET:Checking", "ASSET:Savings 1234", "LIABILITY:Card", "LIABILITY:Visa 9999"]);
    // Some by id: the Book's own only.
    expect((await g.getAccounts(book.id, [created.id, "acc_race", "no-such-account"])).map((a) => a.name).sort()).toEqual(["Savings 1234", "Visa 9999"]);
    expect(await g.getAccounts(book.id, [])).toEqual([]);
  });

  it("lists transactions across pages, drafts first, filtered by Account, trashed only on request", async () => {
    const user = uniq("list@example.com");
    const book = newBook(user);
    const { g } = setup(user, { pageSize: 40 });
    const card = acc(book, "Card");
    const drafts = Array.from({ length: 95 }, (_, i) => draft(book, `l${i}`, { date: `2026-0${1 + (i % 9)}-1${i % 10}` }));
    drafts.push(...Array.from({ length: 5 }, (_, i) => draft(book, `c${i}`, { creditAccountId: null, debitAccountId: card, date: "2026-02-0" + (i + 1) })));
    await g.createTransactions(book.id, drafts);
    double.insertTransaction(book.id, { date: "2026-01-01", remoteIds: ["manual:1"], posted: true, amount: "5", creditAccountId: acc(book, "Checking"), debitAccountId: card });
    const all = await g.listTransactions(book.id, { limit: 1000 });
    expect(all).toHaveLength(101);
    expect(all.at(-1)!.posted).toBe(true);
    expect(all.slice(0, 100).every((t) => !t.posted)).toBe(true);
    const dates = all.slice(0, 100).map((t) => t.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(double.requests.some((r) => r.path.endsWith("/transactions") && r.cursor)).toBe(true);
    const onCard = await g.listTransactions(book.id, { accountId: card });
    expect(onCard).toHaveLength(6);
    expect(onCard.every((t) => t.creditAccountId === card || t.debitAccountId === card)).toBe(true);
    expect(double.requests.some((r) => r.query.query === "account:'Card'")).toBe(true);
    expect(await g.listTransactions(book.id, { accountId: "acc_missing" })).toEqual([]);
    await g.trashTransaction(book.id, onCard[0]!.id);
    expect(await g.listTransactions(book.id, { accountId: card })).toHaveLength(5);
    const withTrash = await g.listTransactions(book.id, { accountId: card, includeTrashed: true });
    expect(withTrash).toHaveLength(6);
    expect(withTrash.filter((t) => t.trashed)).toHaveLength(1);
    expect(await g.listTransactions(book.id, { limit: 10 })).toHaveLength(10);
  });
});
