/**
 * Both sides of one movement between a login's own accounts, as real banks show them: the
 * checking account's "PAYMENT TO <BANK> CARD <mask>" debit and, 1–6 days later on a business day,
 * the card's "AUTOPAY PAYMENT - THANK YOU" / "PAYMENT THANK YOU" credit under another id and
 * wording; same-day transfers between depository accounts. `peerId` / `counterpartAccountId` are
 * the ground truth transfer pairing is tested against.
 */
import { describe, expect, test } from "vitest";
import { DAY_MS, dateMs, defaultWindow, generateLoginData, groundTruth, type LoginData, type LoginSpec, type TxEvent } from "@bank-connections/sandbox/data";

const BASE = Date.parse("2026-11-01T12:00:00Z");
const WINDOW = defaultWindow({ baseMs: BASE, nowMs: BASE });
const FIVE: LoginSpec["layout"] = ["checking", "savings", "credit_card", "checking_2", "credit_card_2"];
const gen = (institutionId: string, username = "user_good"): LoginData => generateLoginData({ institutionId, username, seed: 42, layout: FIVE }, WINDOW);
const byKind = (d: LoginData, kind: TxEvent["kind"]) => d.events.filter((e) => e.kind === kind);
const account = (d: LoginData, id: string | null) => d.accounts.find((a) => a.accountId === id);

describe("both sides of card payments and own-account transfers", () => {
  test.each(["ins_109508", "ins_117650", "201"])("%s: every card payment has the card's side, later, opposite, worded differently", (inst) => {
    const d = gen(inst);
    const byId = new Map(d.events.map((e) => [e.id, e]));
    const payments = byKind(d, "card_payment");
    expect(payments.length).toBeGreaterThanOrEqual(40); // two cards × ~24 months
    const lags = new Set<number>();
    for (const out of payments) {
      const into = byId.get(out.peerId ?? "");
      expect(into?.kind, out.id).toBe("card_payment_received");
      expect(into!.peerId).toBe(out.id);
      expect(into!.id).not.toBe(out.id);
      expect(account(d, out.accountId)?.kind).toBe("checking");
      const card = account(d, into!.accountId)!;
      expect(card.type).toBe("credit");
      expect(out.counterpartAccountId).toBe(card.accountId);
      expect(into!.counterpartAccountId).toBe(out.accountId);
      expect(into!.amount).toBe(-out.amount);
      expect(out.amount).toBeGreaterThan(0);
      expect(into!.name).not.toBe(out.name);
      expect(out.category.detailed).toBe("LOAN_PAYMENTS_CREDIT_CARD_PAYMENT");
      expect(into!.category.detailed).toBe("LOAN_PAYMENTS_CREDIT_CARD_PAYMENT");
      const lag = (dateMs(into!.date) - dateMs(out.date)) / DAY_MS;
      expect(lag).toBeGreaterThanOrEqual(1);
      expect(lag).toBeLessThanOrEqual(6);
      expect([0, 6]).not.toContain(new Date(dateMs(into!.date)).getUTCDay());
      lags.add(lag);
      if (inst === "ins_109508") {
        expect(out.name).toBe(`PAYMENT TO FIRST PLATYPUS BANK CARD ${card.mask}`);
        expect(into!.name).toBe(card.kind === "credit_card" ? "AUTOPAY PAYMENT - THANK YOU" : "PAYMENT THANK YOU");
      }
    }
    expect(lags.size).toBeGreaterThanOrEqual(3);
    // Every card-side payment belongs to one checking-side payment.
    expect(byKind(d, "card_payment_received").every((e) => byId.get(e.peerId ?? "")?.kind === "card_payment")).toBe(true);
  });

  test("transfers between depository accounts: both sides the same day, TRANSFER_OUT / TRANSFER_IN, each naming the other's mask", () => {
    const d = gen("ins_109508");
    const byId = new Map(d.events.map((e) => [e.id, e]));
    const outs = byKind(d, "transfer_out");
    expect(outs.length).toBeGreaterThanOrEqual(48); // savings + joint × ~24 months
    for (const out of outs) {
      const into = byId.get(out.peerId ?? "")!;
      expect(into.kind).toBe("transfer_in");
      expect(into.peerId).toBe(out.id);
      expect(into.date).toBe(out.date);
      expect(into.amount).toBe(-out.amount);
      expect(out.category.primary).toBe("TRANSFER_OUT");
      expect(into.category.primary).toBe("TRANSFER_IN");
      expect(out.name).toContain(account(d, into.accountId)!.mask);
      expect(into.name).toContain(account(d, out.accountId)!.mask);
      expect(out.counterpartAccountId).toBe(into.accountId);
    }
  });

  test("everything else names no counterpart; the ground truth's states carry the pairing", () => {
    const d = gen("ins_109508", "another");
    const paired = new Set(["card_payment", "card_payment_received", "transfer_out", "transfer_in"]);
    for (const e of d.events) {
      if (!paired.has(e.kind)) {
        expect(e.peerId, e.kind).toBeNull();
        expect(e.counterpartAccountId, e.kind).toBeNull();
      }
    }
    const states = Object.values(groundTruth(d, BASE)).flat();
    const received = states.filter((s) => s.kind === "card_payment_received");
    expect(received.length).toBeGreaterThan(0);
    const ids = new Set(states.map((s) => s.id));
    // The card side comes later, so whenever it is visible the checking side is too.
    const orphans = received.filter((s) => !ids.has(s.peerId!));
    expect(orphans).toEqual([]);
  });
});
