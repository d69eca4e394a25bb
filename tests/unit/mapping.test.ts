import { describe, expect, it } from "vitest";
import { roundAbs } from "@/lib/sync/amounts";
import { bookDate, cleanDescription, toBookDraft, type BankTransactionForBook } from "@/lib/sync/mapping";

const book = { fractionDigits: 2, timeZone: "America/New_York", lockDate: null, closingDate: null };
const integration = { provider: "PLAID" as const, bookAccountId: "acct_checking", periodStart: "2026-08-01" };
const tx = (over: Partial<BankTransactionForBook> = {}): BankTransactionForBook => ({
  providerTransactionId: "tx1",
  date: "2026-10-05",
  amount: "42.10",
  direction: "out",
  description: "  Corner   Grocery  ",
  pending: false,
  ...over,
});

describe("amounts", () => {
  it("rounds the absolute value half away from zero, exactly", () => {
    expect(roundAbs("12.345", 2)).toBe("12.35");
    expect(roundAbs("-12.344", 2)).toBe("12.34");
    expect(roundAbs("0.005", 2)).toBe("0.01");
    expect(roundAbs("1999.5", 0)).toBe("2000");
    expect(roundAbs(-89.4, 2)).toBe("89.40");
    expect(roundAbs(0.1 + 0.2, 2)).toBe("0.30");
    expect(roundAbs("7", 3)).toBe("7.000");
    expect(roundAbs(".5", 2)).toBe("0.50");
    expect(() => roundAbs("1e3", 2)).toThrow();
    expect(() => roundAbs("", 2)).toThrow();
    expect(() => roundAbs(Number.NaN, 2)).toThrow();
  });
});

describe("a bank transaction as a Book draft", () => {
  it("puts money out on the credit side and money in on the debit side, the other side empty", () => {
    expect(toBookDraft(tx(), integration, book)).toEqual({
      kind: "post",
      draft: {
        date: "2026-10-05",
        amount: "42.10",
        description: "Corner Grocery",
        creditAccountId: "acct_checking",
        debitAccountId: null,
        remoteIds: ["plaid:tx1"],
        properties: { bank_transaction_id: "tx1", provider: "plaid" },
      },
    });
    const salary = toBookDraft(tx({ direction: "in", amount: "-3000" }), integration, book);
    expect(salary).toMatchObject({ kind: "post", draft: { creditAccountId: null, debitAccountId: "acct_checking", amount: "3000.00" } });
  });

  it("skips pending ones by default, and carries the pending id on the posted one", () => {
    expect(toBookDraft(tx({ pending: true }), integration, book)).toEqual({ kind: "skip", reason: "pending" });
    expect(toBookDraft(tx({ pending: true }), { ...integration, postPending: true }, book).kind).toBe("post");
    const posted = toBookDraft(tx({ providerTransactionId: "posted1", pendingTransactionId: "pend1" }), { ...integration, provider: "PLAID" }, book);
    expect(posted.kind === "post" && posted.draft.remoteIds).toEqual(["plaid:posted1", "plaid:pend1"]);
  });

  it("posts nothing before the period start or on/before the Book's lock or closing date", () => {
    expect(toBookDraft(tx({ date: "2026-07-31" }), integration, book)).toEqual({ kind: "skip", reason: "before-period" });
    expect(toBookDraft(tx({ date: "2026-08-01" }), integration, book).kind).toBe("post");
    expect(toBookDraft(tx({ date: "2026-09-30" }), integration, { ...book, lockDate: "2026-09-30" })).toEqual({ kind: "skip", reason: "locked" });
    expect(toBookDraft(tx({ date: "2026-10-01" }), integration, { ...book, lockDate: "2026-09-30", closingDate: "2026-10-01" })).toEqual({ kind: "skip", reason: "locked" });
    expect(toBookDraft(tx({ amount: "0.004" }), integration, book)).toEqual({ kind: "skip", reason: "zero-amount" });
  });

  it("dates a timestamp in the Book's time zone and rounds to its decimals", () => {
    expect(bookDate("2026-10-05T02:30:00.000Z", "America/New_York")).toBe("2026-10-04");
    expect(bookDate("2026-10-05T02:30:00.000Z", "Asia/Tokyo")).toBe("2026-10-05");
    expect(() => bookDate("yesterday", "UTC")).toThrow();
    const jpy = toBookDraft(tx({ amount: "1234.5", date: "2026-10-05T15:00:00.000Z" }), { ...integration, provider: "PLUGGY" }, { ...book, fractionDigits: 0, timeZone: "America/Sao_Paulo" });
    expect(jpy).toMatchObject({ kind: "post", draft: { amount: "1235", date: "2026-10-05", remoteIds: ["pluggy:tx1"] } });
  });

  it("keeps descriptions to one tidy line", () => {
    expect(cleanDescription("a\n\tb  c")).toBe("a b c");
    expect(cleanDescription("x".repeat(600))).toHaveLength(500);
  });

  it("writes the clean properties: provider, ids, merchant, category, counterpart and document, institution and account", () => {
    const m = toBookDraft(
      tx({ pendingTransactionId: "pend1", details: { merchant: " Blue  Bottle ", category: "FOOD_AND_DRINK_COFFEE", counterpart: "Venmo", counterpartDocument: "12.345.678/0001-90" } }),
      { ...integration, institution: "Wells Fargo", institutionAccount: { name: "Plaid Checking", mask: "0000" } },
      book,
    );
    expect(m.kind === "post" && m.draft.properties).toEqual({
      bank_transaction_id: "tx1",
      provider: "plaid",
      pending_id: "pend1",
      merchant: "Blue Bottle",
      category: "FOOD_AND_DRINK_COFFEE",
      counterpart: "Venmo",
      counterpart_document: "12.345.678/0001-90",
      institution: "Wells Fargo",
      institution_account: "Plaid Checking ••0000",
    });
    // What the bank does not say is left out, never written empty.
    const bare = toBookDraft(tx({ details: { merchant: "  " } }), { ...integration, institutionAccount: { name: "Savings", mask: null } }, book);
    expect(bare.kind === "post" && bare.draft.properties).toEqual({ bank_transaction_id: "tx1", provider: "plaid", institution_account: "Savings" });
  });
});
