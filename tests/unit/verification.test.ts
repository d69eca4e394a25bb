import { describe, expect, it } from "vitest";
import { inEnglish } from "@/lib/i18n/stored";
import { verifyBalances, type VerificationInput } from "@/lib/integrations/verification/compare";
import { bankDailyBalances, endOfDayFromRunning, type BankMovement, type BookMovement } from "@/lib/integrations/verification/daily";

const bankTx = (id: string, date: string, signed: number, more: Partial<BankMovement> = {}): BankMovement => ({
  remoteId: `plaid:${id}`,
  date,
  signedMinor: BigInt(signed),
  description: `Bank ${id}`,
  pending: false,
  removed: false,
  runningBalanceMinor: null,
  ...more,
});
const bookTx = (id: string, date: string, signed: number, more: Partial<BookMovement> = {}): BookMovement => ({
  id: `b-${id}`,
  date,
  signedMinor: BigInt(signed),
  description: `Bank ${id}`,
  posted: false,
  checked: false,
  remoteIds: [`plaid:${id}`],
  opening: false,
  ...more,
});
const opening = (date: string, signed: number): BookMovement => ({ ...bookTx("o", date, signed), remoteIds: ["opening:i:x"], opening: true, description: "Opening balance" });

// The bank: 1,000.00 before the period, then +500.00 on the 2nd, -200.00 on the 3rd, -50.00 on the 5th → 1,250.00.
const bank = [bankTx("a", "2026-11-02", 50_000), bankTx("b", "2026-11-03", -20_000), bankTx("c", "2026-11-05", -5_000)];
const mirrored = bank.map((t) => bookTx(t.remoteId.slice(6), t.date, Number(t.signedMinor)));
const base = (over: Partial<VerificationInput> = {}): VerificationInput => ({
  currency: "USD",
  bankCurrency: "USD",
  bankBalanceMinor: 125_000n,
  bankAsOf: "2026-11-06T12:00:00.000Z",
  bankAsOfDay: "2026-11-06",
  periodStart: "2026-11-01",
  now: "2026-11-06T13:00:00.000Z",
  bank,
  book: [opening("2026-11-01", 100_000), ...mirrored],
  ...over,
});
const words = (v: ReturnType<typeof verifyBalances>) => [inEnglish(v.summary), ...v.causes.map(inEnglish)];

