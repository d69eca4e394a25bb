/**
 * The evidence that two bank transactions of one Book are the two sides of one movement (a card
 * payment, a transfer between own accounts). Pure; used by `decidePairing` (match.ts).
 */
import type { MovementSide } from "./types";

export type Signal =
  | "amount-exact"
  | "amount-near"
  | "same-day"
  | "days-close"
  | "category"
  | "mask"
  | "reference"
  | "participants"
  | "bill"
  | "wording"
  | "card-payment-shape";

/** Points per signal: a confident pair needs the amount plus transfer evidence (see match.ts). */
export const WEIGHTS: Record<Signal, number> = {
  "amount-exact": 3,
  "amount-near": 1,
  "same-day": 2,
  "days-close": 1,
  category: 2,
  mask: 3,
  reference: 5,
  participants: 2,
  bill: 1,
  wording: 1,
  "card-payment-shape": 1,
};

/** Signals that say "this is a transfer", as opposed to an amount that happens to match. */
export const TRANSFER_EVIDENCE: ReadonlySet<Signal> = new Set<Signal>(["category", "mask", "reference", "participants", "bill", "wording"]);

/**
 * Signals that tie the two sides to EACH OTHER (the other account's mask, one payment reference, the
 * same two parties, a card bill), not only to "a transfer": what a pair across two bank connections
 * needs — two people's logins in one Book each have transfers of round amounts on the same day.
 */
export const LINKING_EVIDENCE: ReadonlySet<Signal> = new Set<Signal>(["mask", "reference", "participants", "bill"]);

/**
 * Plaid personal_finance_category (primary or detailed) and Pluggy category ids that mean a
 * transfer or a credit-card payment: TRANSFER_IN_*, TRANSFER_OUT_*, LOAN_PAYMENTS_CREDIT_CARD_PAYMENT;
 * Pluggy's "Transfers" group 05xxxxxx (05100000 = credit card payment).
 */
export function isTransferCategory(category: string | null | undefined): boolean {
  if (!category) return false;
  return /^TRANSFER_(IN|OUT)(_|$)/.test(category) || category === "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT" || /^05\d{6}$/.test(category);
}

/** Statement wording of payments and transfers, in the languages the providers serve. */
const WORDING =
  /\b(PAYMENT|THANK YOU|AUTOPAY|TRANSFER|TFR|XFER|CREDIT CARD|PAGAMENTO|PAGTO|FATURA|CART(AO|ÃO)|TRANSF|PIX|TED|VIR(EMENT)?|PAIEMENT|CARTE|TRASPASO|PAGO|TARJETA|OVERBOEKING|BETALING|CREDITCARD|UMBUCHUNG|ZAHLUNG|KREDITKARTE\w*|INCASSO)\b/i;

export function hasTransferWording(description: string): boolean {
  return WORDING.test(description);
}

/** Whether `description` names the account with this mask (last 4 digits), as "CARD 3605" or "XXXX3605". */
export function mentionsMask(description: string, mask: string | null | undefined): boolean {
  if (!mask || !/^\d{2,}$/.test(mask)) return false;
  return new RegExp(`(^|\\D)${mask}(\\D|$)`).test(description);
}

/** Whole days between two `YYYY-MM-DD` dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round(Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000);
}

/** A decimal string as integer thousandths (no float drift for money amounts). */
export function milli(amount: string): number {
  const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(amount.trim());
  if (!m) throw new Error(`not an absolute decimal amount: ${amount}`);
  return Number(m[1]) * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
}

export function fromMilli(n: number): string {
  const s = String(Math.abs(n)).padStart(4, "0");
  const whole = s.slice(0, -3);
  const frac = s.slice(-3).replace(/0$/, "");
  return `${whole}.${frac.length < 2 ? frac.padEnd(2, "0") : frac}`;
}

/** Every signal between `a` and `b` (callers have already required opposite directions). */
export function signalsBetween(a: MovementSide, b: MovementSide, toleranceMilli: number): Signal[] {
  const out: Signal[] = [];
  const diff = Math.abs(milli(a.amount) - milli(b.amount));
  if (diff === 0) out.push("amount-exact");
  else if (diff <= toleranceMilli) out.push("amount-near");
  const days = daysBetween(a.date, b.date);
  if (days === 0) out.push("same-day");
  else if (days <= 4) out.push("days-close");
  if (isTransferCategory(a.category) && isTransferCategory(b.category)) out.push("category");
  if (mentionsMask(a.description, b.accountMask) || mentionsMask(b.description, a.accountMask)) out.push("mask");
  const ra = a.paymentData?.referenceNumber;
  if (ra && ra === b.paymentData?.referenceNumber) out.push("reference");
  if (sameParticipants(a, b)) out.push("participants");
  if ((a.isCard && a.billId) || (b.isCard && b.billId)) out.push("bill");
  if (hasTransferWording(a.description) && hasTransferWording(b.description)) out.push("wording");
  const [payer, receiver] = a.direction === "out" ? [a, b] : [b, a];
  if (receiver.isCard && !payer.isCard) out.push("card-payment-shape");
  return out;
}

function sameParticipants(a: MovementSide, b: MovementSide): boolean {
  const pa = a.paymentData;
  const pb = b.paymentData;
  if (!pa?.payerAccount || !pa.receiverAccount || !pb?.payerAccount || !pb.receiverAccount) return false;
  return pa.payerAccount === pb.payerAccount && pa.receiverAccount === pb.receiverAccount;
}

export function scoreOf(signals: readonly Signal[]): number {
  return signals.reduce((s, x) => s + WEIGHTS[x], 0);
}
