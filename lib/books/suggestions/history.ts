import type { BookGateway } from "../gateway";
import type { BookAccount, BookTransaction } from "../types";
import { emptySide, learn, suggestAll, type Suggestion, type SuggestionModel } from "./score";

/**
 * What the suggester learns from, read through the BookGateway (local ledger or Bkper alike): the
 * Book's most recent posted and checked transactions, at most HISTORY_LIMIT, a few pages of 200. The
 * model is kept per Book for a few minutes (a Bkper Book is not searched on every page view) and
 * forgotten as soon as a person completes, posts, checks or trashes something in this process.
 */

export const HISTORY_LIMIT = 1000;
const PAGE = 200;

async function readCompleted(gateway: BookGateway, bookId: string, limit: number): Promise<BookTransaction[]> {
  const out: BookTransaction[] = [];
  for (const status of ["posted", "checked"] as const) {
    let cursor: string | undefined;
    do {
      const page = await gateway.listTransactionPage(bookId, { status, limit: PAGE, cursor });
      out.push(...page.items);
      cursor = page.next ?? undefined;
    } while (cursor && out.length < limit);
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

type Entry = { at: number; model: SuggestionModel };

export class SuggestionCache {
  private readonly entries = new Map<string, Entry>();
  constructor(
    readonly ttlMs = 5 * 60_000,
    private readonly maxBooks = 200,
    private readonly now: () => number = Date.now,
  ) {}

  get(bookId: string): SuggestionModel | null {
    const e = this.entries.get(bookId);
    if (!e) return null;
    if (this.now() - e.at > this.ttlMs) {
      this.entries.delete(bookId);
      return null;
    }
    return e.model;
  }

  set(bookId: string, model: SuggestionModel): void {
    this.entries.delete(bookId);
    this.entries.set(bookId, { at: this.now(), model });
    // Oldest first in insertion order: drop beyond the limit.
    while (this.entries.size > this.maxBooks) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(bookId: string): void {
    this.entries.delete(bookId);
  }
}

/** The process's cache (the Book page and its actions share it). */
export const suggestionCache = new SuggestionCache();

/**
 * Suggestions for the one-sided drafts among `transactions` (by transaction id). Reads the history only
 * when there is such a draft and the model is not cached.
 */
export async function suggestionsFor(
  gateway: BookGateway,
  bookId: string,
  transactions: readonly BookTransaction[],
  accounts: readonly BookAccount[],
  cache: SuggestionCache = suggestionCache,
): Promise<Map<string, Suggestion>> {
  if (!transactions.some((t) => emptySide(t) !== null)) return new Map();
  let model = cache.get(bookId);
  if (!model) {
    model = learn(await readCompleted(gateway, bookId, HISTORY_LIMIT), accounts);
    cache.set(bookId, model);
  }
  return suggestAll(model, transactions, accounts);
}
