/**
 * Transfer pairing's candidate index (lib/integrations/transfers/near.ts): the matcher decides the
 * same from the few candidates nearSides returns as from every candidate in the side's window, on
 * random Books full of near amounts, days and transfer evidence; and it does return few.
 */
import { describe, expect, test } from "vitest";
import { decidePairing, type MovementSide } from "@/lib/integrations/transfers/match";
import { amountBuckets, indexNear, nearSides, rowsNearArriving, type ArrivingSide, type CandidateRow } from "@/lib/integrations/transfers/near";
import { FEE_CAP, FEE_SHARE } from "@/lib/integrations/transfers/match";
import { daysBetween } from "@/lib/integrations/transfers/signals";
import { mulberry32 } from "@bank-connections/sandbox/data/prng";

/** The same sides on every run. */
const random = mulberry32;

function sides(seed: number, n: number): MovementSide[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const base = Date.parse("2026-06-01T00:00:00Z");
  // A few amount levels with small offsets: exact matches, fees within tolerance, and near misses.
  const levels = [12.5, 100, 499.99, 512.4, 1000, 2500, 49_999.5];
  return Array.from({ length: n }, (_, i): MovementSide => {
    const amount = (pick(levels) + pick([0, 0, 0, 0.01, 1.5, 2, 9.99, 10, 10.01, 25]) * (r() < 0.5 ? 1 : -1)).toFixed(2);
    const integration = pick(["a", "b", "c", "d"]);
    return {
      key: `p${seed}-${i}`,
      integrationId: `int-${integration}`,
      connectionId: pick(["conn-1", "conn-1", "conn-2"]),
      institutionAccountId: `ia-${integration}`,
      bookAccountId: `ba-${integration}`,
      remoteId: `plaid:${seed}-${i}`,
      date: new Date(base + Math.floor(r() * 40) * 86_400_000).toISOString().slice(0, 10),
      amount: amount.startsWith("-") ? amount.slice(1) : amount,
      direction: r() < 0.5 ? "in" : "out",
      currency: r() < 0.9 ? "USD" : "CAD",
      description: pick(["PAYMENT THANK YOU", "TRANSFER TO SAVINGS 0042", "COFFEE", "AUTOPAY CARD 3605", "PIX RECEBIDO"]),
      pending: r() < 0.05,
      accountMask: pick(["0042", "3605", null]),
      isCard: integration === "d",
      category: pick([null, "TRANSFER_IN_ACCOUNT_TRANSFER", "TRANSFER_OUT_ACCOUNT_TRANSFER", "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT", "FOOD_AND_DRINK"]),
      paymentData: r() < 0.2 ? { referenceNumber: pick(["ref-1", "ref-2"]), payerAccount: null, receiverAccount: null } : null,
      billId: r() < 0.1 ? "bill-1" : null,
      personal: r() < 0.05,
      pairedWith: r() < 0.05 ? "paired" : null,
    };
  });
}

describe("nearSides", () => {
  test("the matcher decides alike from nearSides as from every candidate of the window (random Books)", () => {
    let decided = 0;
    let compared = 0;
    let windowed = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const all = sides(seed, 400);
      const arriving = all.slice(0, 60);
      const candidates = all.slice(60);
      const index = indexNear(candidates);
      for (const a of arriving) {
        const inWindow = candidates.filter((c) => daysBetween(a.date, c.date) <= 7);
        const near = nearSides(index, a, 7);
        const full = decidePairing(a, inWindow, [], { windowDays: 7 });
        expect(decidePairing(a, near, [], { windowDays: 7 })).toEqual(full);
        if (full.kind !== "none") decided++;
        compared += near.length;
        windowed += inWindow.length;
      }
    }
    // The random Books hold pairs and suggestions, and the index looked at a small share of the window.
    expect(decided).toBeGreaterThan(200);
    expect(compared).toBeLessThan(windowed / 3);
  });

  test("keeps every candidate a fee can reach, at both ends of the tolerance and of the window", () => {
    const at = (key: string, date: string, amount: string): MovementSide => ({ ...sides(99, 1)[0]!, key, date, amount });
    const index = indexNear([
      at("same", "2026-06-10", "500.00"),
      at("fee-edge", "2026-06-10", "510.00"), // 10.00: the cap
      at("past-cap", "2026-06-10", "510.02"),
      at("share-edge", "2026-06-17", "102.00"), // 2 % of 102.00 = 2.04
      at("week-on", "2026-06-17", "500.00"),
      at("eight-days", "2026-06-18", "500.00"),
      at("unreadable", "someday", "500.00"),
    ]);
    const keys = (side: MovementSide) => nearSides(index, side, 7).map((s) => s.key).sort();
    expect(keys(at("x", "2026-06-10", "500.00"))).toEqual(["fee-edge", "same", "unreadable", "week-on"]);
    expect(keys(at("y", "2026-06-10", "100.00"))).toEqual(["share-edge", "unreadable"]);
    // A side the index cannot place is compared with all of them.
    expect(keys(at("z", "2026-06-10", "-5"))).toHaveLength(7);
  });

  test("rowsNearArriving keeps exactly the rows the every-pair comparison keeps (random days, amounts to 8 decimals, currencies)", () => {
    /** The candidate search's rule as it was written first: every row against every arriving side of its days. */
    const bruteForce = (arriving: readonly ArrivingSide[], rows: readonly CandidateRow[], reach: number) => {
      const cap = Number(FEE_CAP) + 0.01;
      return rows
        .filter((c) =>
          arriving.some((a) => Math.abs(a.day - c.day) <= reach && a.inbound !== c.inbound && a.currency === c.currency && Math.abs(a.amount - c.amount) <= Math.min(Math.max(a.amount, c.amount) * FEE_SHARE, cap) + 0.01),
        )
        .map((c) => c.id);
    };
    let kept = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = random(seed * 7919);
      const amount = () => Number((r() < 0.3 ? [10, 99.99, 500, 510, 2500, 10_000][Math.floor(r() * 6)]! + (r() - 0.5) * 25 : r() * 3000).toFixed(r() < 0.5 ? 2 : 8));
      const side = (): ArrivingSide => ({ day: 20_000 + Math.floor(r() * 30), amount: Math.abs(amount()), inbound: r() < 0.5, currency: r() < 0.9 ? "USD" : "BRL" });
      const arriving = Array.from({ length: 50 }, side);
      const rows = Array.from({ length: 400 }, (_, i): CandidateRow => ({ ...side(), id: `r${i}` }));
      const expected = bruteForce(arriving, rows, 8);
      expect(rowsNearArriving(arriving, rows, 8)).toEqual(expected);
      kept += expected.length;
    }
    expect(kept).toBeGreaterThan(1000);
  });
});

