/// <reference types="@bkper/bkper-api-types" />
import type { z } from "zod";
import { BkperError, MESSAGES } from "./errors";
import type { CallRateLimiter } from "./limits";
import type { Message } from "@/lib/i18n/translate";
import {
  accountListSchema,
  anyBodySchema,
  accountSchema,
  balancesSchema,
  bookListSchema,
  bookSchema,
  errorBodySchema,
  rawTransactionSchema,
  transactionListSchema,
  transactionOperationSchema,
  type BkperAccountIn,
  type BkperAccountOut,
  type BkperBalancesOut,
  type BkperBookOut,
  type BkperTransactionIn,
  type BkperTransactionListOut,
  type BkperTransactionOut,
  type BkperRawTransaction,
} from "./schemas";

/**
 * Where the Google access token for Bkper comes from (the signed-in user's, kept by Auth.js).
 * `getAccessToken` may return a cached token; `refresh` must obtain a new one (Google refresh token)
 * and make later `getAccessToken` calls return it. Either may throw: the client turns that into a
 * BkperError SIGN_IN_REQUIRED. Tokens are never logged nor put in error messages.
 */
export interface TokenSource {
  getAccessToken(): Promise<string>;
  refresh(): Promise<string>;
}

export const BKPER_API_BASE_URL = "https://api.bkper.app";

export type BkperClientOptions = {
  tokens: TokenSource;
  /** Default https://api.bkper.app (the proxy; every path starts with /v5/). */
  baseUrl?: string;
  /** Optional dedicated-quota key, sent as the `bkper-api-key` header (docs/reference/bkper.md §1). */
  apiKey?: string;
  /** Optional `bkper-agent-id` header: fills `agentId` on what we create. */
  agentId?: string;
  /** Per attempt, including reading the body. Default 20 s. */
  timeoutMs?: number;
  /** Retries after the first attempt on 429 / 5xx / network errors / timeouts. Default 3. */
  maxRetries?: number;
  /** First backoff step; doubles each retry, with jitter. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts. A Retry-After beyond it is not waited for: the error says when. Default 30 s. */
  maxRetryDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Paces every call of this quota (lib/books/bkper/limits.ts): each attempt waits for its turn, and a
   * 429 holds the quota's other calls until its Retry-After. None: calls go out as fast as they come.
   */
  rateLimiter?: CallRateLimiter;
  /** Observability hook (never receives tokens). */
  onRetry?: (info: { method: string; path: string; status?: number; attempt: number; delayMs: number }) => void;
};

/** "all": safe to repeat (reads, remote-id-keyed creates, trash). "rate-limit-only": only 429s, which Bkper did not process. */
type RetryPolicy = "all" | "rate-limit-only";

type CallOptions<S extends z.ZodType> = {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  schema: S;
  retry: RetryPolicy;
  /** Message for a 403 (permission) answer. */
  forbidden: Message;
};

type Attempt = { kind: "response"; status: number; headers: Headers; text: string } | { kind: "failed"; timedOut: boolean };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const READ_FORBIDDEN = MESSAGES.readForbidden;
const WRITE_FORBIDDEN = MESSAGES.permission("EDITOR");

/** A small typed REST client for the subset of Bkper v5 the portal uses (docs/reference/bkper.md §1). */
export class BkperClient {
  private readonly tokens: TokenSource;
  private readonly baseUrl: string;
  private readonly apiKey?: string;
  private readonly agentId?: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onRetry?: BkperClientOptions["onRetry"];
  private readonly rateLimiter?: CallRateLimiter;
  private refreshing: Promise<string> | null = null;
  private lastRefresh: { stale: string; fresh: string } | null = null;

  constructor(options: BkperClientOptions) {
    this.tokens = options.tokens;
    this.baseUrl = (options.baseUrl ?? BKPER_API_BASE_URL).replace(/\/+$/, "");
    this.apiKey = options.apiKey;
    this.agentId = options.agentId;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.onRetry = options.onRetry;
    this.rateLimiter = options.rateLimiter;
  }

