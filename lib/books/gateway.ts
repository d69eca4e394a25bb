import type { AccountType, BookAccount, BookInfo, BookSummary, BookTransaction, CreateOptions, NewBookTransaction, TransactionEdit, TransactionPage, TransactionPatch, TransactionQuery, TransactionReshape } from "./types";

/**
 * What the portal and the sync engine need from a Book, whoever keeps it (local Books or Bkper).
 * Creating transactions is idempotent by remote id: a transaction whose remote id is already in
 * the Book is returned as it is, not created again.
 */
export interface BookGateway {
  listBooks(): Promise<BookSummary[]>;
  getBook(bookId: string): Promise<BookInfo | null>;
  listAccounts(bookId: string): Promise<BookAccount[]>;
  /** Those of `ids` that are the Book's Accounts (any order): a page's linked Accounts, without reading a chart of thousands. */
  getAccounts(bookId: string, ids: readonly string[]): Promise<BookAccount[]>;
  createAccount(bookId: string, account: { name: string; type: AccountType }): Promise<BookAccount>;
  listTransactions(bookId: string, filter?: { accountId?: string; includeTrashed?: boolean; limit?: number }): Promise<BookTransaction[]>;
  /**
   * How many drafts one createTransactions call is best given (a remote Book pipelines its own batches
   * within a call, lib/books/bkper/gateway.ts); the poster's 200 when unset.
   */
  readonly draftsPerCreate?: number;
  /**
   * The untrashed transactions touching any of `accountIds`, in one read (balance verification of a
   * page of integrations); at most `limit` per Account. Optional: without it, callers ask
   * `listTransactions` once per Account.
   */
  listTransactionsOfAccounts?(bookId: string, accountIds: readonly string[], options: { limit: number }): Promise<BookTransaction[]>;
  /**
   * A fingerprint of each Account's untrashed transactions (every field and remote id): equal only
   * while none of them was added, changed, trashed or restored. Lets balance verification reuse what
   * it computed (lib/integrations/verification/cache.ts). Optional: without it, it is recomputed.
   */
  transactionsFingerprints?(bookId: string, accountIds: readonly string[]): Promise<Map<string, string>>;
  /** Creates in one batch; returns one transaction per input, in order (existing ones for known remote ids). */
  createTransactions(bookId: string, drafts: NewBookTransaction[], options?: CreateOptions): Promise<BookTransaction[]>;
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

  // ---- the workbench: what a person does with the transactions (lib/books/workbench-rules.ts) -----
  //
  // Each takes a list of ids and is all-or-nothing: every id is checked first (unknown → NOT_FOUND,
  // not allowed in its state or a locked date → CONFLICT, the user's role too low → FORBIDDEN) and
  // nothing changes unless all may. One already in the wanted state is left as it is (safe to repeat).

  /** Drafts → posted. Each needs both Accounts (different, not archived) and an amount above zero. */
  postTransactions(bookId: string, ids: string[]): Promise<void>;
  /** Posted → checked (reconciled). Drafts and trashed ones are refused. */
  checkTransactions(bookId: string, ids: string[]): Promise<void>;
  /** Checked → posted again. */
  uncheckTransactions(bookId: string, ids: string[]): Promise<void>;
  /** Drafts or posted → trash. Checked ones are refused (uncheck first). */
  trashTransactions(bookId: string, ids: string[]): Promise<void>;
  /** Out of the trash, to the state it had (draft or posted). */
  restoreTransactions(bookId: string, ids: string[]): Promise<void>;
  /**
   * Completes or corrects one transaction: its Accounts (the other Account of a draft), date, amount
   * and description; remote ids and properties stay. Same refusals as updateTransaction, and: an
   * unknown or archived Account (unless it was already there) or both sides the same Account →
   * INVALID_INPUT; a posted transaction keeps both sides. Returns the transaction as it now is.
   */
  editTransaction(bookId: string, transactionId: string, edit: TransactionEdit): Promise<BookTransaction>;
  /** One page of transactions, newest first (date, then most recently recorded), filtered; keyset paging. */
  listTransactionPage(bookId: string, query: TransactionQuery): Promise<TransactionPage>;

  // ---- transfer pairing (lib/integrations/transfers/, docs/architecture.md#transfer-pairing) -------
  //
  // The sync's own changes (no role check beyond the Book's own: the engine acts as the integration's
  // creator); both are idempotent, so a pair step repeated after a crash finds the work done.

  /**
   * Sets the empty side of a draft, its amount, date or description, and adds or removes remote ids
   * (`TransactionReshape`). Refused with CONFLICT when the transaction is checked or trashed, a date
   * (old or new) is locked, a posted one would lose a side, or a remote id to add is held by another
   * transaction of the Book; an unknown or archived Account (unless already there) or both sides the
   * same → INVALID_INPUT; an unknown transaction → NOT_FOUND. Returns the transaction as it now is.
   */
  reshapeTransaction(bookId: string, transactionId: string, change: TransactionReshape): Promise<BookTransaction>;
  /**
   * Retires `fromId` into `intoId` (Bkper's merge by hand): `remoteIds` end on `intoId` and no longer on
   * `fromId`, and `fromId` is trashed. Local Books do it in one database transaction; Bkper frees the
   * ids, trashes, then adds them (each step checked first, so a repeat resumes). A checked `fromId`, or
   * an `intoId` that is checked or trashed, is refused with CONFLICT. Returns `intoId` as it now is.
   */
  mergeTransaction(bookId: string, fromId: string, intoId: string, remoteIds: string[]): Promise<BookTransaction>;
}
