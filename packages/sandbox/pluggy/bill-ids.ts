/**
 * Card bill cycles of the Pluggy emulator, shared by the bills (bills.ts) and the transactions
 * that name a bill (`creditCardMetadata.billId`, transform.ts): a cycle closes on the 25th at
 * 03:00Z; the first bill is the first full cycle after the Item's history begins.
 */
import { deterministicUuid } from "./ids";

export const closeOf = (y: number, m: number) => Date.UTC(y, m, 25, 3);

export function billIdOf(accountId: string, closeMs: number): string {
  return deterministicUuid("pluggy-bill", accountId, new Date(closeMs).toISOString().slice(0, 10));
}

/** The first bill's closing instant for an Item whose history starts on `historyFrom`. */
export function firstCloseOf(historyFrom: string): number {
  const start = new Date(`${historyFrom}T03:00:00.000Z`);
  return closeOf(start.getUTCFullYear(), start.getUTCMonth() + 1);
}

/**
 * The bill a card payment dated `date` (`YYYY-MM-DD`) pays: the last cycle closed before that
 * day; null when that cycle is older than the Item's first bill.
 */
export function billIdForPayment(accountId: string, date: string, historyFrom: string | null): string | null {
  if (!historyFrom) return null;
  const at = Date.parse(`${date}T03:00:00.000Z`);
  const d = new Date(at);
  let close = closeOf(d.getUTCFullYear(), d.getUTCMonth());
  if (close >= at) close = closeOf(d.getUTCFullYear(), d.getUTCMonth() - 1);
  return close >= firstCloseOf(historyFrom) ? billIdOf(accountId, close) : null;
}
