/// <reference types="@bkper/bkper-api-types" />
import { isIsoDay } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import type { BookGateway } from "../gateway";
import type { AccountType, BookAccount, BookInfo, BookRoleName, BookSummary, BookTransaction, CreateOptions, NewBookTransaction, TransactionEdit, TransactionPage, TransactionPatch, TransactionQuery, TransactionReshape } from "../types";
import { applyBkper, editBkper, pageBkper, type BkperWorkbenchDeps } from "./workbench";
import { mergeBkper, reshapeBkper, type BkperReshapeDeps } from "./reshape";
import { assertUpdatable, normalisePatch, transactionGone } from "../update-rules";
import { BkperClient, type BkperClientOptions, type TokenSource } from "./client";
import { BkperError, isBkperError, MESSAGES } from "./errors";
import { BKPER_BATCH_SIZE } from "./limits";
import type { BkperTransactionIn } from "./schemas";
import { ACCOUNT_TYPES, draftsFirstNewest, nameKey, remoteIdQuery, roleOf, signedBalances, sortAccounts, toAccount, toBkperDraft, toBookInfo, toTransaction, toUpdateBody } from "./transform";
import { roundDecimal } from "./values";
import { msg } from "@/lib/i18n/translate";

/**
 * Bkper Books behind the BookGateway interface (REST API v5, docs/reference/bkper.md).
 *
 * Transactions are created as drafts (`draft: true`, only the linked Account set) with the provider ids
 * in `remoteIds`. Idempotency has two layers: (1) before creating, the Book is searched for the remote ids
 * (`remoteId:'…'`, trashed ones included) and known ones are returned instead; (2) Bkper itself refuses
 * a second transaction with a remote id already in the Book (docs/reference/bkper.md §2 "Dedup via remoteIds"), so a
 * race that slips past (1) still creates nothing twice: whatever the batch answer holds for such an item
 * (the existing transaction, or nothing), the gateway finds and returns the existing one.
 */

export type CreateStatus = "created" | "existing" | "skipped-locked";

export type CreateResult =
  | { status: "created" | "existing"; transaction: BookTransaction; reason?: undefined }
  | { status: "skipped-locked"; transaction?: undefined; reason: string };

/** One result per draft, in the drafts' order. */
export type DetailedCreate = { results: CreateResult[] };

export interface DetailedTransactionCreator {
  createTransactionsDetailed(bookId: string, drafts: NewBookTransaction[], options?: CreateOptions): Promise<DetailedCreate>;
}

/** For the sync engine: use the detailed create when the gateway has it. */
export function supportsDetailedCreate(gateway: BookGateway): gateway is BookGateway & DetailedTransactionCreator {
  return typeof (gateway as Partial<DetailedTransactionCreator>).createTransactionsDetailed === "function";
}

/** A Bkper Book as listed for one Google account: its settings and the role its permission maps to. */
export type BkperBookEntry = { info: BookInfo; role: BookRoleName };

export type BkperBookGatewayOptions = {
  /** Transactions per batch request: at most Bkper's BKPER_BATCH_SIZE (100, lib/books/bkper/limits.ts), the default. */
  batchSize?: number;
  /** Batch requests of one create call in flight at once (the client's rate limiter still paces them). Default 3. */
  batchesInFlight?: number;
  /** Remote ids per search query (`remoteId:'a' OR remoteId:'b' …`; one per query if Bkper refuses OR). Default 20. */
  lookupChunkSize?: number;
  /** Transactions per search page. Default 100. */
  pageSize?: number;
};

