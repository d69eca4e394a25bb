/**
 * Transfer pairing's pure decision (lib/integrations/transfers/match.ts): pair / suggest / none,
 * the hard rules (direction, window, tolerance, pending, already paired, split by a person, a
 * person's side never rewritten), and — against the sandbox's ground truth — every card payment
 * and own-account transfer of 24 months pairs with its real other side and nothing else pairs.
 */
import { describe, expect, test } from "vitest";
import { decidePairing, pairKey, type MovementSide } from "@/lib/integrations/transfers/match";
import { DAY_MS, defaultWindow, generateLoginData, type LoginData, type LoginSpec, type TxEvent } from "@bank-connections/sandbox/data";
import { categoryForKind } from "@bank-connections/sandbox/pluggy/categories";

let n = 0;
function side(over: Partial<MovementSide> & Pick<MovementSide, "direction" | "amount" | "date" | "description">): MovementSide {
  const k = `k${n++}`;
  return {
    key: k,
    integrationId: `int-${k}`,
    connectionId: "conn-1",
    institutionAccountId: `ia-${k}`,
    bookAccountId: `ba-${k}`,
    remoteId: `plaid:${k}`,
    currency: "USD",
    pending: false,
    accountMask: null,
    isCard: false,
    category: null,
    personal: false,
    pairedWith: null,
    ...over,
  };
}

const checkingOut = (over: Partial<MovementSide> = {}) =>
  side({ direction: "out", amount: "512.40", date: "2026-10-20", description: "PAYMENT TO FIRST PLATYPUS BANK CARD 3605", accountMask: "0042", category: "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT", ...over });
const cardIn = (over: Partial<MovementSide> = {}) =>
  side({ direction: "in", amount: "512.40", date: "2026-10-23", description: "AUTOPAY PAYMENT - THANK YOU", accountMask: "3605", isCard: true, category: "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT", ...over });

