import type { AccountType, BookAccount, BookInfo, BookSummary, BookTransaction, NewBookTransaction } from "./types";

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
}
