/** Book shapes shared by every BookGateway (local Books, Bkper). Amounts are decimal strings. */
export type BookRoleName = "OWNER" | "EDITOR" | "POSTER" | "RECORDER" | "VIEWER";
export type AccountType = "ASSET" | "LIABILITY" | "INCOMING" | "OUTGOING";

export type BookSummary = { id: string; name: string; role: BookRoleName; currency: string };

export type BookInfo = {
  id: string;
  name: string;
  currency: string;
  fractionDigits: number;
  timeZone: string;
  locale: string;
  /** Transactions on or before this date (YYYY-MM-DD) cannot be posted. */
  lockDate: string | null;
  closingDate: string | null;
};

export type BookAccount = { id: string; name: string; type: AccountType; archived: boolean };

export type BookTransaction = {
  id: string;
  /** YYYY-MM-DD in the Book's time zone. */
  date: string;
  amount: string;
  description: string;
  creditAccountId: string | null;
  debitAccountId: string | null;
  posted: boolean;
  checked: boolean;
  trashed: boolean;
  remoteIds: string[];
  properties: Record<string, string>;
};

export type NewBookTransaction = {
  date: string;
  amount: string;
  description: string;
  creditAccountId: string | null;
  debitAccountId: string | null;
  remoteIds: string[];
  properties?: Record<string, string>;
};

/**
 * How createTransactions may go about it. `firstAttempt`: the caller never sent these drafts before as
 * far as it knows (their Postings' first try), so a gateway whose duplicate check costs calls (Bkper)
 * may rely on the Book's own remote-id idempotency instead of searching first. Never a licence to
 * create twice: a draft sent before all the same still finds its transaction.
 */
export type CreateOptions = { firstAttempt?: boolean };

/** What updateTransaction changes: date (YYYY-MM-DD), amount (decimal string), description. */
export type TransactionPatch = { date: string; amount: string; description: string };

/**
 * A transaction's whole editable content, as a person completes or corrects it: the other Account
 * chosen (credit = From, debit = To), date, amount and description. Remote ids and properties stay.
 */
export type TransactionEdit = TransactionPatch & { creditAccountId: string | null; debitAccountId: string | null };

/**
 * Transfer pairing's change to one transaction (lib/integrations/transfers/): each field given is set
 * (an Account id, or null to empty that side), remote ids are added and removed; what is left out
 * stays as it was. Safe to repeat: the same change on a transaction already so changes nothing.
 */
export type TransactionReshape = {
  date?: string;
  amount?: string;
  description?: string;
  creditAccountId?: string | null;
  debitAccountId?: string | null;
  addRemoteIds?: string[];
  removeRemoteIds?: string[];
};

/** The Book page's status tabs: Drafts, Posted (not checked), Checked, Trashed; "all" = everything not trashed. */
export const TRANSACTION_STATUSES = ["all", "draft", "posted", "checked", "trashed"] as const;
export type TransactionStatusFilter = (typeof TRANSACTION_STATUSES)[number];

/** One page of a Book's transactions, newest first. `cursor` is what a previous page gave as next/previous. */
export type TransactionQuery = {
  status?: TransactionStatusFilter;
  accountId?: string;
  /** Words the description contains (any case). */
  text?: string;
  /** Inclusive YYYY-MM-DD bounds. */
  from?: string;
  to?: string;
  /** 1..200, default 50. */
  limit?: number;
  cursor?: string;
};

/** Opaque cursors for the neighbouring pages; null when there is none. */
export type TransactionPage = { items: BookTransaction[]; next: string | null; previous: string | null };