describe("amountBuckets (the candidate search's filter in SQL)", () => {
  /** The key the SQL computes for a row: floor(abs(amount)) × 2 + (inbound ? 1 : 0). */
  const keyOf = (c: CandidateRow) => Math.floor(Math.abs(c.amount)) * 2 + (c.inbound ? 1 : 0);

  test("every row rowsNearArriving keeps has its key among the buckets, and most other rows do not (random amounts to 8 decimals, the tolerance's edges)", () => {
    let kept = 0;
    let passed = 0;
    let rowsSeen = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = random(seed * 104_729);
      const level = () => [0.5, 10, 99.99, 100, 500, 510, 2500, 10_000, 49_999.5][Math.floor(r() * 9)]!;
      const side = (): ArrivingSide => ({ day: 20_000 + Math.floor(r() * 20), amount: Number((r() < 0.6 ? level() : r() * 3000).toFixed(r() < 0.5 ? 2 : 8)), inbound: r() < 0.5, currency: "USD" });
      const arriving = Array.from({ length: 30 }, side);
      // Rows at and around each arriving amount's tolerance (a fee of exactly the cap or the share, a cent past it), and random ones.
      const rows = Array.from({ length: 600 }, (_, i): CandidateRow => {
        const a = arriving[Math.floor(r() * arriving.length)]!;
        const fee = Math.min(a.amount * FEE_SHARE, Number(FEE_CAP));
        const offset = [0, fee, -fee, fee + 0.01, -fee - 0.01, fee + 0.02, (r() - 0.5) * 30][Math.floor(r() * 7)]!;
        const amount = r() < 0.8 ? Math.abs(Number((a.amount + offset).toFixed(r() < 0.5 ? 2 : 8))) : Number((r() * 3000).toFixed(2));
        return { id: `r${i}`, day: a.day + Math.floor(r() * 17) - 8, amount, inbound: r() < 0.5, currency: "USD" };
      });
      const buckets = new Set(amountBuckets(arriving));
      expect(buckets.size).toBeGreaterThan(0);
      for (const id of rowsNearArriving(arriving, rows, 8)) {
        const row = rows.find((c) => c.id === id)!;
        expect(buckets.has(keyOf(row)), `${row.amount} ${row.inbound ? "in" : "out"}`).toBe(true);
        kept++;
      }
      passed += rows.filter((c) => buckets.has(keyOf(c))).length;
      rowsSeen += rows.length;
    }
    expect(kept).toBeGreaterThan(3000);
    // The filter sends the database's rows of the wrong direction or out of reach back: well under the whole.
    expect(passed).toBeLessThan(rowsSeen * 0.75);
  });

  test("no filter for an amount it cannot bucket exactly", () => {
    const ok: ArrivingSide = { day: 20_000, amount: 100, inbound: true, currency: "USD" };
    expect(amountBuckets([ok])).toEqual([194, 196, 198, 200, 202, 204]);
    expect(amountBuckets([ok, { ...ok, amount: Number.NaN }])).toBeNull();
    expect(amountBuckets([ok, { ...ok, amount: 5e12 }])).toBeNull();
  });
});