  // ---- endpoints ----------------------------------------------------------------------------

  async listBooks(): Promise<BkperBookOut[]> {
    const list = await this.call("GET", "/v5/books", { schema: bookListSchema, retry: "all", forbidden: READ_FORBIDDEN });
    return list.items;
  }

  async getBook(bookId: string): Promise<BkperBookOut> {
    return this.call("GET", `/v5/books/${enc(bookId)}`, { schema: bookSchema, retry: "all", forbidden: READ_FORBIDDEN });
  }

  async listAccounts(bookId: string): Promise<BkperAccountOut[]> {
    const list = await this.call("GET", `/v5/books/${enc(bookId)}/accounts`, { schema: accountListSchema, retry: "all", forbidden: READ_FORBIDDEN });
    return list.items;
  }

  async createAccount(bookId: string, account: BkperAccountIn): Promise<BkperAccountOut> {
    const body: bkper.Account = { name: account.name, type: account.type };
    // Not repeated on 5xx/timeouts: a repeat after a lost answer would fail with "name taken".
    return this.call("POST", `/v5/books/${enc(bookId)}/accounts`, { body, schema: accountSchema, retry: "rate-limit-only", forbidden: WRITE_FORBIDDEN });
  }

  /** POST /v5/books/{id}/transactions/batch with a TransactionList. Safe to repeat: every item we send carries remoteIds. */
  async createTransactionsBatch(bookId: string, items: BkperTransactionIn[]): Promise<BkperTransactionOut[]> {
    const body: bkper.TransactionList = { items };
    const list = await this.call("POST", `/v5/books/${enc(bookId)}/transactions/batch`, {
      body,
      schema: transactionListSchema,
      retry: items.every((t) => (t.remoteIds?.length ?? 0) > 0) ? "all" : "rate-limit-only",
      forbidden: WRITE_FORBIDDEN,
    });
    return list.items;
  }

  /** GET /v5/books/{id}/transactions?query=&limit= ; the cursor travels as a `cursor` header (docs/reference/bkper.md §1). */
  async searchTransactions(bookId: string, params: { query: string; limit: number; cursor?: string }): Promise<BkperTransactionListOut> {
    return this.call("GET", `/v5/books/${enc(bookId)}/transactions`, {
      query: { query: params.query, limit: params.limit },
      headers: params.cursor ? { cursor: params.cursor } : undefined,
      schema: transactionListSchema,
      retry: "all",
      forbidden: READ_FORBIDDEN,
    });
  }

  async trashTransaction(bookId: string, transactionId: string): Promise<BkperTransactionOut | undefined> {
    const body: bkper.Transaction = { id: transactionId };
    const op = await this.call("PATCH", `/v5/books/${enc(bookId)}/transactions/trash`, {
      body,
      schema: transactionOperationSchema,
      retry: "all",
      forbidden: WRITE_FORBIDDEN,
    });
    return op.transaction;
  }

  /** GET /v5/books/{id}/balances?query= (bkper-js `getBalances`). */
  async getBalances(bookId: string, query: string): Promise<BkperBalancesOut> {
    return this.call("GET", `/v5/books/${enc(bookId)}/balances`, { query: { query }, schema: balancesSchema, retry: "all", forbidden: READ_FORBIDDEN });
  }

  /** GET /v5/books/{id}/transactions/{transactionId}: the transaction, read for what we use and kept whole to send back on update. */
  async getTransaction(bookId: string, transactionId: string): Promise<BkperRawTransaction> {
    return this.call("GET", `/v5/books/${enc(bookId)}/transactions/${enc(transactionId)}`, { schema: rawTransactionSchema, retry: "all", forbidden: READ_FORBIDDEN });
  }

  /**
   * PUT /v5/books/{id}/transactions with the whole Transaction payload (as bkper-js `Transaction.update()`
   * does: the body replaces the transaction, so it carries every field read, changed or not).
   * Safe to repeat: the same body gives the same transaction.
   */
  async updateTransaction(bookId: string, transaction: Record<string, unknown> & { id: string }): Promise<BkperTransactionOut | undefined> {
    const op = await this.call("PUT", `/v5/books/${enc(bookId)}/transactions`, {
      body: transaction,
      schema: transactionOperationSchema,
      retry: "all",
      forbidden: WRITE_FORBIDDEN,
    });
    return op.transaction;
  }

