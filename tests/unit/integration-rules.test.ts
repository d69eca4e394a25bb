import { describe, expect, it } from "vitest";
import { fittingAccountType, openingBalance, periodProblem, periodStartFor, PERIODS, PERIOD_LABEL } from "@/lib/integrations/rules";

describe("integration rules", () => {
  it("maps bank accounts to ASSET and cards and loans to LIABILITY", () => {
    expect(fittingAccountType("depository")).toBe("ASSET");
    expect(fittingAccountType("credit")).toBe("LIABILITY");
    expect(fittingAccountType("loan")).toBe("LIABILITY");
    expect(fittingAccountType("investment")).toBe("ASSET");
  });

  it("counts periods back from today", () => {
    expect(periodStartFor("last30", "2026-11-24")).toBe("2026-10-25");
    expect(periodStartFor("last90", "2026-11-24")).toBe("2026-08-26");
    expect(periodStartFor("thisYear", "2026-11-24")).toBe("2026-01-01");
    expect(periodStartFor("last12m", "2026-11-24")).toBe("2025-11-24");
    expect(periodStartFor("last24m", "2026-11-24")).toBe("2024-11-24");
    expect(PERIODS.map((p) => PERIOD_LABEL[p])).toEqual(["Last 30 days", "Last 90 days", "This year", "Last 12 months", "Last 24 months"]);
  });

  it("refuses future starts, starts beyond the provider's history and non-dates, in words", () => {
    expect(periodProblem("2026-11-24", "2026-11-24", 730)).toBeNull();
    expect(periodProblem("2024-11-24", "2026-11-24", 730)).toBeNull();
    expect(periodProblem("2024-11-23", "2026-11-24", 730)).toBe("The bank provides at most 730 days of history: choose 2024-11-24 or later.");
    expect(periodProblem("2026-11-25", "2026-11-24", 730)).toBe("The start date cannot be in the future.");
    expect(periodProblem("2026-13-01", "2026-11-24", 730)).toBe("Choose a valid start date.");
    expect(periodProblem("yesterday", "2026-11-24", 730)).toBe("Choose a valid start date.");
    expect(periodProblem("2025-11-01", "2026-11-24", 365)).toMatch(/at most 365 days/);
  });
});

describe("opening balance", () => {
  it("makes an ASSET end at the bank's balance", () => {
    // Bank says 1000.00 now; since the start: +300 salary, -120 groceries → it started at 820.00.
    expect(openingBalance("ASSET", 100_000n, [{ direction: "in", amountMinor: 30_000n }, { direction: "out", amountMinor: 12_000n }])).toEqual({ direction: "in", amountMinor: 82_000n });
    // Overdrawn at the start.
    expect(openingBalance("ASSET", 1_000n, [{ direction: "in", amountMinor: 5_000n }])).toEqual({ direction: "out", amountMinor: 4_000n });
    expect(openingBalance("ASSET", 5_000n, [{ direction: "in", amountMinor: 5_000n }])).toBeNull();
  });

  it("makes a card (LIABILITY) end at what is owed", () => {
    // Owes 250 now; since the start: purchases 400 (out), a payment 300 (in) → owed 150 at the start.
    expect(openingBalance("LIABILITY", 25_000n, [{ direction: "out", amountMinor: 40_000n }, { direction: "in", amountMinor: 30_000n }])).toEqual({ direction: "out", amountMinor: 15_000n });
    // In credit at the start.
    expect(openingBalance("LIABILITY", 0n, [{ direction: "out", amountMinor: 1_000n }])).toEqual({ direction: "in", amountMinor: 1_000n });
  });
});
