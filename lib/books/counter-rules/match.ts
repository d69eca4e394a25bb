import { BANK_PROPERTY } from "../bank-properties";
import type { NewBookTransaction } from "../types";
import { plain } from "../suggestions/normalize";

/**
 * Book-level counter-account rules (issue 14), the pure part: "description contains X → Account Y",
 * optionally only for money in or out of the bank's Account and an amount range (inclusive). Applied
 * by the sync to a draft as it is created (./apply.ts): the empty side gets the Account; the draft stays
 * a draft. The rule with the longest words wins (the most specific), then the oldest.
 */

export type RuleDirection = "in" | "out";

export type CounterRule = {
  id: string;
  contains: string;
  accountId: string;
  direction: RuleDirection | null;
  /** Inclusive bounds on the absolute amount, decimal strings. */
  minAmount: string | null;
  maxAmount: string | null;
  createdAt: Date;
};

/** The bank's side of a draft decides the direction: its Account on From = money out of it. */
export function draftDirection(d: Pick<NewBookTransaction, "creditAccountId" | "debitAccountId">): RuleDirection | null {
  if (d.creditAccountId && !d.debitAccountId) return "out";
  if (d.debitAccountId && !d.creditAccountId) return "in";
  return null;
}

/** Exact decimal comparison of two non-negative decimal strings (no floats): -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const [ai = "0", af = ""] = a.replace(/^[+-]/, "").split(".");
  const [bi = "0", bf = ""] = b.replace(/^[+-]/, "").split(".");
  const n = Math.max(af.length, bf.length);
  const x = BigInt((ai.replace(/^0+(?=\d)/, "") || "0") + af.padEnd(n, "0"));
  const y = BigInt((bi.replace(/^0+(?=\d)/, "") || "0") + bf.padEnd(n, "0"));
  return x === y ? 0 : x < y ? -1 : 1;
}

export function ruleMatches(rule: CounterRule, d: Pick<NewBookTransaction, "description" | "amount" | "creditAccountId" | "debitAccountId">): boolean {
  const direction = draftDirection(d);
  if (!direction) return false;
  if (rule.direction && rule.direction !== direction) return false;
  const words = plain(rule.contains);
  if (!words || !plain(d.description).includes(words)) return false;
  const amount = d.amount.replace(/^[+-]/, "");
  if (rule.minAmount !== null && compareDecimal(amount, rule.minAmount) < 0) return false;
  if (rule.maxAmount !== null && compareDecimal(amount, rule.maxAmount) > 0) return false;
  return true;
}

/** The winning rule for a draft, or null: longest words first, then the oldest. */
export function pickRule(rules: readonly CounterRule[], d: NewBookTransaction): CounterRule | null {
  const bank = d.creditAccountId ?? d.debitAccountId;
  const fits = rules.filter((r) => r.accountId !== bank && ruleMatches(r, d));
  fits.sort((a, b) => plain(b.contains).length - plain(a.contains).length || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return fits[0] ?? null;
}

/** The draft with its empty side filled by the winning rule (and the rule's words in its properties); as it was when none fits. */
export function applyRules(rules: readonly CounterRule[], d: NewBookTransaction): NewBookTransaction {
  const rule = pickRule(rules, d);
  if (!rule) return d;
  const properties = { ...d.properties, [BANK_PROPERTY.counterAccountRule]: rule.contains };
  return draftDirection(d) === "out" ? { ...d, debitAccountId: rule.accountId, properties } : { ...d, creditAccountId: rule.accountId, properties };
}