  /**
   * The workbench's batch PATCHes (bkper-js `Book.batchPostTransactions` & co., docs/reference/bkper.md §1):
   * `transactions/{post|check|uncheck|untrash}/batch` and `transactions/trash/batch?trashChecked=false`,
   * each with a TransactionList of the transactions as read. The answer is not used (bkper-js ignores it).
   * Safe to repeat: posting a posted transaction, checking a checked one… changes nothing.
   */
  async patchTransactionsBatch(bookId: string, op: "post" | "check" | "uncheck" | "trash" | "untrash", items: Record<string, unknown>[]): Promise<void> {
    const body = { items };
    await this.call("PATCH", `/v5/books/${enc(bookId)}/transactions/${op}/batch`, {
      body,
      query: op === "trash" ? { trashChecked: "false" } : undefined,
      schema: anyBodySchema,
      retry: "all",
      forbidden: WRITE_FORBIDDEN,
    });
  }

  // ---- transport -----------------------------------------------------------------------------

  private async call<S extends z.ZodType>(method: string, path: string, options: CallOptions<S>): Promise<z.output<S>> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);

    let token = await this.accessToken();
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      await this.rateLimiter?.take();
      const result = await this.attempt(method, url, token, payload, options.headers);

      if (result.kind === "failed") {
        if (options.retry === "all" && attempt < this.maxRetries) {
          await this.wait(method, path, attempt, this.backoff(attempt), undefined);
          continue;
        }
        throw result.timedOut ? new BkperError("TIMEOUT", MESSAGES.timeout) : new BkperError("UNAVAILABLE", MESSAGES.unavailable());
      }

      const { status, headers, text } = result;
      if (status >= 200 && status < 300) return this.parse(text, options.schema, `${method} ${path.replace(/\/books\/[^/]+/, "/books/{id}")}`);

      if (status === 401) {
        if (refreshed) throw new BkperError("SIGN_IN_REQUIRED", MESSAGES.signIn, { status });
        refreshed = true;
        token = await this.refreshedToken(token);
        attempt--; // a token refresh is not a retry
        continue;
      }

      const error = parseErrorBody(text);
      const rateLimited = status === 429 || (status === 403 && /rate ?limit/i.test(error.reason ?? ""));
      if (rateLimited) {
        const retryAfterMs = parseRetryAfter(headers.get("retry-after"));
        const delay = retryAfterMs ?? this.backoff(attempt);
        if (attempt < this.maxRetries && delay <= this.maxRetryDelayMs) {
          // The whole quota is over: the other calls sharing it wait as this one does, instead of drawing
          // more 429s. (A wait too long to make is not imposed on them: this call fails saying when.)
          this.rateLimiter?.holdFor(delay);
          await this.wait(method, path, attempt, delay, status);
          continue;
        }
        const seconds = retryAfterMs !== undefined ? Math.ceil(retryAfterMs / 1000) : undefined;
        throw new BkperError("RATE_LIMITED", MESSAGES.rateLimited(seconds), { status, reason: error.reason, detail: error.message, retryAfterSeconds: seconds });
      }
      if (status >= 500) {
        if (options.retry === "all" && attempt < this.maxRetries) {
          const retryAfterMs = parseRetryAfter(headers.get("retry-after"));
          await this.wait(method, path, attempt, Math.min(retryAfterMs ?? this.backoff(attempt), this.maxRetryDelayMs), status);
          continue;
        }
        throw new BkperError("UNAVAILABLE", MESSAGES.unavailable(status), { status, reason: error.reason, detail: error.message });
      }
      throw mapClientError(status, error, options.forbidden);
    }
  }

  private async attempt(method: string, url: URL, token: string, payload: string | undefined, extra?: Record<string, string>): Promise<Attempt> {
    const headers: Record<string, string> = { Accept: "application/json", Authorization: `Bearer ${token}`, ...extra };
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    if (this.apiKey) headers["bkper-api-key"] = this.apiKey;
    if (this.agentId) headers["bkper-agent-id"] = this.agentId;
    try {
      const res = await this.fetchImpl(url, { method, headers, body: payload, signal: AbortSignal.timeout(this.timeoutMs), redirect: "error" });
      const text = await res.text();
      return { kind: "response", status: res.status, headers: res.headers, text };
    } catch (err) {
      const name = err instanceof Error ? err.name : "";
      return { kind: "failed", timedOut: name === "TimeoutError" || name === "AbortError" };
    }
  }

  private parse<S extends z.ZodType>(text: string, schema: S, what: string): z.output<S> {
    let json: unknown;
    try {
      json = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      throw new BkperError("BAD_RESPONSE", MESSAGES.badResponse(`${what}: not JSON`));
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((i) => i.path.map(String).join(".") || "(root)")
        .join(", ");
      throw new BkperError("BAD_RESPONSE", MESSAGES.badResponse(`${what}: unexpected shape at ${where}`));
    }
    return parsed.data;
  }

  private async accessToken(): Promise<string> {
    let token: string;
    try {
      token = await this.tokens.getAccessToken();
    } catch {
      throw new BkperError("SIGN_IN_REQUIRED", MESSAGES.signIn, { detail: "the token source could not give an access token" });
    }
    if (!token) throw new BkperError("SIGN_IN_REQUIRED", MESSAGES.signIn, { detail: "no access token" });
    return token;
  }

  /** One refresh for many concurrent 401s; a request that sent an already-replaced token reuses the new one. */
  private async refreshedToken(stale: string): Promise<string> {
    if (this.lastRefresh && this.lastRefresh.stale === stale) return this.lastRefresh.fresh;
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          const fresh = await this.tokens.refresh();
          if (!fresh) throw new Error("empty token");
          this.lastRefresh = { stale, fresh };
          return fresh;
        } catch {
          throw new BkperError("SIGN_IN_REQUIRED", MESSAGES.signIn, { status: 401, detail: "refreshing the Google access token failed" });
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.maxRetryDelayMs, this.retryBaseDelayMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private async wait(method: string, path: string, attempt: number, delayMs: number, status: number | undefined): Promise<void> {
    this.onRetry?.({ method, path, status, attempt: attempt + 1, delayMs });
    await this.sleep(delayMs);
  }
}

