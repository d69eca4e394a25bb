import type { AccountType, BookAccount, BookInfo, BookSummary, BookTransaction, NewBookTransaction, TransactionPatch } from "./types";

/**
 * What the portal and the sync engine need from a Book, whoever keeps it (local Books or Bkper).
 * Creating transactions is idempotent by remote id: a transaction whose remote id is already in
 * the Book is returned as it is, not created again.
 */
export interface BookGateway {
  listBooks(): Promise<BookSummary[]>;
  getBook(bookId: string): Promise<BookInfo | null>;
  listAccounts(bookId: string): Promise<BookAccount[]>;
  createAccount(bookId: string, account: { name: string; type: AccountType }): Promise<BookAccount>;
  listTransactions(bookId: string, filter?: { accountId?: string; includeTrashed?: boolean; limit?: number }): Promise<BookTransaction[]>;
  /** Creates in one batch; returns one transaction per input, in order (existing ones for known remote ids). */
  createTransactions(bookId: string, drafts: NewBookTransaction[]): Promise<BookTransaction[]>;
  findByRemoteId(bookId: string, remoteId: string): Promise<BookTransaction | null>;
  trashTransaction(bookId: string, transactionId: string): Promise<void>;
  /**
   * Changes the date, amount and description of a transaction that is not checked nor trashed
   * (in practice a draft the portal posted) and returns it as it now is. Everything else — Accounts,
   * remote ids, properties — stays as it was. Amounts are stored as absolute values rounded to the
   * Book's fraction digits. A checked or trashed transaction, or a date in a locked period, is refused
   * with AppError CONFLICT; an unknown one with NOT_FOUND.
   */
  updateTransaction(bookId: string, transactionId: string, patch: TransactionPatch): Promise<BookTransaction>;
}
