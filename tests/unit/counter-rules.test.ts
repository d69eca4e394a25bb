import { describe, expect, it } from "vitest";
import { applyRules, compareDecimal, pickRule, ruleMatches, type CounterRule } from "@/lib/books/counter-rules/match";
import { ruleInput } from "@/lib/books/counter-rules/schema";
import type { NewBookTransaction } from "@/lib/books/types";

let n = 0;
const rule = (contains: string, accountId: string, over: Partial<CounterRule> = {}): CounterRule => ({ id: `r${++n}`, contains, accountId, direction: null, minAmount: null, maxAmount: null, createdAt: new Date(2026, 0, n), ...over });
const out = (description: string, amount = "25.00"): NewBookTransaction => ({ date: "2026-03-01", amount, description, creditAccountId: "checking", debitAccountId: null, remoteIds: ["plaid:x"], properties: { provider: "plaid" } });
const inn = (description: string, amount = "25.00"): NewBookTransaction => ({ ...out(description, amount), creditAccountId: null, debitAccountId: "checking" });

describe("counter-account rules", () => {
  it("match words in any case and accents, in the direction and amount range asked", () => {
    expect(ruleMatches(rule("padaria são joão", "food"), out("COMPRA PADARIA SAO JOAO 12/03"))).toBe(true);
    expect(ruleMatches(rule("uber", "travel", { direction: "out" }), inn("UBER refund"))).toBe(false);
    expect(ruleMatches(rule("uber", "travel", { direction: "in" }), inn("UBER refund"))).toBe(true);
    expect(ruleMatches(rule("rent", "rent", { minAmount: "1000", maxAmount: "1500.00" }), out("Rent", "1500"))).toBe(true);
    expect(ruleMatches(rule("rent", "rent", { minAmount: "1000", maxAmount: "1500.00" }), out("Rent", "1500.01"))).toBe(false);
    expect(ruleMatches(rule("rent", "rent", { minAmount: "1000" }), out("Rent", "999.99"))).toBe(false);
    expect(ruleMatches(rule("rent", "rent"), { ...out("Rent"), debitAccountId: "rent" })).toBe(false); // nothing empty to fill
  });

  it("the longest words win, then the oldest; never the bank's own Account", () => {
    const general = rule("amazon", "shopping");
    const specific = rule("amazon web services", "software");
    expect(pickRule([general, specific], out("AMAZON WEB SERVICES AWS.AMAZON.CO"))?.id).toBe(specific.id);
    expect(pickRule([general, rule("amazon", "other")], out("Amazon Mktp"))?.id).toBe(general.id);
    expect(pickRule([rule("transfer", "checking")], out("Transfer to savings"))).toBeNull();
  });

  it("fills the empty side and says which rule did; leaves a draft no rule fits as it was", () => {
    expect(applyRules([rule("github", "software")], out("GitHub Inc"))).toMatchObject({ creditAccountId: "checking", debitAccountId: "software", properties: { provider: "plaid", counter_account_rule: "github" } });
    expect(applyRules([rule("acme payroll", "salary")], inn("ACME PAYROLL"))).toMatchObject({ creditAccountId: "salary", debitAccountId: "checking" });
    const d = out("Coffee");
    expect(applyRules([rule("github", "software")], d)).toBe(d);
  });

  it("compares decimals exactly", () => {
    expect(compareDecimal("10", "9.99")).toBe(1);
    expect(compareDecimal("0010.50", "10.5")).toBe(0);
    expect(compareDecimal("0.1", "0.10000001")).toBe(-1);
  });

  it("reads a rule from the form: words trimmed, comma decimals, empty bounds, a reversed range refused", () => {
    const bookId = "cjld2cjxh0000qzrmn831i7rn";
    expect(ruleInput.parse({ bookId, words: "  Git   Hub ", accountId: "a1", direction: "", minAmount: "", maxAmount: "12,5" })).toEqual({ bookId, words: "Git Hub", accountId: "a1", direction: null, minAmount: null, maxAmount: "12.5" });
    const bad = ruleInput.safeParse({ bookId, words: "x", accountId: "a1", minAmount: "9", maxAmount: "1" });
    expect(bad.success ? [] : bad.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["words", "server.ruleContains"], ["maxAmount", "server.ruleRange"]]);
    const reversed = ruleInput.safeParse({ bookId, words: "xy", accountId: "a1", minAmount: "9", maxAmount: "1" });
    expect(reversed.success ? [] : reversed.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["maxAmount", "server.ruleRange"]]);
  });
});