const enc = (s: string) => encodeURIComponent(s);

type ErrorInfo = { message?: string; reason?: string };

function parseErrorBody(text: string): ErrorInfo {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const first = parsed.data.error.errors?.[0];
      return { message: clip(parsed.data.error.message ?? first?.message), reason: first?.reason };
    }
  } catch {
    // not JSON: fall through
  }
  return { message: clip(text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim() || undefined) };
}

const clip = (s: string | undefined) => (s && s.length > 300 ? `${s.slice(0, 297)}...` : s);

const LOCKED = /\block(ed)?\b|\bclosing date\b|\bclosed (period|book)\b/i;
const DUPLICATE = /already (exists|in use|taken)|duplicate/i;

function mapClientError(status: number, error: ErrorInfo, forbidden: Message): BkperError {
  const details = { status, reason: error.reason, detail: error.message };
  if (status === 403) return new BkperError("PERMISSION_DENIED", forbidden, details);
  if (status === 404) return new BkperError("NOT_FOUND", MESSAGES.notFound, details);
  if (status === 409 || DUPLICATE.test(error.message ?? "")) return new BkperError("CONFLICT", MESSAGES.invalid(error.message), details);
  if (LOCKED.test(error.message ?? "")) return new BkperError("LOCKED_PERIOD", MESSAGES.locked(error.message), details);
  return new BkperError("INVALID_REQUEST", MESSAGES.invalid(error.message), details);
}

/** Retry-After: delta-seconds or an HTTP date → milliseconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
