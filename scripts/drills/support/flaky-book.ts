import type { BookGateway } from "@/lib/books/gateway";

/**
 * A Book outage: wraps a gateway so that a share of its calls fail — half before reaching the
 * Book (it is down), half after the Book did the work (the answer is lost), which is the case
 * that would double a transaction without idempotent remote ids.
 */
export type BookFaultStats = { calls: number; down: number; answerLost: number };

export function flakyBook(inner: BookGateway, rate: number, random: () => number, stats: BookFaultStats): BookGateway {
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    stats.calls++;
    if (random() < rate / 2) {
      stats.down++;
      throw new Error("Book outage (drill): the Book did not answer");
    }
    const result = await work();
    if (random() < rate / 2) {
      stats.answerLost++;
      throw new Error("Book outage (drill): the answer was lost after the Book did the work");
    }
    return result;
  };
  return {
    draftsPerCreate: inner.draftsPerCreate,
    listBooks: () => call(() => inner.listBooks()),
    getBook: (bookId) => call(() => inner.getBook(bookId)),
    listAccounts: (bookId) => call(() => inner.listAccounts(bookId)),
    getAccounts: (bookId, ids) => call(() => inner.getAccounts(bookId, ids)),
    createAccount: (bookId, account) => call(() => inner.createAccount(bookId, account)),
    listTransactions: (bookId, filter) => call(() => inner.listTransactions(bookId, filter)),
    createTransactions: (bookId, drafts, options) => call(() => inner.createTransactions(bookId, drafts, options)),
    findByRemoteId: (bookId, remoteId) => call(() => inner.findByRemoteId(bookId, remoteId)),
    trashTransaction: (bookId, id) => call(() => inner.trashTransaction(bookId, id)),
    updateTransaction: (bookId, id, patch) => call(() => inner.updateTransaction(bookId, id, patch)),
    postTransactions: (bookId, ids) => call(() => inner.postTransactions(bookId, ids)),
    checkTransactions: (bookId, ids) => call(() => inner.checkTransactions(bookId, ids)),
    uncheckTransactions: (bookId, ids) => call(() => inner.uncheckTransactions(bookId, ids)),
    trashTransactions: (bookId, ids) => call(() => inner.trashTransactions(bookId, ids)),
    restoreTransactions: (bookId, ids) => call(() => inner.restoreTransactions(bookId, ids)),
    editTransaction: (bookId, id, edit) => call(() => inner.editTransaction(bookId, id, edit)),
    listTransactionPage: (bookId, query) => call(() => inner.listTransactionPage(bookId, query)),
    reshapeTransaction: (bookId, id, change) => call(() => inner.reshapeTransaction(bookId, id, change)),
    mergeTransaction: (bookId, fromId, intoId, remoteIds) => call(() => inner.mergeTransaction(bookId, fromId, intoId, remoteIds)),
  };
}
