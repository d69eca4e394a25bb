import { AppError, type ErrorCode } from "@/lib/errors";
import { balancesFor } from "./book-balances";
import type { BookGateway } from "./gateway";
import { bookAccountIdSchema } from "./ids";
import type { BookAccount, BookInfo, BookSummary, BookTransaction } from "./types";

/** What the Book page shows, read through the user's gateway (local Books or Bkper). */
export type BookPageData = {
  book: BookInfo;
  accounts: BookAccount[];
  selected: BookAccount | undefined;
  transactions: BookTransaction[];
  /** Null when the balances cannot be known exactly (Bkper sent no per-Account report). */
  balances: Map<string, string> | null;
};

/** A problem the page explains in words instead of failing: Bkper refused, is down, wants a new sign-in. */
export type BookProblem = { code: ErrorCode; message: string; signInAgain: boolean; retryable: boolean };

export type Loaded<T> = { ok: true; data: T } | { ok: false; problem: BookProblem };

/** Null when the Book is not (or no longer) there for this user. */
export async function loadBookPage(gateway: BookGateway, bookId: string, accountParam: unknown): Promise<Loaded<BookPageData | null>> {
  return explainBookErrors(async () => {
    const book = await gateway.getBook(bookId);
    if (!book) return null;
    const accounts = await gateway.listAccounts(bookId);
    const wanted = bookAccountIdSchema.safeParse(accountParam);
    const selected = wanted.success ? accounts.find((a) => a.id === wanted.data) : undefined;
    const [transactions, balances] = await Promise.all([
      gateway.listTransactions(bookId, selected ? { accountId: selected.id } : {}),
      balancesFor(gateway, bookId, accounts, book.fractionDigits),
    ]);
    return { book, accounts, selected, transactions, balances };
  });
}

export async function loadBookList(gateway: BookGateway): Promise<Loaded<BookSummary[]>> {
  return explainBookErrors(() => gateway.listBooks());
}

/** Runs a Book read; an AppError (Bkper refused, is down, wants a new sign-in) becomes a problem to show. */
export async function explainBookErrors<T>(load: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await load() };
  } catch (err) {
    // AppErrors (BkperError among them) carry a message meant for people; anything else is a bug: rethrown.
    if (!(err instanceof AppError)) throw err;
    const retryable = "retryable" in err && err.retryable === true;
    return { ok: false, problem: { code: err.code, message: err.message, signInAgain: err.code === "UNAUTHENTICATED", retryable } };
  }
}
