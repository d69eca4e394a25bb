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

/** What updateTransaction changes: date (YYYY-MM-DD), amount (decimal string), description. */
export type TransactionPatch = { date: string; amount: string; description: string };
