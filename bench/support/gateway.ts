import type { BookGateway } from "@/lib/books/gateway";
import type { AccountType, BookTransaction, CreateOptions, NewBookTransaction, TransactionEdit, TransactionPatch, TransactionQuery, TransactionReshape } from "@/lib/books/types";

/** What the bench learns from the Book calls the engine makes. */
export type GatewayStats = {
  createCalls: number;
  created: number;
  failedCalls: number;
  firstError: string | null;
  /** performance.now() when the first / the last createTransactions call returned transactions. */
  firstCreatedAt: number | null;
  lastCreatedAt: number | null;
  /**
   * Time box (performance.now() ms): after it, createTransactions refuses without calling the
   * Book, which the poster treats like a Book outage (marks the rows for retry) and its round ends
   * soon; without it a round of 1,000 postings on the slow path could overrun by half a minute.
   */
  deadline: number | null;
  refusedCalls: number;
  /** Reads a statement counter at each successful createTransactions (time-boxed runs stop counting there). */
  snapshot: (() => number) | null;
  statementsAtLastCreate: number | null;
  reset(): void;
};

export function gatewayStats(): GatewayStats {
  return {
    createCalls: 0,
    created: 0,
    failedCalls: 0,
    firstError: null,
    firstCreatedAt: null,
    lastCreatedAt: null,
    deadline: null,
    refusedCalls: 0,
    snapshot: null,
    statementsAtLastCreate: null,
    reset() {
      this.createCalls = 0;
      this.created = 0;
      this.failedCalls = 0;
      this.firstError = null;
      this.firstCreatedAt = null;
      this.lastCreatedAt = null;
      this.deadline = null;
      this.refusedCalls = 0;
      this.snapshot = null;
      this.statementsAtLastCreate = null;
    },
  };
}

/** Delegates every call to the real gateway; notes createTransactions' timing and failures. */
export class InstrumentedGateway implements BookGateway {
  constructor(
    private readonly inner: BookGateway,
    private readonly stats: GatewayStats,
  ) {}
  get draftsPerCreate() {
    return this.inner.draftsPerCreate;
  }
  listBooks() {
    return this.inner.listBooks();
  }
  getBook(bookId: string) {
    return this.inner.getBook(bookId);
  }
  listAccounts(bookId: string) {
    return this.inner.listAccounts(bookId);
  }
  getAccounts(bookId: string, ids: readonly string[]) {
    return this.inner.getAccounts(bookId, ids);
  }
  createAccount(bookId: string, account: { name: string; type: AccountType }) {
    return this.inner.createAccount(bookId, account);
  }
  listTransactions(bookId: string, filter?: { accountId?: string; includeTrashed?: boolean; limit?: number }) {
    return this.inner.listTransactions(bookId, filter);
  }
  findByRemoteId(bookId: string, remoteId: string) {
    return this.inner.findByRemoteId(bookId, remoteId);
  }
  trashTransaction(bookId: string, transactionId: string) {
    return this.inner.trashTransaction(bookId, transactionId);
  }
  updateTransaction(bookId: string, transactionId: string, patch: TransactionPatch) {
    return this.inner.updateTransaction(bookId, transactionId, patch);
  }
  postTransactions(bookId: string, ids: string[]) {
    return this.inner.postTransactions(bookId, ids);
  }
  checkTransactions(bookId: string, ids: string[]) {
    return this.inner.checkTransactions(bookId, ids);
  }
  uncheckTransactions(bookId: string, ids: string[]) {
    return this.inner.uncheckTransactions(bookId, ids);
  }
  trashTransactions(bookId: string, ids: string[]) {
    return this.inner.trashTransactions(bookId, ids);
  }
  restoreTransactions(bookId: string, ids: string[]) {
    return this.inner.restoreTransactions(bookId, ids);
  }
  editTransaction(bookId: string, transactionId: string, edit: TransactionEdit) {
    return this.inner.editTransaction(bookId, transactionId, edit);
  }
  listTransactionPage(bookId: string, query: TransactionQuery) {
    return this.inner.listTransactionPage(bookId, query);
  }
  reshapeTransaction(bookId: string, transactionId: string, change: TransactionReshape) {
    return this.inner.reshapeTransaction(bookId, transactionId, change);
  }
  mergeTransaction(bookId: string, fromId: string, intoId: string, remoteIds: string[]) {
    return this.inner.mergeTransaction(bookId, fromId, intoId, remoteIds);
  }
  async createTransactions(bookId: string, drafts: NewBookTransaction[], options?: CreateOptions): Promise<BookTransaction[]> {
    if (this.stats.deadline !== null && performance.now() > this.stats.deadline) {
      this.stats.refusedCalls++;
      throw new Error("bench time box reached");
    }
    this.stats.createCalls++;
    try {
      const made = await this.inner.createTransactions(bookId, drafts, options);
      if (made.length) {
        const at = performance.now();
        this.stats.firstCreatedAt ??= at;
        this.stats.lastCreatedAt = at;
        this.stats.statementsAtLastCreate = this.stats.snapshot?.() ?? null;
      }
      this.stats.created += made.length;
      return made;
    } catch (err) {
      this.stats.failedCalls++;
      this.stats.firstError ??= err instanceof Error ? err.message.replace(/\s+/g, " ").slice(0, 300) : String(err);
      throw err;
    }
  }
}
