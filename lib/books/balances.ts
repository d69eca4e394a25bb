import type { AccountType } from "./types";

/**
 * Account balances from posted transactions, in integer minor units to stay exact.
 * A transaction moves its amount from the credit ("from") Account to the debit ("to") Account.
 * ASSET and OUTGOING balances grow with debits; LIABILITY and INCOMING with credits.
 */
export function toMinor(amount: string, fractionDigits: number): bigint {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new Error(`not a decimal amount: ${amount}`);
  const frac = (m[3] ?? "").padEnd(fractionDigits, "0");
  if (frac.length > fractionDigits && /[1-9]/.test(frac.slice(fractionDigits))) {
    throw new Error(`${amount} has more than ${fractionDigits} decimal places`);
  }
  const v = BigInt(m[2]! + frac.slice(0, fractionDigits));
  return m[1] ? -v : v;
}

export function fromMinor(value: bigint, fractionDigits: number): string {
  const neg = value < 0n;
  const digits = (neg ? -value : value).toString().padStart(fractionDigits + 1, "0");
  const int = digits.slice(0, digits.length - fractionDigits);
  const frac = digits.slice(digits.length - fractionDigits);
  return `${neg ? "-" : ""}${int}${fractionDigits > 0 ? `.${frac}` : ""}`;
}

export function computeBalances(
  accounts: { id: string; type: AccountType }[],
  transactions: { amount: string; creditAccountId: string | null; debitAccountId: string | null; posted: boolean; trashed: boolean }[],
  fractionDigits: number,
): Map<string, string> {
  const raw = new Map<string, bigint>(accounts.map((a) => [a.id, 0n]));
  for (const t of transactions) {
    if (!t.posted || t.trashed) continue;
    const v = toMinor(t.amount, fractionDigits);
    if (t.debitAccountId && raw.has(t.debitAccountId)) raw.set(t.debitAccountId, raw.get(t.debitAccountId)! + v);
    if (t.creditAccountId && raw.has(t.creditAccountId)) raw.set(t.creditAccountId, raw.get(t.creditAccountId)! - v);
  }
  const out = new Map<string, string>();
  for (const a of accounts) {
    const r = raw.get(a.id)!;
    out.set(a.id, fromMinor(a.type === "ASSET" || a.type === "OUTGOING" ? r : -r, fractionDigits));
  }
  return out;
}
