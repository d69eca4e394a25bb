/**
 * The properties the sync writes on every draft it creates (lib/sync/mapping.ts), in local Books and in
 * Bkper Books alike, so people, the Bkper Agent, Bkper bots and our own suggester (lib/books/suggestions/)
 * can read where a transaction came from and whom it was with. Keys are Bkper-style snake_case; values
 * are plain text; a key is left out when the bank does not say. Documented in README ("Properties").
 */
export const BANK_PROPERTY = {
  /** "plaid" or "pluggy". */
  provider: "provider",
  /** The provider's transaction id (also in remoteIds as `plaid:<id>` / `pluggy:<id>`). */
  bankTransactionId: "bank_transaction_id",
  /** The provider's id of the pending transaction this posted one replaced. */
  pendingId: "pending_id",
  /** The merchant's name as the provider recognised it. */
  merchant: "merchant",
  /** The provider's category (Plaid personal finance category, Pluggy category). */
  category: "category",
  /** Whom the money went to or came from, when it is not a merchant (a transfer's other party). */
  counterpart: "counterpart",
  /** The counterpart's CNPJ or CPF (Pluggy), formatted. */
  counterpartDocument: "counterpart_document",
  /** The institution's name. */
  institution: "institution",
  /** The institution account: its name and last digits. */
  institutionAccount: "institution_account",
  /** Set when a Book rule filled the other side as the draft arrived: the rule's words. */
  counterAccountRule: "counter_account_rule",
} as const;
