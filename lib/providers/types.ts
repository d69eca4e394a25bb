/**
 * The one interface the portal and the sync engine use for every bank provider (Plaid, Pluggy).
 * Provider differences stay inside lib/providers/<name>/.
 */
import type { BankTransaction, TransactionPage, TransactionPageOptions } from "./transactions";

export type ProviderName = "PLAID" | "PLUGGY";

export type Institution = {
  id: string;
  name: string;
  country: string;
  /** "bank" | "credit_union" | "card_issuer" | … as the provider says it, for display. */
  kind?: string;
  logoUrl?: string;
  primaryColor?: string;
};

export type AccountKind = "depository" | "credit" | "loan" | "investment" | "other";

export type ProviderAccount = {
  providerAccountId: string;
  name: string;
  officialName: string | null;
  mask: string | null;
  type: AccountKind;
  subtype: string | null;
  currency: string;
  balanceCurrent: string | null;
  balanceAvailable: string | null;
  /** When the bank last updated the balance, if it says (Plaid `last_updated_datetime`); ISO. */
  balanceAsOf?: string | null;
};

/** What the browser needs to open the provider's widget. Never holds a long-lived secret. */
export type LinkSession =
  | { provider: "PLAID"; linkToken: string; expiresAt: string }
  | { provider: "PLUGGY"; connectToken: string; connectUrl?: string; updateItemId?: string; selectedConnectorId?: number };

/** What the widget returned, to be completed on the server. */
export type LinkResult =
  | { provider: "PLAID"; publicToken: string; institutionId: string | null }
  | { provider: "PLUGGY"; itemId: string };

/** Update mode of an existing item: its secret, and whether the user picks the shared accounts again. */
export type LinkUpdate = { secret: string; accountSelection?: boolean };

export type LinkedItem = {
  /** Provider item id (Plaid item_id / Pluggy item id). */
  itemId: string;
  /** The secret to store encrypted: Plaid access_token; Pluggy item id (the API key is the app's). */
  secret: string;
  institution: Institution;
  accounts: ProviderAccount[];
  consentExpiresAt: string | null;
};

export type ItemState = {
  status: "OK" | "LOGIN_REQUIRED" | "UPDATING" | "ERROR";
  errorCode: string | null;
  errorMessage: string | null;
  consentExpiresAt: string | null;
};

export interface BankProvider {
  readonly name: ProviderName;
  /** Countries this provider serves (ISO 3166-1 alpha-2). */
  readonly countries: readonly string[];
  /** Days of history the provider can deliver. */
  readonly maxHistoryDays: number;
  /**
   * The item's own state says whether its data is complete (Pluggy: status / executionStatus):
   * the engine asks first and waits while the provider is still collecting from the bank.
   */
  readonly gatesSyncOnItemState?: boolean;
  listInstitutions(country: string, query?: string): Promise<Institution[]>;
  /**
   * New link (no item) or update mode for an existing item (Reconnect). `accountSelection`: update
   * mode in which the user chooses again which accounts to share (adding new accounts).
   */
  /**
   * `redirectUri`: where an OAuth bank sends the browser back (Plaid's `redirect_uri`; the return
   * page re-opens Link there). Plaid only; Pluggy Connect has no such redirect.
   */
  createLinkSession(opts: { userId: string; country: string; language?: string; update?: LinkUpdate; webhookUrl?: string; institutionId?: string; redirectUri?: string }): Promise<LinkSession>;
  /**
   * Exchanges the widget's result for an item to store (Plaid: public token → access token). The
   * browser's word is not trusted: the item is read back from the provider, for this user.
   */
  completeLink(result: LinkResult, ctx: { userId: string }): Promise<LinkedItem>;
  getAccounts(secret: string): Promise<ProviderAccount[]>;
  getItemState(secret: string): Promise<ItemState>;
  /** Revokes the item at the provider. An item the provider no longer knows counts as removed. */
  removeItem(secret: string): Promise<void>;
  /** One normalized page of transactions after `cursor` (null: full history). See lib/providers/transactions.ts. */
  fetchTransactionsPage?(secret: string, cursor: string | null, opts?: TransactionPageOptions): Promise<TransactionPage>;
  /**
   * Providers without a removed feed (Pluggy): every transaction dated on or after `fromDate`, per
   * account listed in full, so the engine can see what was deleted or changed in place.
   */
  listTransactionsSince?(secret: string, fromDate: string): Promise<{ providerAccountIds: string[]; transactions: BankTransaction[] }>;
}
