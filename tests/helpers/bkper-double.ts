/// <reference types="@bkper/bkper-api-types" />
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { search } from "./bkper/double-query";
import { HttpFail, MANAGE_ACCOUNTS, RECORD, VIEW, type AccountType, type DoubleOptions, type Fault, type Permission, type RecordedRequest, type StoredBook, type StoredTransaction } from "./bkper/double-types";
import { accountJson, allow, bookJson, defaultMessage, defaultReason, errorEnvelope, expectObject, readBody, txJson } from "./bkper/double-wire";
import { balances, createAccount, createBatch, updateTransaction, type DoubleContext } from "./bkper/double-writes";
import { WORKBENCH_PATHS, workbenchBatch, type WorkbenchPath } from "./bkper/double-workbench";
import { DoubleRateLimit } from "./bkper/double-rate";
import { BKPER_BATCH_SIZE } from "@/lib/books/bkper/limits";

export type { DoubleOptions, Fault, Permission, RecordedRequest, StoredAccount, StoredBook, StoredTransaction } from "./bkper/double-types";

/**
 * A local stand-in for the subset of Bkper REST API v5 the BkperBookGateway uses (docs/reference/bkper.md §1, §4),
 * on 127.0.0.1 and a free port. Test-only: app code must never import it.
 *
 * What it checks and enforces:
 * - `Authorization: Bearer <token>` on every call; tokens are issued here, expire (→ 401 with Google's
 *   error envelope) and can be revoked.
 * - JSON bodies against the api-types shapes we send: unknown fields, read-only fields, wrong types,
 *   missing required fields → 400 `{error:{code,message,errors:[{domain,reason,message}]}}`. Amounts must
 *   be positive dot-decimal strings with no more decimals than the Book's fraction digits.
 * - Permissions per Book and user: view (OWNER, EDITOR, POSTER, VIEWER), record drafts (OWNER, EDITOR,
 *   POSTER, RECORDER), manage Accounts (OWNER, EDITOR); a Book the user has no permission on → 403,
 *   an unknown Book → 404.
 * - Remote-id idempotency per Book (trashed transactions included): a batch item whose remote id is
 *   already in the Book creates nothing. docs/reference/bkper.md leaves open what the batch answer then holds; both
 *   are modelled: `duplicateRemoteIds: "return-existing"` (default) or `"omit"`, and `"refuse"` (the whole batch → 400).
 * - Lock / closing dates: a batch with any item dated on or before either → 400 for the whole batch
 *   (docs/reference/bkper.md §4: such inserts "will fail"; the exact wording of Bkper's message is not public, ours
 *   mentions "lock date" / "closing date"). Unset dates are answered as "1900-00-00", the sentinel
 *   bkper-js writes for "no date".
 * - An Account name already in the Book (any case) → 400 "Account name already in use" (invented
 *   wording: Bkper's is not public).
 * - The search query language subset: `remoteId:'x'`, `account:'Name'`, `is:trashed|draft|posted|checked|unchecked`,
 *   `after:yyyy-MM-dd` (inclusive), `before:yyyy-MM-dd` (exclusive), `on:yyyy-MM-dd`,
 *   `OR`, `AND`, parentheses, free words (description); trashed excluded unless `is:trashed`. Anything
 *   else → 400. Pagination by `limit` and a `cursor` header.
 * - Updates (PUT /transactions, GET /transactions/{id}): the body replaces the transaction; checked or
 *   trashed ones and locked dates are refused (docs/reference/bkper.md §1 "Update transaction(s)", bkper-js `Transaction.update`).
 * - The workbench PATCHes `transactions/{post|check|uncheck|trash|untrash}/batch` (./bkper/double-workbench.ts).
 * - GET /balances (`before:$d+1`): raw cumulative balances per Account; and `/token`, a stand-in for
 *   Google's token endpoint that renews access tokens for registered refresh tokens.
 * - Injected faults: a status (429 with Retry-After, 5xx, …), a raw body (malformed JSON), or a delay.
 * - Bkper's limits when asked (`options`): a latency on every call, a rate per user beyond which calls
 *   are answered 429 with Retry-After (counted in `rateLimited`), and the batch size (`maxBatchSize`,
 *   100 by default: a bigger batch create → 400).
 */


