/**
 * One normalized page of bank transactions, whatever the provider. The sync engine applies the
 * pages of one update in order and persists `nextCursor` only after the page with
 * `hasMore === false` (docs/reference/providers.md §5.1.1).
 *
 * Contract for the engine:
 * - `added` / `modified` are upserts keyed on `providerTransactionId`: the same id may be delivered
 *   again (Plaid churn; Pluggy's createdAt overlap window), and must never duplicate.
 * - `removed` lists ids the provider dropped (Plaid pending→posted, churn). Pluggy reports none
 *   here: its deletions arrive as `transactions/deleted` webhooks (or a reconciliation re-read).
 * - On a ProviderError for which `isSyncMutationError` is true, discard every page of this update
 *   and start again from the cursor the update started from.
 * - On `isInvalidCursorError`, clear the cursor and sync again from null (full history, upserts).
 */
import { ProviderError } from "./errors";

export type TransactionDirection = "out" | "in";

export type BankTransaction = {
  providerTransactionId: string;
  providerAccountId: string;
  /** YYYY-MM-DD: the posted date, or the authorized/occurrence date when that is all there is. */
  date: string;
  /** Absolute value as a decimal string, e.g. "12.50". */
  amount: string;
  /** From the institution ACCOUNT's point of view: "out" = money leaving it (a purchase, also on a card). */
  direction: TransactionDirection;
  currency: string;
  /** Merchant name, else the bank's description; trimmed. */
  description: string;
  pending: boolean;
  /** On a posted transaction, the id of the pending one it replaced (Plaid only; Pluggy links nothing). */
  pendingTransactionId: string | null;
  /**
   * The account's balance right after this transaction, as the bank gives it (Pluggy's `balance`,
   * where supported; Plaid has none). Same sign as the account's balance: a card's is what is owed.
   */
  runningBalance?: string | null;
  /**
   * Transfer pairing's evidence (lib/integrations/transfers/signals.ts), when the provider gives it:
   * Plaid personal_finance_category.detailed or Pluggy categoryId; Pluggy paymentData reduced to its
   * reference and both parties' account numbers; Pluggy creditCardMetadata.billId.
   */
  category?: string | null;
  paymentData?: { referenceNumber: string | null; payerAccount: string | null; receiverAccount: string | null } | null;
  billId?: string | null;
  /** What the provider says about the other party, when it says anything (./details.ts). */
  details?: CounterpartDetails;
  /** The provider's own object, only when asked for (`includeRaw`). */
  raw?: unknown;
};

/**
 * Whom a transaction was with, as the provider tells it: written to the Book as the draft's properties
 * (lib/books/bank-properties.ts) and read by the counter-account suggester. Each field only when given.
 */
export type CounterpartDetails = {
  /** The merchant's name as the provider recognised it. */
  merchant?: string;
  /** Plaid's personal finance category (detailed), Pluggy's category. */
  category?: string;
  /** The other party when it is not a merchant: a transfer's payer or receiver, a payment app. */
  counterpart?: string;
  /** The other party's CNPJ or CPF (Pluggy), formatted. */
  counterpartDocument?: string;
};

export type RemovedTransaction = { providerTransactionId: string; providerAccountId?: string };

export type TransactionPage = {
  added: BankTransaction[];
  modified: BankTransaction[];
  removed: RemovedTransaction[];
  /**
   * Opaque; save it (after the whole update is applied) and pass it to the next call.
   * Plaid: "" means transactions are not ready yet — poll again later with the same cursor.
   */
  nextCursor: string;
  hasMore: boolean;
};

export type TransactionPageOptions = {
  /** Plaid: page size, 1–500 (default 500, Plaid's advice for the rate limit). */
  count?: number;
  /** Pluggy: how far before the last seen ingestion instant an incremental pass re-reads (default 2 days). */
  overlapDays?: number;
  /** Keep the provider's object in `raw`. */
  includeRaw?: boolean;
};

export const SYNC_MUTATION_CODE = "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION";

/** Plaid's data changed between pages: restart the whole update from its starting cursor. */
export function isSyncMutationError(err: unknown): err is ProviderError {
  return err instanceof ProviderError && err.details.providerCode === SYNC_MUTATION_CODE;
}

/** The saved cursor is not usable for this item: clear it and sync from null. */
export function isInvalidCursorError(err: unknown): err is ProviderError {
  if (!(err instanceof ProviderError)) return false;
  const code = err.details.providerCode;
  return code === "INVALID_CURSOR" || (code === "INVALID_FIELD" && /cursor/i.test(err.message));
}

const fractionDigitsCache = new Map<string, number>();

/** Minor-unit digits of an ISO currency (JPY 0, BRL 2, BHD 3); null for unofficial codes. */
function fractionDigits(currency: string): number | null {
  const known = fractionDigitsCache.get(currency);
  if (known !== undefined) return known;
  try {
    const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    fractionDigitsCache.set(currency, digits);
    return digits;
  } catch {
    return null;
  }
}

/**
 * |n| as a decimal string rounded to the currency's minor unit (up to 8 digits for unofficial
 * codes such as crypto — Intl takes any 3 letters as a currency, so say so), free of binary float
 * artefacts: 0.1 + 0.2 → "0.30".
 */
export function toDecimalAmount(n: number, currency: string, opts: { unofficial?: boolean } = {}): string {
  if (!Number.isFinite(n)) throw new ProviderError("PROVIDER_ERROR", "The provider sent a transaction without a valid amount.");
  const abs = Math.abs(n);
  const digits = opts.unofficial ? null : fractionDigits(currency);
  if (digits !== null) return abs.toFixed(digits);
  return abs.toFixed(8).replace(/0+$/, "").replace(/\.$/, "");
}
