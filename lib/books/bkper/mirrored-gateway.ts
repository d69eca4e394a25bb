import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AccountBalanceReader } from "../book-balances";
import type { BookGateway } from "../gateway";
import type { AccountType, BookAccount, BookInfo, BookSummary, BookTransaction, CreateOptions, NewBookTransaction, TransactionEdit, TransactionPage, TransactionPatch, TransactionQuery, TransactionReshape } from "../types";
import type { BkperBookGateway, DetailedCreate, DetailedTransactionCreator } from "./gateway";
import { mirrorBook, mirrorBookList } from "./mirror";

/**
 * The BookGateway of BOOKS=bkper: Bkper does the work; listing the Books or reading one also refreshes
 * its local mirror (lib/books/bkper/mirror.ts), so roles and memberships follow Bkper's permissions.
 */
export class MirroredBkperGateway implements BookGateway, DetailedTransactionCreator, AccountBalanceReader {
  constructor(
    private readonly db: PrismaClient,
    private readonly userId: string,
    readonly bkper: BkperBookGateway,
  ) {}

  async listBooks(): Promise<BookSummary[]> {
    const entries = await this.bkper.listBookEntries();
    await mirrorBookList(this.db, this.userId, entries);
    return entries.map(({ info, role }) => ({ id: info.id, name: info.name, role, currency: info.currency }));
  }

  async getBook(bookId: string): Promise<BookInfo | null> {
    const entry = await this.bkper.getBookEntry(bookId);
    await mirrorBook(this.db, this.userId, bookId, entry);
    return entry?.info ?? null;
  }

  listAccounts(bookId: string): Promise<BookAccount[]> {
    return this.bkper.listAccounts(bookId);
  }

  getAccounts(bookId: string, ids: readonly string[]): Promise<BookAccount[]> {
    return this.bkper.getAccounts(bookId, ids);
  }

  createAccount(bookId: string, account: { name: string; type: AccountType }): Promise<BookAccount> {
    return this.bkper.createAccount(bookId, account);
  }

  listTransactions(bookId: string, filter?: { accountId?: string; includeTrashed?: boolean; limit?: number }): Promise<BookTransaction[]> {
    return this.bkper.listTransactions(bookId, filter);
  }

  get draftsPerCreate(): number {
    return this.bkper.draftsPerCreate;
  }

  createTransactions(bookId: string, drafts: NewBookTransaction[], options?: CreateOptions): Promise<BookTransaction[]> {
    return this.bkper.createTransactions(bookId, drafts, options);
  }

  createTransactionsDetailed(bookId: string, drafts: NewBookTransaction[], options?: CreateOptions): Promise<DetailedCreate> {
    return this.bkper.createTransactionsDetailed(bookId, drafts, options);
  }

  findByRemoteId(bookId: string, remoteId: string): Promise<BookTransaction | null> {
    return this.bkper.findByRemoteId(bookId, remoteId);
  }

  trashTransaction(bookId: string, transactionId: string): Promise<void> {
    return this.bkper.trashTransaction(bookId, transactionId);
  }

  updateTransaction(bookId: string, transactionId: string, patch: TransactionPatch): Promise<BookTransaction> {
    return this.bkper.updateTransaction(bookId, transactionId, patch);
  }

  postTransactions(bookId: string, ids: string[]): Promise<void> {
    return this.bkper.postTransactions(bookId, ids);
  }

  checkTransactions(bookId: string, ids: string[]): Promise<void> {
    return this.bkper.checkTransactions(bookId, ids);
  }

  uncheckTransactions(bookId: string, ids: string[]): Promise<void> {
    return this.bkper.uncheckTransactions(bookId, ids);
  }

  trashTransactions(bookId: string, ids: string[]): Promise<void> {
    return this.bkper.trashTransactions(bookId, ids);
  }

  restoreTransactions(bookId: string, ids: string[]): Promise<void> {
    return this.bkper.restoreTransactions(bookId, ids);
  }

  editTransaction(bookId: string, transactionId: string, edit: TransactionEdit): Promise<BookTransaction> {
    return this.bkper.editTransaction(bookId, transactionId, edit);
  }

  listTransactionPage(bookId: string, query: TransactionQuery): Promise<TransactionPage> {
    return this.bkper.listTransactionPage(bookId, query);
  }

  reshapeTransaction(bookId: string, transactionId: string, change: TransactionReshape): Promise<BookTransaction> {
    return this.bkper.reshapeTransaction(bookId, transactionId, change);
  }

  mergeTransaction(bookId: string, fromId: string, intoId: string, remoteIds: string[]): Promise<BookTransaction> {
    return this.bkper.mergeTransaction(bookId, fromId, intoId, remoteIds);
  }

  accountBalances(bookId: string, accounts: BookAccount[]): Promise<Map<string, string> | null> {
    return this.bkper.accountBalances(bookId, accounts);
  }
}
