/** Types shared by the deterministic sandbox data generators and the emulators built on them. */

export const PLAID_COUNTRIES = ["US", "CA", "GB", "IE", "FR", "ES", "NL", "DE"] as const;
export type PlaidCountry = (typeof PLAID_COUNTRIES)[number];
export type Country = PlaidCountry | "BR";
export type Currency = "USD" | "CAD" | "GBP" | "EUR" | "BRL";

/**
 * One bank login ("item"): the institution, the username typed at the bank, and a content seed.
 * - `institutionId`: a Plaid id (`ins_<n>`) or a Brazilian connector id as a decimal string (`"201"`).
 * - `seed`: the content seed (the emulators use one per store). Same (institution, username, seed)
 *   ⇒ same accounts, amounts and dates.
 * - `idNamespace`: salts the *ids* only (Plaid gives a new item new account/transaction ids for
 *   the same underlying bank data). `persistentAccountId` ignores it.
 * - `layout`: forces the account list (otherwise derived from the seed).
 */
export interface LoginSpec {
  institutionId: string;
  username: string;
  seed: number;
  idNamespace?: string;
  layout?: readonly AccountKind[];
  /** Fixed details of some accounts (Plaid's custom sandbox users); the rest stays generated. */
  accountOverrides?: Partial<Record<AccountKind, AccountOverride>>;
}

export interface AccountOverride {
  name?: string;
  officialName?: string;
  mask?: string;
  /** Balance at the start of the history (credit: amount owed). */
  openingBalance?: number;
  creditLimit?: number;
}

export type AccountKind = "checking" | "savings" | "credit_card" | "checking_2" | "credit_card_2";

export interface SandboxAccount {
  accountId: string;
  /** Stable across items of the same login (ignores `idNamespace`). */
  persistentAccountId: string;
  kind: AccountKind;
  type: "depository" | "credit";
  subtype: "checking" | "savings" | "credit card";
  name: string;
  officialName: string;
  mask: string;
  currency: Currency;
  /**
   * Balance at the start of the generated history (the day before `window.start`).
   * Depository: money in the account. Credit: money owed (positive = owed), as Plaid reports it.
   */
  openingBalance: number;
  /** Credit limit for cards, null for depository accounts. */
  creditLimit: number | null;
  holderName: string;
}

export interface PersonalFinanceCategory {
  primary: string;
  detailed: string;
}

export interface TxLocation {
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export type PaymentChannel = "online" | "in store" | "other";

/** What the transaction is, semantically (handy for tests and for other emulators' mapping). */
export type TxKind =
  | "salary"
  | "rent"
  | "utility"
  | "subscription"
  | "gym"
  | "groceries"
  | "restaurant"
  | "coffee"
  | "transport"
  | "fuel"
  | "shopping"
  | "pharmacy"
  | "refund"
  | "card_payment"
  | "card_payment_received"
  | "transfer_out"
  | "transfer_in"
  | "interest"
  | "fee"
  | "hold"
  | "duplicate";

/**
 * One transaction as the bank shows it over time (an event on the timeline).
 *
 * Amount sign follows Plaid: positive = money OUT of the account (purchases, fees, rent; for a card:
 * charges), negative = money IN (salary, refunds, card payments received).
 *
 * Timeline: visible from `availableAt` (inclusive) until `removedAt` (exclusive). A pending event is
 * removed when it posts (`postedReplacementId` names the posted event, whose `pendingTransactionId`
 * points back) or when a hold expires (no replacement). A posted event may change once at
 * `modifiedAt` (to `modifiedAmount` / `modifiedName`) and may be removed (a reversed duplicate).
 */
export interface TxEvent {
  id: string;
  accountId: string;
  kind: TxKind;
  pending: boolean;
  /** Pending: the day it happened. Posted: the posted date. `YYYY-MM-DD`. */
  date: string;
  authorizedDate: string | null;
  /** ISO datetime of the authorisation (card purchases), else null. */
  authorizedDatetime: string | null;
  availableAt: number;
  removedAt: number | null;
  modifiedAt: number | null;
  amount: number;
  modifiedAmount: number | null;
  name: string;
  modifiedName: string | null;
  merchantName: string | null;
  website: string | null;
  pendingTransactionId: string | null;
  postedReplacementId: string | null;
  category: PersonalFinanceCategory;
  paymentChannel: PaymentChannel;
  /** Plaid `transaction_code` (set for European institutions, null for US/CA). */
  transactionCode: string | null;
  location: TxLocation | null;
  currency: Currency;
  /**
   * Transfers and card payments between the login's own accounts: the account on the other side
   * (the card a payment went to, the checking account it came from), else null.
   */
  counterpartAccountId: string | null;
  /** The other side's posted event (ground truth for transfer pairing), else null. */
  peerId: string | null;
}

/** A transaction's state at some instant (after applying a modification, if due). */
export interface TxState {
  id: string;
  accountId: string;
  kind: TxKind;
  pending: boolean;
  date: string;
  authorizedDate: string | null;
  authorizedDatetime: string | null;
  amount: number;
  name: string;
  merchantName: string | null;
  website: string | null;
  pendingTransactionId: string | null;
  category: PersonalFinanceCategory;
  paymentChannel: PaymentChannel;
  transactionCode: string | null;
  location: TxLocation | null;
  currency: Currency;
  /**
   * Transfers and card payments between the login's own accounts: the account on the other side
   * (the card a payment went to, the checking account it came from), else null.
   */
  counterpartAccountId: string | null;
  /** The other side's posted event (ground truth for transfer pairing), else null. */
  peerId: string | null;
  /** When this version became visible (availableAt, or modifiedAt once modified). */
  versionAt: number;
}

/** The generated history span: whole months from `start` through the month of `end`. */
export interface TimelineWindow {
  /** First day of history, `YYYY-MM-DD` (always the 1st of a month). */
  start: string;
  /** Last day that must be covered, `YYYY-MM-DD` (generation runs to the end of its month). */
  end: string;
}

export interface LoginData {
  login: LoginSpec;
  country: Country;
  currency: Currency;
  institutionName: string;
  window: TimelineWindow;
  accounts: SandboxAccount[];
  /** Sorted by (availableAt, id). */
  events: TxEvent[];
}
