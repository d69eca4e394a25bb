import { computeBalances } from "./balances";
import type { BookGateway } from "./gateway";
import type { BookAccount } from "./types";

/** A gateway that can give Account balances itself (Bkper's balances report) instead of summing every transaction. */
export interface AccountBalanceReader {
  accountBalances(bookId: string, accounts: BookAccount[]): Promise<Map<string, string> | null>;
}

export function readsBalances(gateway: BookGateway): gateway is BookGateway & AccountBalanceReader {
  return typeof (gateway as Partial<AccountBalanceReader>).accountBalances === "function";
}

/**
 * Balances per Account id for the Book page: from the gateway when it has them, otherwise summed from
 * the Book's posted transactions (local Books). Null when they cannot be known exactly.
 */
export async function balancesFor(gateway: BookGateway, bookId: string, accounts: BookAccount[], fractionDigits: number): Promise<Map<string, string> | null> {
  if (readsBalances(gateway)) return gateway.accountBalances(bookId, accounts);
  const all = await gateway.listTransactions(bookId, { limit: 100_000 });
  return computeBalances(accounts, all, fractionDigits);
}
