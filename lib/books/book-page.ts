import { AppError, type ErrorCode } from "@/lib/errors";
import { balancesFor } from "./book-balances";
import type { BookGateway } from "./gateway";
import { bookAccountIdSchema } from "./ids";
import { suggestionsFor } from "./suggestions/history";
import type { Suggestion } from "./suggestions/score";
import { z } from "zod";
import type { BookAccount, BookInfo, BookSummary, BookTransaction, TransactionStatusFilter } from "./types";
import { TRANSACTION_STATUSES } from "./types";

/** The Book page's filters as they travel in its URL (?status=&q=&from=&to=&cursor=); a bad value is dropped. */
export type BookFilters = { status: TransactionStatusFilter; text?: string; from?: string; to?: string; cursor?: string };

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export function parseBookFilters(params: Record<string, unknown>): BookFilters {
  const pick = <T>(schema: z.ZodType<T>, v: unknown): T | undefined => {
    const r = schema.safeParse(one(v));
    return r.success ? r.data : undefined;
  };
  const filters: BookFilters = { status: pick(z.enum(TRANSACTION_STATUSES), params.status) ?? "all" };
  const text = pick(z.string().trim().min(1).max(100), params.q);
  const from = pick(day, params.from);
  const to = pick(day, params.to);
  const cursor = pick(z.string().min(1).max(4000).regex(/^[A-Za-z0-9_-]+$/), params.cursor);
  if (text) filters.text = text;
  if (from) filters.from = from;
  if (to && (!from || to >= from)) filters.to = to;
  if (cursor) filters.cursor = cursor;
  return filters;
}

/** Transactions per page on the Book page. */
export const BOOK_PAGE_SIZE = 50;

/** What the Book page shows, read through the user's gateway (local Books or Bkper). */
export type BookPageData = {
  book: BookInfo;
  accounts: BookAccount[];
  selected: BookAccount | undefined;
  transactions: BookTransaction[];
  /** Cursors of the neighbouring pages (null: none). */
  next: string | null;
  previous: string | null;
  /** Null when the balances cannot be known exactly (Bkper sent no per-Account report). */
  balances: Map<string, string> | null;
  /** The suggested other Account of the page's one-sided drafts, by transaction id (empty unless asked for). */
  suggestions: Map<string, Suggestion>;
};

/** A problem the page explains in words instead of failing: Bkper refused, is down, wants a new sign-in. */
export type BookProblem = { code: ErrorCode; message: string; signInAgain: boolean; retryable: boolean };

export type Loaded<T> = { ok: true; data: T } | { ok: false; problem: BookProblem };

/** Null when the Book is not (or no longer) there for this user. */
export async function loadBookPage(gateway: BookGateway, bookId: string, accountParam: unknown, filters: BookFilters = { status: "all" }, opts: { suggest?: boolean } = {}): Promise<Loaded<BookPageData | null>> {
  return explainBookErrors(async () => {
    const book = await gateway.getBook(bookId);
    if (!book) return null;
    const accounts = await gateway.listAccounts(bookId);
    const wanted = bookAccountIdSchema.safeParse(accountParam);
    const selected = wanted.success ? accounts.find((a) => a.id === wanted.data) : undefined;
    const [page, balances] = await Promise.all([
      gateway.listTransactionPage(bookId, { ...filters, accountId: selected?.id, limit: BOOK_PAGE_SIZE }),
      balancesFor(gateway, bookId, accounts, book.fractionDigits),
    ]);
    const suggestions = opts.suggest ? await suggestionsOrNone(gateway, bookId, page.items, accounts) : new Map<string, Suggestion>();
    return { book, accounts, selected, transactions: page.items, next: page.next, previous: page.previous, balances, suggestions };
  });
}

/** Suggestions help; they never stop the page: a Book that cannot be read for them shows none. */
async function suggestionsOrNone(gateway: BookGateway, bookId: string, items: BookTransaction[], accounts: BookAccount[]): Promise<Map<string, Suggestion>> {
  try {
    return await suggestionsFor(gateway, bookId, items, accounts);
  } catch (err) {
    console.error(`[books] no suggestions for Book ${bookId}: ${err instanceof Error ? err.message.split("\n")[0] : "failed"}`);
    return new Map();
  }
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
