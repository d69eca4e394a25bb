/**
 * Credit-card bills and account statements of the Pluggy emulator, derived from the rows the Item
 * collected (state.transactions), so they follow the deterministic sandbox data. A card's cycle
 * closes on the 25th and is due on the 5th of the next month (03:00Z, as `creditData` in
 * transform.ts says); a bill exists for every cycle closed by the last collection:
 * - totalAmount: the purchases (positive card amounts) minus refunds dated in the cycle, posted only;
 * - payments: the card payments that name the bill (`creditCardMetadata.billId`), and the credits
 *   (negative amounts) dated after the closing, up to the due date.
 */
import { billIdOf, closeOf } from "./bill-ids";
import { deterministicUuid } from "./ids";
import type { WireAccountStatement, WireBill } from "./product-types";
import type { AccountRecord, ItemRecord, TransactionRecord } from "./state";

const round2 = (n: number) => Math.round(n * 100) / 100;
const dueOf = (closeMs: number) => {
  const d = new Date(closeMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 5, 3);
};

export function billsOf(item: ItemRecord, account: AccountRecord, rows: TransactionRecord[]): WireBill[] {
  if (account.type !== "CREDIT" || !item.lastUpdatedAt || !item.historyFrom) return [];
  const nowMs = Date.parse(item.lastUpdatedAt);
  const posted = rows.filter((t) => t.status === "POSTED").sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
  const start = new Date(`${item.historyFrom}T03:00:00.000Z`);
  const bills: WireBill[] = [];
  // The first full cycle starts after the history begins.
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth() + 1; ; m++) {
    const prev = closeOf(y, m - 1);
    const close = closeOf(y, m);
    if (close > nowMs) break;
    const due = dueOf(close);
    const inCycle = posted.filter((t) => Date.parse(t.date) > prev && Date.parse(t.date) <= close);
    const total = round2(inCycle.filter((t) => t.type === "DEBIT").reduce((s, t) => s + t.amount, 0) + inCycle.filter((t) => t.type === "CREDIT" && !/pagamento|payment/i.test(t.description)).reduce((s, t) => s + t.amount, 0));
    const id = billIdOf(account.id, close);
    const payments = posted
      .filter((t) => t.creditCardMetadata?.billId === id || (t.amount < 0 && Date.parse(t.date) > close && Date.parse(t.date) <= Math.min(due, nowMs) && t.type === "CREDIT"))
      .map((t) => ({
        id: deterministicUuid("pluggy-bill-payment", id, t.id),
        valueType: Math.abs(t.amount) >= total - 0.005 ? ("FULL_PAYMENT" as const) : ("OTHER_PAYMENT" as const),
        paymentDate: t.date,
        paymentMode: "DEBIT_ACCOUNT" as const,
        amount: round2(Math.abs(t.amount)),
        currencyCode: account.currencyCode,
      }));
    const closeIso = new Date(close).toISOString();
    bills.push({
      id,
      dueDate: new Date(due).toISOString(),
      billClosingDate: closeIso,
      totalAmount: Math.max(0, total),
      totalAmountCurrencyCode: account.currencyCode,
      minimumPaymentAmount: round2(Math.max(0, total) * 0.15),
      allowsInstallments: true,
      financeCharges: [],
      payments,
      createdAt: closeIso > account.createdAt ? closeIso : account.createdAt,
      updatedAt: item.lastUpdatedAt,
    });
  }
  // Newest first, as Pluggy lists them.
  return bills.reverse();
}

/** One statement per full calendar month collected on a bank account (`url`: see routes-products.ts). */
export function statementsOf(item: ItemRecord, account: AccountRecord, baseUrl: string): WireAccountStatement[] {
  if (account.type !== "BANK" || !item.lastUpdatedAt || !item.historyFrom) return [];
  const now = new Date(item.lastUpdatedAt);
  const out: WireAccountStatement[] = [];
  const start = new Date(`${item.historyFrom}T00:00:00.000Z`);
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth() + 1; Date.UTC(y, m + 1, 1) <= now.getTime(); m++) {
    const d = new Date(Date.UTC(y, m, 1));
    const monthYear = `${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
    const id = deterministicUuid("pluggy-statement", account.id, monthYear);
    out.push({ id, monthYear, url: `${baseUrl}/accounts/${account.id}/statements/${id}` });
  }
  return out.reverse();
}
