import { describe, expect, it } from "vitest";
import {
  draftsFirstNewest,
  nameKey,
  negate,
  remoteIdQuery,
  roleOf,
  signedBalances,
  sortAccounts,
  toAccount,
  toBkperDraft,
  toBookInfo,
  toTransaction,
  toUpdateBody,
} from "@/lib/books/bkper/transform";
import { accountSchema, balancesSchema, bookSchema, transactionSchema } from "@/lib/books/bkper/schemas";
import type { BookAccount, BookTransaction } from "@/lib/books/types";

/** The pure conversions behind BkperBookGateway (lib/books/bkper/transform.ts), without a Bkper double: wire JSON read by the client's schemas, then converted. */

const book = (json: unknown) => toBookInfo(bookSchema.parse(json));
const account = (json: unknown) => toAccount(accountSchema.parse(json));
const transaction = (json: unknown, fractionDigits: number) => toTransaction(transactionSchema.parse(json), fractionDigits);
const balances = (json: unknown, accounts: BookAccount[], fractionDigits: number) => signedBalances(balancesSchema.parse(json), accounts, fractionDigits);

describe("Bkper transform: Books and Accounts", () => {
  it("maps Bkper permissions to roles: an unstated one is view-only, NONE and unknown ones are no access", () => {
    for (const r of ["OWNER", "EDITOR", "POSTER", "RECORDER", "VIEWER"] as const) expect(roleOf(r)).toBe(r);
    expect(roleOf(undefined)).toBe("VIEWER");
    expect(roleOf("NONE")).toBeNull();
    expect(roleOf("ADMIN")).toBeNull();
  });

  it("reads a Book's settings, with defaults, the exc_code currency and the 1900-00-00 'no date' sentinel", () => {
    expect(book({ id: "b1" })).toEqual({ id: "b1", name: "", currency: "", fractionDigits: 2, timeZone: "UTC", locale: "en-US", lockDate: null, closingDate: null });
    expect(
      book({ id: "b2", name: "Shop", fractionDigits: 0, timeZone: "America/Sao_Paulo", lockDate: "2026-01-31", closingDate: "1900-00-00", properties: { exc_code: " brl " }, decimalSeparator: "COMMA", datePattern: "dd/MM/yyyy" }),
    ).toEqual({ id: "b2", name: "Shop", currency: "BRL", fractionDigits: 0, timeZone: "America/Sao_Paulo", locale: "pt-BR", lockDate: "2026-01-31", closingDate: null });
    expect(book({ id: "b3", properties: { currency: "usd" } }).currency).toBe("USD");
    expect(book({ id: "b4", properties: { exc_code: "dollars" } }).currency).toBe("");
  });

  it("takes the locale from a locale property, else from the number and date format", () => {
    const locale = (json: unknown) => book(json).locale;
    expect(locale({ id: "b", properties: { locale: "de-de" } })).toBe("de-DE");
    expect(locale({ id: "b", properties: { locale: "not a locale!" }, datePattern: "dd/MM/yyyy" })).toBe("en-GB");
    expect(locale({ id: "b", decimalSeparator: "COMMA", datePattern: "MM/dd/yyyy" })).toBe("es-US");
    expect(locale({ id: "b", decimalSeparator: "COMMA", datePattern: "dd/MM/yyyy" })).toBe("pt-BR");
    expect(locale({ id: "b", datePattern: "yyyy-MM-dd" })).toBe("en-CA");
    expect(locale({ id: "b", datePattern: "MM/dd/yyyy" })).toBe("en-US");
  });

  it("reads an Account, an absent or unknown type as ASSET, and orders Accounts by type then name", () => {
    expect(account({ id: "a1", name: "Card", type: "LIABILITY", archived: true })).toEqual({ id: "a1", name: "Card", type: "LIABILITY", archived: true });
    expect(account({ id: "a2", name: "Cash" })).toEqual({ id: "a2", name: "Cash", type: "ASSET", archived: false });
    expect(account({ id: "a3", name: "X", type: "WEIRD" }).type).toBe("ASSET");
    const accounts: BookAccount[] = [
      { id: "1", name: "Salary", type: "INCOMING", archived: false },
      { id: "2", name: "Savings", type: "ASSET", archived: false },
      { id: "3", name: "Card", type: "LIABILITY", archived: false },
      { id: "4", name: "Checking", type: "ASSET", archived: false },
      { id: "5", name: "Food", type: "OUTGOING", archived: false },
    ];
    expect(sortAccounts(accounts).map((a) => a.name)).toEqual(["Checking", "Savings", "Card", "Salary", "Food"]);
    expect(accounts[0]!.name).toBe("Salary"); // the input is left as it was
  });

  it("compares Account names in any case or spacing", () => {
    expect(nameKey("  Credit   Card ")).toBe(nameKey("credit card"));
    expect(nameKey("Card")).not.toBe(nameKey("Cards"));
  });
});

