import { describe, expect, it } from "vitest";
import { computeBalances, fromMinor, toMinor } from "@/lib/books/balances";

describe("balances", () => {
  it("converts decimal strings exactly", () => {
    expect(toMinor("12.3", 2)).toBe(1230n);
    expect(toMinor("-0.05", 2)).toBe(-5n);
    expect(toMinor("7", 0)).toBe(7n);
    expect(fromMinor(-5n, 2)).toBe("-0.05");
    expect(fromMinor(123456n, 2)).toBe("1234.56");
    expect(fromMinor(7n, 0)).toBe("7");
    expect(() => toMinor("1.005", 2)).toThrow(/more than 2 decimal places/);
    expect(() => toMinor("abc", 2)).toThrow();
  });

  it("moves amounts from the credit Account to the debit Account, posted only", () => {
    const accounts = [
      { id: "cash", type: "ASSET" as const },
      { id: "card", type: "LIABILITY" as const },
      { id: "sales", type: "INCOMING" as const },
      { id: "rent", type: "OUTGOING" as const },
    ];
    const t = (amount: string, from: string | null, to: string | null, posted = true, trashed = false) => ({
      amount,
      creditAccountId: from,
      debitAccountId: to,
      posted,
      trashed,
    });
    const b = computeBalances(
      accounts,
      [t("1000.00", "sales", "cash"), t("300.10", "cash", "rent"), t("50.00", "card", "rent"), t("99.00", "cash", null, false), t("5.00", "cash", "rent", true, true)],
      2,
    );
    expect(Object.fromEntries(b)).toEqual({ cash: "699.90", card: "50.00", sales: "1000.00", rent: "350.10" });
  });
});
