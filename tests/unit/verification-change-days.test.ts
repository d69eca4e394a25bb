import { describe, expect, it } from "vitest";
import { mulberry32 } from "@bank-connections/sandbox/data/prng";
import { verifyBalances, type VerificationInput } from "@/lib/integrations/verification/compare";
import { bankDailyBalances, bookDailyBalances, daysBetween, firstDivergence, type BankMovement, type BookMovement } from "@/lib/integrations/verification/daily";

/**
 * verifyBalances compares the two balances only on the days something is dated (change days).
 * This checks it against the plain walk over every day of the period, on random histories:
 * pending, removed, edited, moved and missing transactions, running balances, drafts, an opening
 * that is right, wrong or absent.
 */

/** The day-by-day comparison verifyBalances used to make: every day from the start to the balance's day. */
function everyDay(input: VerificationInput, postedOnly: boolean): { firstDivergent: string | null; lastAgreed: string | null } {
  const asOfDay = input.bankAsOfDay! < input.periodStart ? input.periodStart : input.bankAsOfDay!;
  const days = daysBetween(input.periodStart, asOfDay);
  const bank = bankDailyBalances(input.bankBalanceMinor!, asOfDay, input.periodStart, input.bank);
  const book = bookDailyBalances(input.book, input.periodStart, asOfDay, { postedOnly });
  return firstDivergence(days, book.byDay, bank.byDay);
}

function randomInput(seed: number): VerificationInput {
  const r = mulberry32(seed);
  const int = (n: number) => Math.floor(r() * n);
  const day = (offset: number) => new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
  // How often something goes wrong: half the histories are clean or nearly so, and agree for a while.
  const q = r() < 0.5 ? r() * 0.02 : r() * 0.2;
  const span = 20 + int(700);
  const periodStart = day(int(10));
  const bank: BankMovement[] = [];
  const book: BookMovement[] = [];
  const start = BigInt(int(1_000_000));
  let balance = start;
  let beforeStart = start;
  const n = int(60);
  const dated = Array.from({ length: n }, () => int(span + 5) - 3).sort((a, b) => a - b);
  for (let i = 0; i < n; i++) {
    const date = day(dated[i]!);
    const signed = BigInt(int(200_000) - 100_000);
    const pending = r() < q;
    const removed = !pending && r() < q;
    if (!pending && !removed) {
      balance += signed;
      if (date < periodStart) beforeStart += signed;
    }
    bank.push({ remoteId: `plaid:${i}`, date, signedMinor: signed, description: `T${i}`, pending, removed, runningBalanceMinor: r() < 0.2 ? balance : null });
    if (date < periodStart || pending || (removed && r() > q)) continue; // not in the period, or not synced to the Book
    if (r() < q) continue; // missing in the Book
    const edited = r() < q ? signed + 100n : signed;
    const moved = r() < q ? day(int(span)) : date;
    book.push({ id: `b${i}`, date: moved, signedMinor: edited, description: `T${i}`, posted: r() > q * 3, checked: false, remoteIds: [`plaid:${i}`], opening: false });
  }
  if (r() > q * 2) book.push({ id: "o", date: periodStart, signedMinor: beforeStart + (r() < q ? 1n : 0n), description: "Opening balance", posted: r() > q, checked: false, remoteIds: ["opening:x"], opening: true });
  // Sometimes the balance is read before the last transactions are dated (they are not in it).
  const asOf = day(r() < 0.8 ? span + 5 : span - int(10));
  const counted = bank.filter((t) => !t.pending && !t.removed && t.date <= asOf).reduce((s, t) => s + t.signedMinor, start);
  return { currency: "USD", bankCurrency: "USD", bankBalanceMinor: counted, bankAsOf: `${asOf}T12:00:00.000Z`, bankAsOfDay: asOf, periodStart, now: `${asOf}T13:00:00.000Z`, bank, book };
}

describe("balance verification on change days only", () => {
  it("finds the same first divergent and last agreeing days as the walk over every day, on 400 random histories", () => {
    let diverged = 0;
    let agreedSomewhere = 0;
    let balanced = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const input = randomInput(seed);
      const v = verifyBalances(input);
      const all = everyDay(input, false);
      const posted = everyDay(input, true);
      expect({ seed, firstDivergent: v.firstDivergent, lastAgreed: v.lastAgreed }).toEqual({ seed, ...all });
      expect({ seed, postedLastAgreed: v.postedLastAgreed }).toEqual({ seed, postedLastAgreed: posted.lastAgreed });
      if (v.firstDivergent) diverged++;
      if (v.lastAgreed) agreedSomewhere++;
      if (v.state === "balanced") balanced++;
    }
    // The histories cover both outcomes, so the comparison is exercised both ways.
    expect(diverged).toBeGreaterThan(50);
    expect(agreedSomewhere).toBeGreaterThan(50);
    expect(balanced).toBeGreaterThan(20);
  });

  it("agrees on a history where the balances meet, part, and meet again", () => {
    const bank: BankMovement[] = [
      { remoteId: "plaid:a", date: "2026-03-02", signedMinor: 500n, description: "A", pending: false, removed: false, runningBalanceMinor: null },
      { remoteId: "plaid:b", date: "2026-03-09", signedMinor: -200n, description: "B", pending: false, removed: false, runningBalanceMinor: null },
    ];
    const book: BookMovement[] = [
      { id: "o", date: "2026-03-01", signedMinor: 1_000n, description: "Opening balance", posted: true, checked: false, remoteIds: ["opening:x"], opening: true },
      { id: "a", date: "2026-03-02", signedMinor: 500n, description: "A", posted: true, checked: false, remoteIds: ["plaid:a"], opening: false },
      { id: "b", date: "2026-03-12", signedMinor: -200n, description: "B", posted: true, checked: false, remoteIds: ["plaid:b"], opening: false },
    ];
    const input: VerificationInput = { currency: "USD", bankCurrency: "USD", bankBalanceMinor: 1_300n, bankAsOf: "2026-03-20T10:00:00.000Z", bankAsOfDay: "2026-03-20", periodStart: "2026-03-01", now: "2026-03-20T11:00:00.000Z", bank, book };
    const v = verifyBalances(input);
    expect(v.firstDivergent).toBe("2026-03-09");
    expect(v.lastAgreed).toBe("2026-03-08");
    expect(v.differenceMinor).toBe(0n);
    expect(everyDay(input, false)).toEqual({ firstDivergent: "2026-03-09", lastAgreed: "2026-03-08" });
  });
});