/** Remote ids go inside a quoted query term: keep them to characters that need no escaping. */
const SAFE_REMOTE_ID = /^[^\s'"\\()]{1,200}$/;

export class BkperBookGateway implements BookGateway, DetailedTransactionCreator {
  private readonly batchSize: number;
  private readonly lookupChunkSize: number;
  private readonly pageSize: number;
  private readonly batchesInFlight: number;
  /** Five of Bkper's batches per create call: with three in flight, the round trips overlap and the call rate, not the latency, sets the pace. */
  readonly draftsPerCreate: number;
  /** Books as last read by this gateway: a create within BOOK_FRESH_MS of a read (the poster's getBook) reuses it. */
  private readonly readBooks = new Map<string, { info: BookInfo; at: number }>();
  /** Whether remote-id lookups may combine ids with OR (switched off for good if Bkper refuses it). */
  private orQueries = true;

  constructor(
    private readonly client: BkperClient,
    options: BkperBookGatewayOptions = {},
  ) {
    this.batchSize = Math.max(1, Math.min(options.batchSize ?? BKPER_BATCH_SIZE, BKPER_BATCH_SIZE));
    this.batchesInFlight = Math.max(1, options.batchesInFlight ?? 3);
    this.draftsPerCreate = this.batchSize * 5;
    this.lookupChunkSize = options.lookupChunkSize ?? 20;
    this.pageSize = options.pageSize ?? 100;
  }

  static fromTokens(tokens: TokenSource, clientOptions: Omit<BkperClientOptions, "tokens"> = {}, options?: BkperBookGatewayOptions): BkperBookGateway {
    return new BkperBookGateway(new BkperClient({ ...clientOptions, tokens }), options);
  }

  // ---- Books and Accounts ------------------------------------------------------------------------

  /** Books the Google account can open (permission NONE left out), by name, with the Bkper permission as role. */
  async listBooks(): Promise<BookSummary[]> {
    return (await this.listBookEntries()).map(({ info, role }) => ({ id: info.id, name: info.name, role, currency: info.currency }));
  }

  /** As listBooks, with each Book's settings (one request: Bkper's list carries them). */
  async listBookEntries(): Promise<BkperBookEntry[]> {
    const books = await this.client.listBooks();
    return books
      .flatMap((b) => {
        const role = roleOf(b.permission);
        return role ? [{ info: toBookInfo(b), role }] : [];
      })
      .sort((a, b) => a.info.name.localeCompare(b.info.name) || a.info.id.localeCompare(b.info.id));
  }

  /** Null when the Book does not exist or is not shared with this account (404, 403 or permission NONE). */
  async getBook(bookId: string): Promise<BookInfo | null> {
    return (await this.getBookEntry(bookId))?.info ?? null;
  }

  /** The Book's settings and this account's role on it; null as for getBook. */
  async getBookEntry(bookId: string): Promise<BkperBookEntry | null> {
    try {
      const b = await this.client.getBook(bookId);
      const role = roleOf(b.permission);
      if (!role) return null;
      const info = toBookInfo(b);
      this.readBooks.set(bookId, { info, at: Date.now() });
      return { info, role };
    } catch (err) {
      if (isBkperError(err, "NOT_FOUND") || isBkperError(err, "PERMISSION_DENIED")) return null;
      throw err;
    }
  }

  async listAccounts(bookId: string): Promise<BookAccount[]> {
    return sortAccounts((await this.client.listAccounts(bookId)).map(toAccount));
  }

  /** Bkper lists a Book's Accounts in one call; one call per id would cost more. */
  async getAccounts(bookId: string, ids: readonly string[]): Promise<BookAccount[]> {
    if (ids.length === 0) return [];
    const wanted = new Set(ids);
    return (await this.listAccounts(bookId)).filter((a) => wanted.has(a.id));
  }

  /** Same rules as local Books: trimmed name, inner spaces collapsed, a name taken in any case → CONFLICT. */
  async createAccount(bookId: string, account: { name: string; type: AccountType }): Promise<BookAccount> {
    const name = account.name.trim().replace(/\s+/g, " ");
    if (!name) throw new AppError("INVALID_INPUT", msg("bookErrors.accountNeedsName"), { name: msg("server.enterName") });
    if (!ACCOUNT_TYPES.includes(account.type)) throw new AppError("INVALID_INPUT", msg("bookErrors.unknownType", { type: String(account.type) }));
    const existing = (await this.client.listAccounts(bookId)).find((a) => nameKey(a.name) === nameKey(name));
    if (existing) throw taken(existing.name);
    try {
      return toAccount(await this.client.createAccount(bookId, { name, type: account.type }));
    } catch (err) {
      if (isBkperError(err, "CONFLICT")) throw taken(name);
      throw err;
    }
  }

  /**
   * Each Account's balance now, from Bkper's balances report (`before:$d+1`: everything up to today in
   * the Book's time zone), with the sign our Books use (ASSET/OUTGOING grow with debits, LIABILITY/INCOMING
   * with credits). Null when Bkper gives no per-Account balances (a report too large, sent as a file
   * URL, or none at all): the page then says the balances are in Bkper rather than showing wrong ones.
   */
  async accountBalances(bookId: string, accounts: BookAccount[]): Promise<Map<string, string> | null> {
    const book = await this.requireBook(bookId);
    let report;
    try {
      report = await this.client.getBalances(bookId, "before:$d+1");
    } catch (err) {
      if (isBkperError(err, "INVALID_REQUEST")) return null; // the query is our reading of Bkper's language
      throw err;
    }
    return signedBalances(report, accounts, book.fractionDigits);
  }

  // ---- Transactions ------------------------------------------------------------------------------

  async listTransactions(bookId: string, filter: { accountId?: string; includeTrashed?: boolean; limit?: number } = {}): Promise<BookTransaction[]> {
    const limit = Math.max(1, Math.min(filter.limit ?? 500, 5000));
    const [book, accountName] = await Promise.all([
      this.requireBook(bookId),
      filter.accountId ? this.client.listAccounts(bookId).then((list) => list.find((a) => a.id === filter.accountId)?.name ?? null) : Promise.resolve(undefined),
    ]);
    if (accountName === null) return []; // no such Account in this Book
    // account:'Name' narrows the search; names Bkper's query language cannot quote safely are filtered here only.
    const base = accountName && !/['\\]/.test(accountName) ? `account:'${accountName}'` : "";
    const queries = [base, ...(filter.includeTrashed ? [`is:trashed ${base}`.trim()] : [])];
    const seen = new Map<string, BookTransaction>();
    for (const query of queries) {
      for (const t of await this.search(bookId, query, book.fractionDigits, limit)) if (!seen.has(t.id)) seen.set(t.id, t);
    }
    let rows = [...seen.values()];
    if (filter.accountId) rows = rows.filter((t) => t.creditAccountId === filter.accountId || t.debitAccountId === filter.accountId);
    if (!filter.includeTrashed) rows = rows.filter((t) => !t.trashed);
    return draftsFirstNewest(rows).slice(0, limit);
  }

  /** The transaction holding this remote id, trashed ones included (so a trashed draft is never re-created). */
  async findByRemoteId(bookId: string, remoteId: string): Promise<BookTransaction | null> {
    checkRemoteId(remoteId);
    const book = await this.requireBook(bookId);
    return (await this.lookupRemoteIds(bookId, [remoteId], book.fractionDigits)).get(remoteId) ?? null;
  }

  /** Trashes a transaction; a transaction Bkper does not know (404) is taken as already gone. */
  async trashTransaction(bookId: string, transactionId: string): Promise<void> {
    try {
      await this.client.trashTransaction(bookId, transactionId);
    } catch (err) {
      if (isBkperError(err, "NOT_FOUND")) return;
      throw err;
    }
  }

  /**
   * Reads the transaction (GET …/transactions/{id}), refuses a checked or trashed one or a locked date, then
   * sends it back whole with the new date, amount and description (PUT …/transactions): a PUT replaces the
   * transaction, so Accounts, remote ids, properties, files and urls travel unchanged. The derived
   * `dateValue` / `dateFormatted` are left out (Bkper derives them from `date`); a zero amount is left
   * out, as bkper-js does.
   */
  async updateTransaction(bookId: string, transactionId: string, patch: TransactionPatch): Promise<BookTransaction> {
    const book = await this.requireBook(bookId);
    const p = normalisePatch(patch, book.fractionDigits);
    const current = await this.client.getTransaction(bookId, transactionId).catch((err: unknown) => {
      throw isBkperError(err, "NOT_FOUND") ? transactionGone() : err;
    });
    assertUpdatable(toTransaction(current.transaction, book.fractionDigits), p.date, book);
    const updated = await this.client.updateTransaction(bookId, toUpdateBody(current.raw, current.transaction.id, p)).catch((err: unknown) => {
      throw isBkperError(err, "NOT_FOUND") ? transactionGone() : err;
    });
    if (updated) return toTransaction(updated, book.fractionDigits);
    return toTransaction((await this.client.getTransaction(bookId, transactionId)).transaction, book.fractionDigits);
  }

  /**
   * BookGateway.createTransactions: the transactions created or found for the drafts, in the drafts'
   * order, **leaving out drafts dated on or before the Book's lock/closing date** (they are not posted).
   * When nothing is locked, it is exactly one transaction per draft. Callers that must know which
   * drafts were skipped use createTransactionsDetailed.
   */
  async createTransactions(bookId: string, drafts: NewBookTransaction[], options?: CreateOptions): Promise<BookTransaction[]> {
    const { results } = await this.createTransactionsDetailed(bookId, drafts, options);
    return results.flatMap((r) => (r.transaction ? [r.transaction] : []));
  }

  /**
   * One result per draft, in order:
   * - `created`: a new draft transaction in the Book;
   * - `existing`: a transaction with one of the draft's remote ids was already in the Book (or appeared
   *   earlier in the same call): it is returned untouched;
   * - `skipped-locked`: dated on or before the Book's lock or closing date; nothing was sent; `reason`
   *   says which date.
   * Amounts are sent as absolute values rounded (half away from zero) to the Book's fraction digits;
   * dates as ISO yyyy-MM-dd (the engine already gives the date in the Book's time zone).
   * If Bkper refuses a locked date anyway (the lock moved meanwhile), the Book is read again and the
   * call is redone once; what was already created is then found by remote id, never created twice.
   *
   * The Book is the one this gateway read in the last BOOK_FRESH_MS (the poster reads it just before),
   * else read now. With `firstAttempt`, the remote ids are not searched for first (that costs two
   * searches per 20 ids, more calls than the batches themselves): Bkper's own remote-id idempotency
   * keeps a draft sent before (a crash after the call) from being created twice — what its answer
   * holds for it is taken as it is, or looked up when left out — and a Bkper that refuses the whole
   * batch instead gets the call redone with the search. Such a draft may then be reported `created`.
   */
  async createTransactionsDetailed(bookId: string, drafts: NewBookTransaction[], options: CreateOptions = {}): Promise<DetailedCreate> {
    for (const d of drafts) {
      if (!isIsoDay(d.date)) throw new AppError("INVALID_INPUT", msg("bookErrors.notADate", { value: d.date }));
      roundDecimal(d.amount, 8); // throws INVALID_INPUT on a malformed amount
      d.remoteIds.forEach(checkRemoteId);
    }
    if (drafts.length === 0) return { results: [] };
    const createdIds = new Set<string>();
    let search = options.firstAttempt !== true;
    for (let attempt = 0; ; attempt++) {
      const recent = attempt === 0 ? this.readBooks.get(bookId) : undefined;
      const book = recent && Date.now() - recent.at < BOOK_FRESH_MS ? recent.info : await this.requireBook(bookId);
      try {
        return await this.createWithBook(bookId, book, drafts, createdIds, search);
      } catch (err) {
        if (attempt === 0 && isBkperError(err, "LOCKED_PERIOD")) continue;
        if (attempt === 0 && !search && isBkperError(err, "CONFLICT")) {
          search = true;
          continue;
        }
        throw err;
      }
    }
  }

  // ---- the workbench (./workbench.ts) ------------------------------------------------------------

  private get workbench(): BkperWorkbenchDeps {
    return {
      client: this.client,
      entry: async (bookId) => {
        const entry = await this.getBookEntry(bookId);
        if (!entry) throw new BkperError("NOT_FOUND", MESSAGES.notFound);
        return entry;
      },
      accounts: (bookId) => this.listAccounts(bookId),
      batchSize: this.batchSize,
    };
  }

  postTransactions(bookId: string, ids: string[]): Promise<void> {
    return applyBkper(this.workbench, bookId, "post", ids);
  }

  checkTransactions(bookId: string, ids: string[]): Promise<void> {
    return applyBkper(this.workbench, bookId, "check", ids);
  }

  uncheckTransactions(bookId: string, ids: string[]): Promise<void> {
    return applyBkper(this.workbench, bookId, "uncheck", ids);
  }

  trashTransactions(bookId: string, ids: string[]): Promise<void> {
    return applyBkper(this.workbench, bookId, "trash", ids);
  }

  restoreTransactions(bookId: string, ids: string[]): Promise<void> {
    return applyBkper(this.workbench, bookId, "restore", ids);
  }

  editTransaction(bookId: string, transactionId: string, edit: TransactionEdit): Promise<BookTransaction> {
    return editBkper(this.workbench, bookId, transactionId, edit);
  }

  listTransactionPage(bookId: string, query: TransactionQuery): Promise<TransactionPage> {
    return pageBkper(this.workbench, bookId, query);
  }

  // ---- transfer pairing (./reshape.ts) -----------------------------------------------------------

  private get reshapeDeps(): BkperReshapeDeps {
    return {
      client: this.client,
      book: (bookId) => this.requireBook(bookId),
      accounts: (bookId) => this.listAccounts(bookId),
      holders: (bookId, remoteIds, fd) => {
        remoteIds.forEach(checkRemoteId);
        return this.lookupRemoteIds(bookId, remoteIds, fd);
      },
    };
  }

  reshapeTransaction(bookId: string, transactionId: string, change: TransactionReshape): Promise<BookTransaction> {
    (change.addRemoteIds ?? []).forEach(checkRemoteId);
    return reshapeBkper(this.reshapeDeps, bookId, transactionId, change);
  }

  mergeTransaction(bookId: string, fromId: string, intoId: string, remoteIds: string[]): Promise<BookTransaction> {
    remoteIds.forEach(checkRemoteId);
    return mergeBkper(this.reshapeDeps, bookId, fromId, intoId, remoteIds);
  }

  // ---- internals ---------------------------------------------------------------------------------

  private async createWithBook(bookId: string, book: BookInfo, drafts: NewBookTransaction[], createdIds: Set<string>, search: boolean): Promise<DetailedCreate> {
    const fd = book.fractionDigits;
    const results: (CreateResult | undefined)[] = drafts.map((d) => {
      const reason = lockedReason(d.date, book);
      return reason ? { status: "skipped-locked", reason } : undefined;
    });
    const open = drafts.map((d, index) => ({ d, index })).filter(({ index }) => !results[index]);

    const existing = search ? await this.lookupRemoteIds(bookId, unique(open.flatMap(({ d }) => d.remoteIds)), fd) : new Map<string, BookTransaction>();
    const claimedBy = new Map<string, number>(); // remote id → index of the draft in this call that creates it
    const aliases: { index: number; of: number }[] = [];
    const toCreate: { index: number; remoteIds: string[]; body: BkperTransactionIn }[] = [];
    for (const { d, index } of open) {
      const found = d.remoteIds.map((r) => existing.get(r)).find((t) => t !== undefined);
      if (found) {
        results[index] = { status: createdIds.has(found.id) ? "created" : "existing", transaction: found };
        continue;
      }
      const twin = d.remoteIds.map((r) => claimedBy.get(r)).find((i) => i !== undefined);
      if (twin !== undefined) {
        aliases.push({ index, of: twin });
        continue;
      }
      d.remoteIds.forEach((r) => claimedBy.set(r, index));
      toCreate.push({ index, remoteIds: d.remoteIds, body: toBkperDraft(d, fd) });
    }

    const chunks: (typeof toCreate)[] = [];
    for (let start = 0; start < toCreate.length; start += this.batchSize) chunks.push(toCreate.slice(start, start + this.batchSize));
    const sendChunk = async (chunk: typeof toCreate) => {
      const answer = (await this.client.createTransactionsBatch(bookId, chunk.map((c) => c.body))).map((t) => toTransaction(t, fd));
      const positional =
        answer.length === chunk.length && chunk.every((c, i) => c.remoteIds.length === 0 || c.remoteIds.some((r) => answer[i]!.remoteIds.includes(r)));
      const byRemoteId = new Map<string, BookTransaction>();
      for (const t of answer) for (const r of t.remoteIds) if (!byRemoteId.has(r)) byRemoteId.set(r, t);
      const missing: typeof chunk = [];
      chunk.forEach((c, i) => {
        const t = positional ? answer[i] : c.remoteIds.map((r) => byRemoteId.get(r)).find((x) => x !== undefined);
        if (t) {
          createdIds.add(t.id);
          results[c.index] = { status: "created", transaction: t };
        } else missing.push(c);
      });
      if (missing.length > 0) {
        // Bkper left items out of its answer: with remote ids, it de-duplicated them against the Book.
        if (missing.some((c) => c.remoteIds.length === 0)) {
          throw new BkperError("BAD_RESPONSE", MESSAGES.badResponse("the batch answer does not match the transactions sent"));
        }
        const found = await this.lookupRemoteIds(bookId, unique(missing.flatMap((c) => c.remoteIds)), fd);
        for (const c of missing) {
          const t = c.remoteIds.map((r) => found.get(r)).find((x) => x !== undefined);
          if (!t) throw new BkperError("BAD_RESPONSE", MESSAGES.badResponse(`Bkper did not confirm the transaction with remote id ${c.remoteIds[0]}`));
          results[c.index] = { status: "existing", transaction: t };
        }
      }
    };
    await inFlight(chunks, this.batchesInFlight, sendChunk);

    for (const { index, of } of aliases) {
      const first = results[of];
      if (!first?.transaction) throw new BkperError("BAD_RESPONSE", MESSAGES.badResponse("a duplicated remote id in the same call was not resolved"));
      results[index] = { status: "existing", transaction: first.transaction };
    }
    return { results: results.map((r) => r!) };
  }

  /** remote id → transaction, searching non-trashed first, then trashed for the ids still unknown. */
  private async lookupRemoteIds(bookId: string, remoteIds: string[], fractionDigits: number): Promise<Map<string, BookTransaction>> {
    const found = new Map<string, BookTransaction>();
    const wanted = new Set(remoteIds);
    for (const trashed of [false, true]) {
      const pending = remoteIds.filter((r) => !found.has(r));
      const chunkSize = this.orQueries ? this.lookupChunkSize : 1;
      for (let i = 0; i < pending.length; i += chunkSize) {
        const chunk = pending.slice(i, i + chunkSize);
        let rows: BookTransaction[];
        try {
          rows = await this.search(bookId, remoteIdQuery(chunk, trashed), fractionDigits, 1000);
        } catch (err) {
          // `OR` in Bkper's query language is our reading, not documented: if Bkper refuses it, ask one id at a time.
          if (chunk.length === 1 || !isBkperError(err, "INVALID_REQUEST")) throw err;
          this.orQueries = false;
          rows = [];
          for (const r of chunk) rows.push(...(await this.search(bookId, remoteIdQuery([r], trashed), fractionDigits, 1000)));
        }
        for (const t of rows) for (const r of t.remoteIds) if (wanted.has(r) && !found.has(r)) found.set(r, t);
      }
    }
    return found;
  }

  private async search(bookId: string, query: string, fractionDigits: number, max: number): Promise<BookTransaction[]> {
    const out: BookTransaction[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.searchTransactions(bookId, { query, limit: Math.min(this.pageSize, max - out.length), cursor });
      out.push(...page.items.map((t) => toTransaction(t, fractionDigits)));
      cursor = page.items.length > 0 ? page.cursor : undefined;
    } while (cursor && out.length < max);
    return out;
  }

  private async requireBook(bookId: string): Promise<BookInfo> {
    const b = await this.client.getBook(bookId);
    if (roleOf(b.permission) === null) throw new BkperError("NOT_FOUND", MESSAGES.notFound);
    const info = toBookInfo(b);
    this.readBooks.set(bookId, { info, at: Date.now() });
    return info;
  }
}

/** How long a Book this gateway read stays good for a create (the poster reads it right before posting). */
const BOOK_FRESH_MS = 3_000;

/** Runs `work` on every item, at most `limit` at once; the first failure is thrown once all started ones settled. */
async function inFlight<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | null = null;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw (failure as { err: unknown }).err;
}

function lockedReason(date: string, book: BookInfo): string | null {
  if (book.closingDate && date <= book.closingDate) return `On or before the Book's closing date (${book.closingDate}).`;
  if (book.lockDate && date <= book.lockDate) return `On or before the Book's lock date (${book.lockDate}).`;
  return null;
}


function checkRemoteId(remoteId: string): void {
  if (!SAFE_REMOTE_ID.test(remoteId)) {
    throw new AppError("INVALID_INPUT", msg("bookErrors.badRemoteId", { value: JSON.stringify(remoteId).slice(0, 60) }));
  }
}

const taken = (name: string) => new AppError("CONFLICT", msg("bookErrors.nameTaken", { name }), { name: msg("bookErrors.nameTakenField") });
const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