describe("decidePairing", () => {
  test("a card payment seen from both sides pairs From checking To card, whichever side arrives first", () => {
    const out = checkingOut();
    const into = cardIn();
    for (const [s, c] of [[out, into], [into, out]] as const) {
      const d = decidePairing(s, [c]);
      expect(d.kind).toBe("pair");
      if (d.kind !== "pair") continue;
      expect(d.from.key).toBe(out.key);
      expect(d.to.key).toBe(into.key);
      expect(d.amount).toBe("512.40");
      expect(d.match.difference).toBeNull();
      expect(d.match.signals).toEqual(expect.arrayContaining(["amount-exact", "mask", "category", "card-payment-shape"]));
    }
  });

  test("hard rules: same direction, same integration or account, pending, other currency, outside the window, already paired → none", () => {
    const out = checkingOut();
    const cases: MovementSide[] = [
      cardIn({ direction: "out" }),
      cardIn({ integrationId: out.integrationId }),
      cardIn({ institutionAccountId: out.institutionAccountId }),
      cardIn({ pending: true }),
      cardIn({ currency: "CAD" }),
      cardIn({ date: "2026-10-28" }),
      cardIn({ date: "2026-10-12" }),
      cardIn({ pairedWith: "someone-else" }),
      cardIn({ amount: "480.00" }), // 6% off: not a fee
    ];
    for (const c of cases) expect(decidePairing(out, [c]), JSON.stringify(c)).toEqual({ kind: "none", reason: "no-candidate" });
    expect(decidePairing(checkingOut({ pending: true }), [cardIn()])).toEqual({ kind: "none", reason: "pending" });
    // The window is an option: 7 days by default, a day more is out, and a wider window lets it in.
    expect(decidePairing(out, [cardIn({ date: "2026-10-27" })]).kind).toBe("pair");
    expect(decidePairing(out, [cardIn({ date: "2026-10-28" })], [], { windowDays: 8 }).kind).toBe("pair");
  });

  test("an equal amount nearby without evidence of a transfer is a coincidence, not a candidate", () => {
    const grocery = side({ direction: "out", amount: "50.00", date: "2026-10-02", description: "Whole Foods Market", category: "FOOD_AND_DRINK_GROCERIES" });
    const refund = side({ direction: "in", amount: "50.00", date: "2026-10-02", description: "REFUND AMZN Mktp US", isCard: true, category: "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES" });
    // card-payment-shape alone (money into a card) is evidence, but far too weak to reach a suggestion.
    expect(decidePairing(grocery, [refund])).toEqual({ kind: "none", reason: "no-candidate" });
  });

  test("a fee difference within the tolerance pairs and is flagged; the pair carries what arrived", () => {
    const d = decidePairing(checkingOut({ amount: "512.40" }), [cardIn({ amount: "509.90" })]);
    expect(d.kind).toBe("pair");
    if (d.kind !== "pair") return;
    expect(d.match.difference).toBe("2.50");
    expect(d.match.signals).toContain("amount-near");
    expect(d.amount).toBe("509.90");
    // The cap: 2% of 5,000 is 100, but a fee is at most 10.00 by default.
    expect(decidePairing(checkingOut({ amount: "5000.00" }), [cardIn({ amount: "4985.00" })]).kind).toBe("none");
    expect(decidePairing(checkingOut({ amount: "5000.00" }), [cardIn({ amount: "4985.00" })], [], { feeCap: "20.00" }).kind).toBe("pair");
  });

  test("two cards paid the same amount, nothing telling them apart → suggested, not merged; the mask tells them apart", () => {
    const out = checkingOut({ description: "ONLINE PAYMENT" });
    const a = cardIn({ description: "PAYMENT THANK YOU", accountMask: "1111" });
    const b = cardIn({ description: "PAYMENT THANK YOU", accountMask: "2222" });
    const d = decidePairing(out, [a, b]);
    expect(d.kind).toBe("suggest");
    if (d.kind === "suggest") {
      expect(d.reason).toBe("ambiguous");
      expect(d.candidates.map((c) => c.side.key).sort()).toEqual([a.key, b.key].sort());
    }
    const named = decidePairing(checkingOut({ description: "PAYMENT TO BANK CARD 2222" }), [a, b]);
    expect(named.kind === "pair" && named.to.key).toBe(b.key);
  });

  test("weak evidence is suggested: equal amounts, transfer wording only, days apart", () => {
    const out = side({ direction: "out", amount: "200.00", date: "2026-10-01", description: "TRANSFER 8812" });
    const into = side({ direction: "in", amount: "200.00", date: "2026-10-06", description: "ONLINE TRANSFER" });
    const d = decidePairing(out, [into]);
    expect(d).toMatchObject({ kind: "suggest", reason: "weak" });
  });

  test("a side a person completed, posted, checked or edited is never rewritten: suggested only", () => {
    expect(decidePairing(checkingOut(), [cardIn({ personal: true })])).toMatchObject({ kind: "suggest", reason: "personal" });
    expect(decidePairing(checkingOut({ personal: true }), [cardIn()])).toMatchObject({ kind: "suggest", reason: "personal" });
  });

  test("a pair a person split is remembered: never paired nor suggested again; another candidate still can be", () => {
    const out = checkingOut();
    const into = cardIn();
    expect(decidePairing(out, [into], [pairKey(into.key, out.key)])).toEqual({ kind: "none", reason: "no-candidate" });
    const other = cardIn({ date: "2026-10-22" });
    const d = decidePairing(out, [into, other], [pairKey(out.key, into.key)]);
    expect(d.kind === "pair" && d.to.key).toBe(other.key);
  });

  test("two logins in one Book: a same-day transfer out of one and in to the other pairs only with evidence tying them together", () => {
    // Two people's connections: 1,250.00 out as a transfer from one, 1,250.00 in as a transfer to the other, same day.
    const out = side({ direction: "out", amount: "1250.00", date: "2026-10-01", description: "TRANSFER TO SAVINGS", connectionId: "alice", category: "TRANSFER_OUT_ACCOUNT_TRANSFER" });
    const into = side({ direction: "in", amount: "1250.00", date: "2026-10-01", description: "TRANSFER FROM CHECKING", connectionId: "bob", category: "TRANSFER_IN_ACCOUNT_TRANSFER" });
    const alone = decidePairing(out, [into]);
    expect(alone).toMatchObject({ kind: "suggest", reason: "weak" });
    // The same two sides within one login pair as before.
    expect(decidePairing(out, [{ ...into, connectionId: "alice" }]).kind).toBe("pair");
    // Across logins, the other account's mask in the description ties them: a pair.
    expect(decidePairing({ ...out, description: "TRANSFER TO SAVINGS XXXX7781" }, [{ ...into, accountMask: "7781" }]).kind).toBe("pair");
  });

  test("Pluggy: one paymentData reference on both sides pairs a PIX between own accounts", () => {
    const pd = { referenceNumber: "9F2C", payerAccount: "00042-2", receiverAccount: "00777-7" };
    const out = side({ direction: "out", amount: "1500.00", date: "2026-10-03", description: "TRANSF PARA CONTA 0777", currency: "BRL", category: "05070000", paymentData: pd, remoteId: "pluggy:a" });
    const into = side({ direction: "in", amount: "1500.00", date: "2026-10-03", description: "TRANSF DE CONTA 0042", currency: "BRL", category: "05070000", paymentData: pd, remoteId: "pluggy:b" });
    const d = decidePairing(into, [out]);
    expect(d.kind === "pair" && d.match.signals).toEqual(expect.arrayContaining(["reference", "participants", "same-day"]));
  });
});