export class BkperDouble implements DoubleContext {
  url = "";
  readonly requests: RecordedRequest[] = [];
  /** Server-side bugs (a 500 the test did not ask for): tests assert it stays empty. */
  readonly crashes: string[] = [];
  readonly options: DoubleOptions = { duplicateRemoteIds: "return-existing", rejectOr: false, balances: "report", latencyMs: 0, rateLimit: null, maxBatchSize: BKPER_BATCH_SIZE };
  /** Calls answered 429 by the rate limit (not by injected faults). */
  rateLimited = 0;
  private readonly rate = new DoubleRateLimit();
  /** Called just before a batch / Account create is applied: lets a test change the Book "concurrently". */
  readonly hooks: { beforeBatchCreate?: (book: StoredBook) => void; beforeAccountCreate?: (book: StoredBook) => void } = {};

  private server: http.Server | null = null;
  private readonly books = new Map<string, StoredBook>();
  private readonly tokens = new Map<string, { user: string; expiresAt: number; revoked: boolean }>();
  private readonly refreshTokens = new Map<string, string>();
  private faults: (Fault & { left: number })[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private seq = 0;

  static async start(options: Partial<DoubleOptions> = {}): Promise<BkperDouble> {
    const d = new BkperDouble();
    Object.assign(d.options, options);
    d.server = http.createServer((req, res) => void d.handle(req, res));
    await new Promise<void>((resolve) => d.server!.listen(0, "127.0.0.1", resolve));
    d.url = `http://127.0.0.1:${(d.server.address() as AddressInfo).port}`;
    return d;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  // ---- test controls -----------------------------------------------------------------------------

  issueToken(user: string, ttlMs = 3_600_000): string {
    const token = `ya29.double-${randomBytes(12).toString("hex")}`;
    this.tokens.set(token, { user, expiresAt: Date.now() + ttlMs, revoked: false });
    return token;
  }

  /**
   * Google's token endpoint stand-in, at `${url}/token`: a refresh token registered here for a user is
   * exchanged (grant_type=refresh_token) for a new access token to this double, as GoogleTokenSource asks.
   */
  registerRefreshToken(refreshToken: string, user: string): void {
    this.refreshTokens.set(refreshToken, user);
  }

  private googleToken(method: string, contentType: string | undefined, raw: string): { status: number; body: unknown } {
    this.requests.push({ method, path: "/token", query: {} });
    const form = new URLSearchParams(raw);
    if (method !== "POST" || !/^application\/x-www-form-urlencoded\b/.test(contentType ?? "") || form.get("grant_type") !== "refresh_token" || !form.get("client_id")) {
      return { status: 400, body: { error: "invalid_request" } };
    }
    const user = this.refreshTokens.get(form.get("refresh_token") ?? "");
    if (!user) return { status: 400, body: { error: "invalid_grant", error_description: "Token has been expired or revoked." } };
    return { status: 200, body: { access_token: this.issueToken(user), expires_in: 3599, token_type: "Bearer", scope: "openid email profile" } };
  }

  expireToken(token: string): void {
    const t = this.tokens.get(token);
    if (t) t.expiresAt = 0;
  }

  addBook(spec: {
    id?: string;
    name: string;
    permissions: Record<string, Permission>;
    fractionDigits?: number;
    timeZone?: string;
    datePattern?: string;
    decimalSeparator?: "DOT" | "COMMA";
    lockDate?: string | null;
    closingDate?: string | null;
    properties?: Record<string, string>;
    accounts?: { name: string; type: AccountType }[];
  }): StoredBook {
    const book: StoredBook = {
      id: spec.id ?? this.nextId("book"),
      name: spec.name,
      fractionDigits: spec.fractionDigits ?? 2,
      timeZone: spec.timeZone ?? "America/New_York",
      datePattern: spec.datePattern ?? "MM/dd/yyyy",
      decimalSeparator: spec.decimalSeparator ?? "DOT",
      lockDate: spec.lockDate ?? null,
      closingDate: spec.closingDate ?? null,
      properties: { ...(spec.properties ?? {}) },
      permissions: new Map(Object.entries(spec.permissions)),
      accounts: [],
      transactions: [],
    };
    for (const a of spec.accounts ?? []) book.accounts.push({ id: this.nextId("acc"), name: a.name, type: a.type, archived: false, createdAt: Date.now() });
    this.books.set(book.id, book);
    return book;
  }

  book(id: string): StoredBook {
    const b = this.books.get(id);
    if (!b) throw new Error(`no book ${id} in the double`);
    return b;
  }

  /** Adds a transaction directly (as if another client had created it). */
  insertTransaction(bookId: string, tx: Partial<StoredTransaction> & { date: string; remoteIds: string[] }): StoredTransaction {
    const stored: StoredTransaction = { id: this.nextId("tx"), description: "", posted: false, checked: false, trashed: false, properties: {}, createdAt: Date.now(), ...tx };
    this.book(bookId).transactions.push(stored);
    return stored;
  }

  fail(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  // ---- HTTP --------------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://double");
    const method = req.method ?? "GET";
    const rec: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams) };
    const cursor = req.headers["cursor"];
    if (typeof cursor === "string") rec.cursor = cursor;
    this.requests.push(rec);
    // The client may have given up (timeout) by the time we answer: the work is still done, like a
    // real server would, only the answer goes nowhere.
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      rec.status = status;
      if (res.destroyed || res.headersSent) return;
      res.writeHead(status, { "Content-Type": "application/json; charset=UTF-8", ...headers });
      res.end(body);
    };
    try {
      const raw = await readBody(req);
      if (url.pathname === "/token") {
        const answer = this.googleToken(method, req.headers["content-type"], raw);
        send(answer.status, JSON.stringify(answer.body));
        return;
      }
      const limited = this.options.rateLimit ? this.rate.refuse(req.headers.authorization ?? "", this.options.rateLimit, Date.now()) : null;
      if (limited) {
        this.rateLimited += 1;
        send(429, JSON.stringify(errorEnvelope(429, "Rate limit exceeded. Slow down.", "rateLimitExceeded")), { "Retry-After": String(limited.retryAfterSeconds) });
        return;
      }
      if (this.options.latencyMs > 0) {
        await this.sleep(this.options.latencyMs);
        if (!this.server) return;
      }
      const fault = this.takeFault(method, url.pathname);
      if (fault?.delayMs) {
        await this.sleep(fault.delayMs);
        if (!this.server) return;
      }
      if (fault?.status !== undefined) {
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { "Retry-After": fault.retryAfter } : {};
        send(fault.status, fault.body ?? JSON.stringify(errorEnvelope(fault.status, fault.message ?? defaultMessage(fault.status), fault.reason ?? defaultReason(fault.status))), headers);
        return;
      }
      const user = this.authenticate(req.headers.authorization);
      rec.user = user;
      let body: unknown;
      if (raw.length > 0) {
        if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) throw new HttpFail(400, "Content-Type must be application/json");
        try {
          body = JSON.parse(raw);
        } catch {
          throw new HttpFail(400, "Invalid JSON payload received.", "parseError");
        }
        rec.body = body;
      }
      const out = this.route(method, url, user, body, typeof cursor === "string" ? cursor : undefined, req.headers["bkper-agent-id"]);
      send(200, JSON.stringify(out));
    } catch (err) {
      if (!(err instanceof HttpFail)) this.crashes.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
      const status = err instanceof HttpFail ? err.status : 500;
      const message = err instanceof HttpFail ? err.message : "Internal error";
      const reason = err instanceof HttpFail ? err.reason : "backendError";
      send(status, JSON.stringify(errorEnvelope(status, message, reason)));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const f = this.faults.find((x) => x.left > 0 && (!x.method || x.method === method) && (!x.path || x.path.test(path)));
    if (!f) return undefined;
    f.left -= 1;
    this.faults = this.faults.filter((x) => x.left > 0);
    return f;
  }

  private authenticate(header: string | undefined): string {
    const m = /^Bearer (\S+)$/.exec(header ?? "");
    const t = m ? this.tokens.get(m[1]!) : undefined;
    if (!t || t.revoked || t.expiresAt <= Date.now()) {
      throw new HttpFail(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "authError");
    }
    return t.user;
  }

  private route(method: string, url: URL, user: string, body: unknown, cursor: string | undefined, agentId: string | string[] | undefined): unknown {
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== "v5" || parts[1] !== "books") throw new HttpFail(404, "Not Found", "notFound");
    if (parts.length === 2) {
      allow(method, "GET");
      const items = [...this.books.values()].filter((b) => (b.permissions.get(user) ?? "NONE") !== "NONE").map((b) => bookJson(b, user));
      return items.length ? { items } : {};
    }
    const book = this.books.get(parts[2]!);
    if (!book) throw new HttpFail(404, "Book not found", "notFound");
    const permission = book.permissions.get(user) ?? "NONE";
    if (permission === "NONE") throw new HttpFail(403, "User does not have permission to access this book", "forbidden");
    const need = (set: Permission[], what: string) => {
      if (!set.includes(permission)) throw new HttpFail(403, `Permission ${permission} cannot ${what}`, "forbidden");
    };
    const rest = parts.slice(3).join("/");
    if (rest === "") {
      allow(method, "GET");
      return bookJson(book, user);
    }
    if (rest === "accounts") {
      if (method === "GET") {
        const items = book.accounts.map(accountJson);
        return items.length ? { items } : {};
      }
      allow(method, "POST");
      need(MANAGE_ACCOUNTS, "create accounts");
      return createAccount(this, book, body);
    }
    if (rest === "transactions") {
      if (method === "PUT") {
        need(RECORD, "update transactions");
        return updateTransaction(book, body, permission);
      }
      allow(method, "GET");
      need(VIEW, "view transactions");
      return search(book, url.searchParams.get("query") ?? "", url.searchParams.get("limit"), cursor, this.options.rejectOr);
    }
    if (rest === "balances") {
      allow(method, "GET");
      need(VIEW, "view balances");
      return balances(book, url.searchParams.get("query") ?? "", this.options.balances);
    }
    if (rest === "transactions/batch") {
      allow(method, "POST");
      need(RECORD, "record transactions");
      return createBatch(this, book, body, typeof agentId === "string" ? agentId : undefined);
    }
    const batchOp = /^transactions\/([a-z]+)\/batch$/.exec(rest)?.[1];
    if (batchOp && WORKBENCH_PATHS.has(batchOp)) {
      allow(method, "PATCH");
      return workbenchBatch(book, batchOp as WorkbenchPath, body, permission, url.searchParams.get("trashChecked") === "true");
    }
    if (rest === "transactions/trash") {
      allow(method, "PATCH");
      need(RECORD, "trash transactions");
      const tx = expectObject(body, "Transaction");
      if (typeof tx.id !== "string" || !tx.id) throw new HttpFail(400, "Transaction id is required");
      const found = book.transactions.find((t) => t.id === tx.id);
      if (!found) throw new HttpFail(404, "Transaction not found", "notFound");
      if (found.checked) throw new HttpFail(400, "Cannot trash a checked transaction");
      found.trashed = true;
      return { transaction: txJson(book, found) };
    }
    if (parts.length === 5 && parts[3] === "transactions") {
      allow(method, "GET");
      need(VIEW, "view transactions");
      const found = book.transactions.find((t) => t.id === parts[4]);
      if (!found) throw new HttpFail(404, "Transaction not found", "notFound");
      return txJson(book, found);
    }
    throw new HttpFail(404, "Not Found", "notFound");
  }









  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}_${this.seq.toString(36)}${randomBytes(3).toString("hex")}`;
  }
}