describe("Bkper transform: transactions", () => {
  it("reads a transaction: rounded amount, date from date or dateValue, sorted remote ids, defaults", () => {
    expect(
      transaction(
        { id: "t1", date: "2026-03-10", amount: "12.345", description: "Coffee", creditAccount: { id: "a1" }, debitAccount: { id: "a2" }, posted: true, remoteIds: ["plaid:b", "plaid:a"], properties: { k: "v" } },
        2,
      ),
    ).toEqual({ id: "t1", date: "2026-03-10", amount: "12.35", description: "Coffee", creditAccountId: "a1", debitAccountId: "a2", posted: true, checked: false, trashed: false, remoteIds: ["plaid:a", "plaid:b"], properties: { k: "v" } });
    const bare = transaction({ id: "t2", dateValue: 20260311 }, 0);
    expect(bare).toMatchObject({ date: "2026-03-11", amount: "0", description: "", creditAccountId: null, debitAccountId: null, remoteIds: [], properties: {} });
    expect(transaction({ id: "t3", amount: "1,5" }, 2)).toMatchObject({ date: "", amount: "1,5" }); // not a decimal: kept as sent
  });

  it("writes a draft with the absolute amount rounded to the Book, and leaves out a zero amount and empty parts", () => {
    const base = { date: "2026-03-10", description: "Refund", creditAccountId: null, debitAccountId: null, remoteIds: ["plaid:r1"] };
    expect(toBkperDraft({ ...base, amount: "-20.005", creditAccountId: "a1", debitAccountId: "a2", properties: { source_: "plaid" } }, 2)).toEqual({
      date: "2026-03-10",
      description: "Refund",
      remoteIds: ["plaid:r1"],
      draft: true,
      amount: "20.01",
      creditAccount: { id: "a1" },
      debitAccount: { id: "a2" },
      properties: { source_: "plaid" },
    });
    expect(toBkperDraft({ ...base, amount: "0.00", properties: {} }, 2)).toEqual({ date: "2026-03-10", description: "Refund", remoteIds: ["plaid:r1"], draft: true });
  });

  it("writes remote-id queries: OR between ids, trashed ones in parentheses", () => {
    expect(remoteIdQuery(["a"], false)).toBe("remoteId:'a'");
    expect(remoteIdQuery(["a", "b"], false)).toBe("remoteId:'a' OR remoteId:'b'");
    expect(remoteIdQuery(["a"], true)).toBe("is:trashed remoteId:'a'");
    expect(remoteIdQuery(["a", "b"], true)).toBe("is:trashed (remoteId:'a' OR remoteId:'b')");
  });

  it("builds the update body from the transaction as read, without the derived date fields or a zero amount", () => {
    const raw = { id: "t1", date: "2026-03-10", dateValue: 20260310, dateFormatted: "03/10/2026", amount: "5.00", remoteIds: ["plaid:x"], files: [{ id: "f" }] };
    expect(toUpdateBody(raw, "t1", { date: "2026-03-12", amount: "7.50", description: "New" })).toEqual({ id: "t1", date: "2026-03-12", description: "New", amount: "7.50", remoteIds: ["plaid:x"], files: [{ id: "f" }] });
    expect(toUpdateBody(raw, "t1", { date: "2026-03-12", amount: "0", description: "New" })).not.toHaveProperty("amount");
  });

  it("lists drafts first, then the newest, keeping the given order among equals", () => {
    const t = (id: string, date: string, posted: boolean): BookTransaction => ({ id, date, posted, amount: "1", description: "", creditAccountId: null, debitAccountId: null, checked: false, trashed: false, remoteIds: [], properties: {} });
    const rows = [t("p1", "2026-03-12", true), t("d1", "2026-03-01", false), t("p2", "2026-03-12", true), t("d2", "2026-03-05", false), t("p3", "2026-03-20", true)];
    expect(draftsFirstNewest(rows).map((r) => r.id)).toEqual(["d2", "d1", "p3", "p1", "p2"]);
  });
});

describe("Bkper transform: balances", () => {
  const accounts: BookAccount[] = [
    { id: "chk", name: "Checking", type: "ASSET", archived: false },
    { id: "card", name: "Credit Card", type: "LIABILITY", archived: false },
    { id: "food", name: "Food", type: "OUTGOING", archived: false },
    { id: "new", name: "New", type: "INCOMING", archived: false },
  ];

  it("gives our signs to Bkper's raw balances, matched by name; an Account not in the report is 0", () => {
    const report = {
      accountBalances: [
        { name: "checking", cumulativeBalance: "-150.5", credit: false },
        { name: "Credit  Card", cumulativeBalance: "80.123", credit: true },
        { name: "Food", cumulativeBalance: "-0.00" },
      ],
    };
    expect(Object.fromEntries(balances(report, accounts, 2)!)).toEqual({ chk: "150.50", card: "80.12", food: "0.00", new: "0.00" });
  });

  it("is null when the report is only a file URL, has no per-Account balances, or holds a non-decimal", () => {
    expect(balances({ balancesUrl: "https://storage.example.com/r.json" }, accounts, 2)).toBeNull();
    expect(balances({}, accounts, 2)).toBeNull();
    expect(balances({ accountBalances: [{ name: "Checking", cumulativeBalance: "n/a" }] }, accounts, 2)).toBeNull();
  });

  it("negates decimal strings without making a negative zero", () => {
    expect(negate("12.50")).toBe("-12.50");
    expect(negate("-12.50")).toBe("12.50");
    expect(negate("0.00")).toBe("0.00");
    expect(negate("-0.00")).toBe("0.00");
  });
});