describe("decidePairing against the sandbox's ground truth (24 months, five accounts)", () => {
  const BASE = Date.parse("2026-11-01T12:00:00Z");
  const FIVE: LoginSpec["layout"] = ["checking", "savings", "credit_card", "checking_2", "credit_card_2"];
  const PAIRED_KINDS = new Set(["card_payment", "card_payment_received", "transfer_out", "transfer_in"]);

  function sidesOf(d: LoginData, pluggy: boolean): MovementSide[] {
    const account = new Map(d.accounts.map((a) => [a.accountId, a]));
    return d.events
      .filter((e) => !e.pending && e.removedAt === null)
      .map((e: TxEvent) => {
        const a = account.get(e.accountId)!;
        return {
          key: e.id,
          integrationId: `int-${a.accountId}`,
          connectionId: "login",
          institutionAccountId: a.accountId,
          bookAccountId: `book-${a.accountId}`,
          remoteId: `${pluggy ? "pluggy" : "plaid"}:${e.id}`,
          date: e.date,
          amount: Math.abs(e.amount).toFixed(2),
          direction: e.amount > 0 ? "out" : "in",
          currency: e.currency,
          description: e.merchantName ?? e.name,
          pending: false,
          accountMask: a.mask,
          isCard: a.type === "credit",
          category: pluggy ? categoryForKind(e.kind).id : e.category.detailed,
          personal: false,
          pairedWith: null,
        } satisfies MovementSide;
      });
  }

  test.each([
    ["ins_109508", false],
    ["ins_117650", false],
    ["201", true],
  ] as const)("%s: every own-account movement pairs with its real other side, and nothing else pairs", (institutionId, pluggy) => {
    const d = generateLoginData({ institutionId, username: "pairing", seed: 7, layout: FIVE }, defaultWindow({ baseMs: BASE, nowMs: BASE }));
    const peer = new Map(d.events.map((e) => [e.id, e.peerId]));
    const kind = new Map(d.events.map((e) => [e.id, e.kind]));
    const sides = sidesOf(d, pluggy);
    const byDay = (s: MovementSide) => Math.floor(Date.parse(`${s.date}T00:00:00Z`) / DAY_MS);
    let pairs = 0;
    let suggested = 0;
    for (const s of sides) {
      const day = byDay(s);
      const near = sides.filter((c) => Math.abs(byDay(c) - day) <= 7);
      const decision = decidePairing(s, near);
      if (PAIRED_KINDS.has(kind.get(s.key)!)) {
        expect(decision.kind, `${kind.get(s.key)} ${s.date} ${s.description} ${s.amount}`).toBe("pair");
        if (decision.kind === "pair") expect(decision.match.side.key).toBe(peer.get(s.key));
        pairs++;
      } else {
        expect(decision.kind, `${kind.get(s.key)} ${s.date} ${s.description}`).not.toBe("pair");
        if (decision.kind === "suggest") suggested++;
      }
    }
    expect(pairs).toBeGreaterThan(100);
    // Coincidences are rare and only ever suggested.
    expect(suggested).toBeLessThan(pairs / 10);
  });
});