describe("balance verification", () => {
  it("a Book with its opening balance and every transaction is Balanced ✓, dated the bank balance's day", () => {
    const v = verifyBalances(base());
    expect(v.state).toBe("balanced");
    expect(v.differenceMinor).toBe(0n);
    expect(v.bookWithDraftsMinor).toBe(125_000n);
    expect(v.bookPostedMinor).toBe(0n);
    expect(v.firstDivergent).toBeNull();
    expect(v.lastAgreed).toBe("2026-11-06");
    expect(inEnglish(v.summary)).toMatch(/^Balanced ✓ on .*Nov.*2026|^Balanced ✓ on .*2026/);
    expect(v.causes).toEqual([]);
  });

  it("posted only: agreement lasts up to the day before the first draft that is not posted", () => {
    const book = [opening("2026-11-01", 100_000), ...mirrored].map((m) => (m.date <= "2026-11-02" ? { ...m, posted: true } : m));
    const v = verifyBalances(base({ book }));
    expect(v.state).toBe("balanced"); // with drafts
    expect(v.postedLastAgreed).toBe("2026-11-02");
    expect(v.differencePostedMinor).toBe(150_000n - 125_000n);
  });

  it("without an opening balance: diverges from the period start by the bank's earlier balance, and says why", () => {
    const v = verifyBalances(base({ book: mirrored }));
    expect(v.state).toBe("diverged");
    expect(v.firstDivergent).toBe("2026-11-01");
    expect(v.lastAgreed).toBeNull();
    expect(v.differenceMinor).toBe(-100_000n);
    expect(v.causes[0]).toMatchObject({ key: "verification.cause.noOpening", values: { amount: { money: { minor: 100_000, currency: "USD" } } } });
    expect(words(v).join(" ")).toMatch(/no opening balance/);
  });

  it("a transaction removed at the bank but still in the Book: first divergent day is its date", () => {
    const removed = bankTx("d", "2026-11-04", -3_000, { removed: true });
    const v = verifyBalances(base({ bank: [...bank, removed], book: [opening("2026-11-01", 100_000), ...mirrored, bookTx("d", "2026-11-04", -3_000, { posted: true })] }));
    expect(v.state).toBe("diverged");
    expect(v.firstDivergent).toBe("2026-11-04");
    expect(v.lastAgreed).toBe("2026-11-03");
    expect(v.differenceMinor).toBe(-3_000n);
    expect(v.causes.map((c) => c.key)).toEqual(["verification.cause.removedStillInBook"]);
  });

  it("a hand edit of an amount and a transaction missing in the Book are named on their day", () => {
    const book = [opening("2026-11-01", 100_000), bookTx("a", "2026-11-02", 40_000), bookTx("b", "2026-11-03", -20_000)];
    const v = verifyBalances(base({ book }));
    expect(v.firstDivergent).toBe("2026-11-02");
    expect(v.causes.map((c) => c.key)).toEqual(["verification.cause.amountEdited"]);
    const later = verifyBalances(base({ book: [opening("2026-11-01", 100_000), ...mirrored.slice(0, 2)] }));
    expect(later.firstDivergent).toBe("2026-11-05");
    expect(later.causes.map((c) => c.key)).toEqual(["verification.cause.missingInBook"]);
  });

  it("a date moved in the Book diverges, then agrees again: both sides of the move are said", () => {
    const book = [opening("2026-11-01", 100_000), bookTx("a", "2026-11-02", 50_000), bookTx("b", "2026-11-04", -20_000), bookTx("c", "2026-11-05", -5_000)];
    const v = verifyBalances(base({ book }));
    expect(v.state).toBe("diverged");
    expect(v.firstDivergent).toBe("2026-11-03");
    expect(v.differenceMinor).toBe(0n);
    expect(v.causes.map((c) => c.key)).toEqual(["verification.cause.dateEdited", "verification.cause.agreesAgain"]);
  });

  it("a pending transaction the bank's balance already counts is named", () => {
    const v = verifyBalances(base({ bankBalanceMinor: 120_000n, bank: [...bank, bankTx("p", "2026-11-06", -5_000, { pending: true })] }));
    expect(v.state).toBe("diverged");
    expect(v.causes.map((c) => c.key)).toContain("verification.cause.pendingAtBank");
  });

  it("no balance, a stale balance or another currency: said so, never Balanced", () => {
    const none = verifyBalances(base({ bankBalanceMinor: null }));
    expect(none.state).toBe("noBalance");
    expect(none.postedLastAgreed).toBeNull();
    expect(inEnglish(none.summary)).toMatch(/reports no balance/);
    const stale = verifyBalances(base({ now: "2026-11-10T13:00:00.000Z" }));
    expect(stale.state).toBe("stale");
    expect(stale.postedLastAgreed).toBeNull();
    expect(inEnglish(stale.summary)).toMatch(/too old/);
    expect(verifyBalances(base({ bankCurrency: "EUR" })).state).toBe("otherCurrency");
  });

  it("running balances re-anchor the bank's days; an undecidable day falls back to the walk", () => {
    const day = [bankTx("x", "2026-11-02", 1_000, { runningBalanceMinor: 11_000n }), bankTx("y", "2026-11-02", -500, { runningBalanceMinor: 10_500n })];
    expect(endOfDayFromRunning(day)).toBe(10_500n);
    expect(endOfDayFromRunning([day[0]!, { ...day[1]!, runningBalanceMinor: null }])).toBeNull();
    // The bank says 10,500 at the end of the 2nd even though the walk from today would say otherwise.
    const series = bankDailyBalances(99_999n, "2026-11-03", "2026-11-01", day);
    expect(series.byDay.get("2026-11-03")).toBe(99_999n);
    expect(series.byDay.get("2026-11-02")).toBe(10_500n);
    expect(series.byDay.get("2026-11-01")).toBe(10_000n);
    expect(series.before).toBe(10_000n);
  });
});
