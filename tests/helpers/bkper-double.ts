/// <reference types="@bkper/bkper-api-types" />
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the subset of Bkper REST API v5 the BkperBookGateway uses (bkper.md §1, §4),
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
 *   already in the Book creates nothing. bkper.md leaves open what the batch answer then holds; both
 *   are modelled: `duplicateRemoteIds: "return-existing"` (default) or `"omit"`.
 * - Lock / closing dates: a batch with any item dated on or before either → 400 for the whole batch
 *   (bkper.md §4: such inserts "will fail"; the exact wording of Bkper's message is not public, ours
 *   mentions "lock date" / "closing date"). Unset dates are answered as "1900-00-00", the sentinel
 *   bkper-js writes for "no date".
 * - An Account name already in the Book (any case) → 400 "Account name already in use" (invented
 *   wording: Bkper's is not public).
 * - The search query language subset: `remoteId:'x'`, `account:'Name'`, `is:trashed|draft|posted|checked`,
 *   `OR`, `AND`, parentheses, free words (description); trashed excluded unless `is:trashed`. Anything
 *   else → 400. Pagination by `limit` and a `cursor` header.
 * - Updates (PUT /transactions, GET /transactions/{id}): the body replaces the transaction; checked or
 *   trashed ones and locked dates are refused (bkper.md §1 "Update transaction(s)", bkper-js `Transaction.update`).
 * - GET /balances (`before:$d+1`): raw cumulative balances per Account; and `/token`, a stand-in for
 *   Google's token endpoint that renews access tokens for registered refresh tokens.
 * - Injected faults: a status (429 with Retry-After, 5xx, …), a raw body (malformed JSON), or a delay.
 */

export type Permission = "OWNER" | "EDITOR" | "POSTER" | "RECORDER" | "VIEWER" | "NONE";
type AccountType = "ASSET" | "LIABILITY" | "INCOMING" | "OUTGOING";

export type StoredAccount = { id: string; name: string; type: AccountType; archived: boolean; createdAt: number };
export type StoredTransaction = {
  id: string;
  date: string;
  amount?: string;
  description: string;
  creditAccountId?: string;
  debitAccountId?: string;
  posted: boolean;
  checked: boolean;
  trashed: boolean;
  remoteIds: string[];
  properties: Record<string, string>;
  createdAt: number;
  agentId?: string;
  /** How many PUTs changed it (test-only bookkeeping, not sent). */
  updates?: number;
};
export type StoredBook = {
  id: string;
  name: string;
  fractionDigits: number;
  timeZone: string;
  datePattern: string;
  decimalSeparator: "DOT" | "COMMA";
  lockDate: string | null;
  closingDate: string | null;
  properties: Record<string, string>;
  permissions: Map<string, Permission>;
  accounts: StoredAccount[];
  transactions: StoredTransaction[];
};

export type Fault = {
  /** HTTP status to answer with; omitted with `delayMs` = answer normally, late. */
  status?: number;
  /** How many matching requests it hits (default 1). */
  times?: number;
  method?: string;
  path?: RegExp;
  retryAfter?: string;
  /** Raw body instead of Bkper's error envelope (e.g. malformed JSON with status 200). */
  body?: string;
  message?: string;
  reason?: string;
  delayMs?: number;
};

export type RecordedRequest = { method: string; path: string; query: Record<string, string>; cursor?: string; user?: string; body?: unknown; status?: number };

export type DoubleOptions = {
  duplicateRemoteIds: "return-existing" | "omit";
  /** Refuse queries using OR or parentheses with a 400 (Bkper's support for them is not documented). */
  rejectOr: boolean;
  /** GET /balances answers inline ("report", default) or only with a `balancesUrl` ("url"). */
  balances: "report" | "url";
};

class HttpFail extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason = "invalid",
  ) {
    super(message);
  }
}

const VIEW: Permission[] = ["OWNER", "EDITOR", "POSTER", "VIEWER"];
const RECORD: Permission[] = ["OWNER", "EDITOR", "POSTER", "RECORDER"];
const MANAGE_ACCOUNTS: Permission[] = ["OWNER", "EDITOR"];
const ACCOUNT_TYPES: AccountType[] = ["ASSET", "LIABILITY", "INCOMING", "OUTGOING"];

// Fields of bkper.Transaction / bkper.Account (api-types) a client may write on create (bkper-cli "Writable fields").
const TX_WRITABLE = new Set(["date", "amount", "creditAccount", "debitAccount", "description", "draft", "urls", "remoteIds", "properties"]);
const TX_READ_ONLY = new Set(["id", "agentId", "agentLogo", "agentName", "checked", "createdAt", "createdBy", "dateFormatted", "dateValue", "files", "posted", "tags", "trashed", "updatedAt"]);
const ACCOUNT_WRITABLE = new Set(["name", "type", "credit", "archived", "permanent", "groups", "properties"]);
const ACCOUNT_READ_ONLY = new Set(["id", "agentId", "balance", "balanceVerified", "createdAt", "hasTransactionPosted", "normalizedName", "updatedAt"]);

export class BkperDouble {
  url = "";
  readonly requests: RecordedRequest[] = [];
  /** Server-side bugs (a 500 the test did not ask for): tests assert it stays empty. */
  readonly crashes: string[] = [];
  readonly options: DoubleOptions = { duplicateRemoteIds: "return-existing", rejectOr: false, balances: "report" };
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
      const fault = this.takeFault(method, url.pathname);
      if (fault?.delayMs) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            this.timers.delete(t);
            resolve();
          }, fault.delayMs);
          this.timers.add(t);
        });
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
      const items = [...this.books.values()].filter((b) => (b.permissions.get(user) ?? "NONE") !== "NONE").map((b) => this.bookJson(b, user));
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
      return this.bookJson(book, user);
    }
    if (rest === "accounts") {
      if (method === "GET") {
        const items = book.accounts.map(accountJson);
        return items.length ? { items } : {};
      }
      allow(method, "POST");
      need(MANAGE_ACCOUNTS, "create accounts");
      return this.createAccount(book, body);
    }
    if (rest === "transactions") {
      if (method === "PUT") {
        need(RECORD, "update transactions");
        return this.updateTransaction(book, body, permission);
      }
      allow(method, "GET");
      need(VIEW, "view transactions");
      return this.search(book, url.searchParams.get("query") ?? "", url.searchParams.get("limit"), cursor);
    }
    if (rest === "balances") {
      allow(method, "GET");
      need(VIEW, "view balances");
      return this.balances(book, url.searchParams.get("query") ?? "");
    }
    if (rest === "transactions/batch") {
      allow(method, "POST");
      need(RECORD, "record transactions");
      return this.createBatch(book, body, typeof agentId === "string" ? agentId : undefined);
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
      return { transaction: this.txJson(book, found) };
    }
    if (parts.length === 5 && parts[3] === "transactions") {
      allow(method, "GET");
      need(VIEW, "view transactions");
      const found = book.transactions.find((t) => t.id === parts[4]);
      if (!found) throw new HttpFail(404, "Transaction not found", "notFound");
      return this.txJson(book, found);
    }
    throw new HttpFail(404, "Not Found", "notFound");
  }

  /**
   * PUT /transactions: the body replaces the transaction (bkper-js sends the whole payload it read, read-only
   * fields included, which are ignored). A writable field left out is cleared — so a client that forgets
   * to send the remote ids or Accounts back loses them, as it would on Bkper. Checked or trashed
   * transactions and dates in a locked period are refused.
   */
  private updateTransaction(book: StoredBook, body: unknown, permission: Permission): bkper.TransactionOperation {
    const t = expectObject(body, "Transaction");
    if (typeof t.id !== "string" || !t.id) throw new HttpFail(400, "Transaction id is required");
    const found = book.transactions.find((x) => x.id === t.id);
    if (!found) throw new HttpFail(404, "Transaction not found", "notFound");
    const next = this.validateTransaction(book, t, "Transaction", { ignoreReadOnly: true });
    if (found.trashed) throw new HttpFail(400, "Cannot update a trashed transaction");
    if (found.checked) throw new HttpFail(400, "Cannot update a checked transaction");
    if (found.posted && !["OWNER", "EDITOR", "POSTER"].includes(permission)) throw new HttpFail(403, `Permission ${permission} cannot update posted transactions`, "forbidden");
    for (const date of [found.date, next.date]) {
      if (book.closingDate && date <= book.closingDate) throw new HttpFail(400, `Cannot update a transaction on ${date}: on or before the closing date ${book.closingDate} of this book`);
      if (book.lockDate && date <= book.lockDate) throw new HttpFail(400, `Cannot update a transaction on ${date}: on or before the lock date ${book.lockDate} of this book`);
    }
    const taken = book.transactions.find((x) => x.id !== found.id && x.remoteIds.some((r) => next.remoteIds.includes(r)));
    if (taken) throw new HttpFail(400, `Remote id already in use by another transaction`);
    found.date = next.date;
    found.amount = next.amount;
    found.description = next.description;
    found.creditAccountId = next.creditAccountId;
    found.debitAccountId = next.debitAccountId;
    found.remoteIds = next.remoteIds;
    found.properties = next.properties;
    found.updates = (found.updates ?? 0) + 1;
    return { transaction: this.txJson(book, found) };
  }

  private createAccount(book: StoredBook, body: unknown): bkper.Account {
    const a = expectObject(body, "Account");
    checkFields(a, ACCOUNT_WRITABLE, ACCOUNT_READ_ONLY, "Account");
    if (typeof a.name !== "string" || a.name.trim() === "") throw new HttpFail(400, "Account name is required");
    if (a.type !== undefined && !ACCOUNT_TYPES.includes(a.type as AccountType)) throw new HttpFail(400, `Invalid account type: ${String(a.type)}`);
    this.hooks.beforeAccountCreate?.(book);
    if (book.accounts.some((x) => x.name.toLowerCase() === (a.name as string).trim().toLowerCase())) {
      throw new HttpFail(400, `Account name already in use: ${a.name}`);
    }
    const stored: StoredAccount = { id: this.nextId("acc"), name: a.name.trim(), type: (a.type as AccountType) ?? "ASSET", archived: a.archived === true, createdAt: Date.now() };
    book.accounts.push(stored);
    return accountJson(stored);
  }

  private createBatch(book: StoredBook, body: unknown, agentId: string | undefined): bkper.TransactionList {
    const list = expectObject(body, "TransactionList");
    checkFields(list, new Set(["items"]), new Set(["account", "cursor"]), "TransactionList");
    if (!Array.isArray(list.items) || list.items.length === 0) throw new HttpFail(400, "TransactionList.items is required");
    const drafts = list.items.map((item, i) => this.validateTransaction(book, item, `items[${i}]`));
    this.hooks.beforeBatchCreate?.(book);
    for (const d of drafts) {
      if (book.closingDate && d.date <= book.closingDate) throw new HttpFail(400, `Cannot record a transaction on ${d.date}: on or before the closing date ${book.closingDate} of this book`);
      if (book.lockDate && d.date <= book.lockDate) throw new HttpFail(400, `Cannot record a transaction on ${d.date}: on or before the lock date ${book.lockDate} of this book`);
    }
    const out: bkper.Transaction[] = [];
    for (const d of drafts) {
      const existing = book.transactions.find((t) => t.remoteIds.some((r) => d.remoteIds.includes(r)));
      if (existing) {
        if (this.options.duplicateRemoteIds === "return-existing") out.push(this.txJson(book, existing));
        continue;
      }
      const complete = Boolean(d.amount && d.creditAccountId && d.debitAccountId);
      const stored: StoredTransaction = { ...d, id: this.nextId("tx"), posted: complete && !d.draft, checked: false, trashed: false, createdAt: Date.now(), agentId };
      delete (stored as { draft?: boolean }).draft;
      book.transactions.push(stored);
      out.push(this.txJson(book, stored));
    }
    return out.length ? { items: out } : {};
  }

  private validateTransaction(book: StoredBook, item: unknown, what: string, options: { ignoreReadOnly?: boolean } = {}): Omit<StoredTransaction, "id" | "posted" | "checked" | "trashed" | "createdAt"> & { draft: boolean } {
    const t = { ...expectObject(item, what) };
    if (options.ignoreReadOnly) for (const key of TX_READ_ONLY) delete t[key];
    checkFields(t, TX_WRITABLE, TX_READ_ONLY, what);
    if (typeof t.date !== "string" || !isIsoDay(t.date)) throw new HttpFail(400, `${what}.date must be an ISO date yyyy-MM-dd`);
    if (t.amount !== undefined) {
      if (typeof t.amount !== "string" || !/^\d+(\.\d+)?$/.test(t.amount)) throw new HttpFail(400, `${what}.amount must be a positive decimal string (####.##)`);
      const decimals = t.amount.split(".")[1]?.length ?? 0;
      if (decimals > book.fractionDigits) throw new HttpFail(400, `${what}.amount has ${decimals} decimals; this book has ${book.fractionDigits}`);
    }
    if (t.description !== undefined && typeof t.description !== "string") throw new HttpFail(400, `${what}.description must be a string`);
    if (t.draft !== undefined && typeof t.draft !== "boolean") throw new HttpFail(400, `${what}.draft must be a boolean`);
    if (t.remoteIds !== undefined && (!Array.isArray(t.remoteIds) || !t.remoteIds.every((r) => typeof r === "string" && r.length > 0))) {
      throw new HttpFail(400, `${what}.remoteIds must be a list of strings`);
    }
    if (t.properties !== undefined && (typeof t.properties !== "object" || t.properties === null || Array.isArray(t.properties) || !Object.values(t.properties).every((v) => typeof v === "string"))) {
      throw new HttpFail(400, `${what}.properties must map names to strings`);
    }
    const account = (side: "creditAccount" | "debitAccount"): string | undefined => {
      const ref = t[side];
      if (ref === undefined) return undefined;
      const r = expectObject(ref, `${what}.${side}`);
      const keys = Object.keys(r);
      // On create, a reference is {"id"} or {"name"}; an update sends back the whole Account it read.
      if ((!options.ignoreReadOnly && keys.length !== 1) || (typeof r.id !== "string" && typeof r.name !== "string")) throw new HttpFail(400, `${what}.${side} must be {"id"} or {"name"}`);
      const found = book.accounts.find((a) => (typeof r.id === "string" ? a.id === r.id : a.name.toLowerCase() === String(r.name).toLowerCase()));
      if (!found) throw new HttpFail(400, `Account not found: ${String(r.id ?? r.name)}`);
      return found.id;
    };
    return {
      date: t.date,
      amount: t.amount as string | undefined,
      description: (t.description as string | undefined) ?? "",
      creditAccountId: account("creditAccount"),
      debitAccountId: account("debitAccount"),
      remoteIds: [...((t.remoteIds as string[] | undefined) ?? [])],
      properties: { ...((t.properties as Record<string, string> | undefined) ?? {}) },
      draft: t.draft === true,
    };
  }

  /**
   * GET /balances for the one query the gateway sends (`before:$d+1`, or `before:yyyy-MM-dd`): per Account
   * the raw cumulative balance of posted, untrashed transactions before that day — credits minus debits, the
   * sign bkper-js `getRepresentativeValue` flips for debit-nature Accounts. `options.balances: "url"` answers
   * like a report too large to inline.
   */
  private balances(book: StoredBook, query: string): bkper.Balances & { balancesUrl?: string } {
    const m = /^before:(\$d\+1|\d{4}-\d{2}-\d{2})$/.exec(query.trim());
    if (!m) throw new HttpFail(400, `Invalid query: ${query}`);
    if (this.options.balances === "url") return { balancesUrl: "https://storage.example.com/balances/report.json" };
    const before = m[1] === "$d+1" ? new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) : m[1]!;
    const scale = 10n ** BigInt(book.fractionDigits);
    const minor = (amount: string) => {
      const [i, f = ""] = amount.split(".");
      return BigInt(i!) * scale + BigInt((f + "0".repeat(book.fractionDigits)).slice(0, book.fractionDigits) || "0");
    };
    const raw = new Map<string, bigint>(book.accounts.map((a) => [a.id, 0n]));
    for (const t of book.transactions) {
      if (!t.posted || t.trashed || !t.amount || t.date >= before) continue;
      if (t.creditAccountId) raw.set(t.creditAccountId, raw.get(t.creditAccountId)! + minor(t.amount));
      if (t.debitAccountId) raw.set(t.debitAccountId, raw.get(t.debitAccountId)! - minor(t.amount));
    }
    const text = (v: bigint) => {
      const neg = v < 0n;
      const digits = (neg ? -v : v).toString().padStart(book.fractionDigits + 1, "0");
      const cut = digits.length - book.fractionDigits;
      return `${neg ? "-" : ""}${digits.slice(0, cut)}${book.fractionDigits ? `.${digits.slice(cut)}` : ""}`;
    };
    return {
      accountBalances: book.accounts.map((a) => ({
        name: a.name,
        normalizedName: a.name.toLowerCase().replace(/[^a-z0-9]+/g, "_"),
        credit: a.type === "LIABILITY" || a.type === "INCOMING",
        cumulativeBalance: text(raw.get(a.id)!),
      })),
    };
  }

  private search(book: StoredBook, query: string, limitParam: string | null, cursor: string | undefined): bkper.TransactionList {
    if (this.options.rejectOr && /\bOR\b|[()]/.test(query.replace(/'[^']*'/g, "''"))) throw new HttpFail(400, "Invalid query: OR is not supported");
    const predicate = parseQuery(query, book);
    const wantsTrashed = /\bis:trashed\b/.test(query);
    const limit = limitParam === null ? 100 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpFail(400, "limit must be between 1 and 1000");
    let offset = 0;
    if (cursor !== undefined) {
      offset = Number(Buffer.from(cursor, "base64url").toString());
      if (!Number.isInteger(offset) || offset < 0) throw new HttpFail(400, "Invalid cursor");
    }
    const matches = book.transactions
      .filter((t) => (wantsTrashed || !t.trashed) && predicate(t))
      .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt - a.createdAt || b.id.localeCompare(a.id));
    const page = matches.slice(offset, offset + limit);
    const out: bkper.TransactionList = {};
    if (page.length) out.items = page.map((t) => this.txJson(book, t));
    if (offset + limit < matches.length) out.cursor = Buffer.from(String(offset + limit)).toString("base64url");
    return out;
  }

  // ---- JSON shapes (bkper.md §4) ----------------------------------------------------------------

  private bookJson(b: StoredBook, user: string): bkper.Book {
    return {
      id: b.id,
      name: b.name,
      permission: b.permissions.get(user) ?? "NONE",
      fractionDigits: b.fractionDigits,
      timeZone: b.timeZone,
      datePattern: b.datePattern,
      decimalSeparator: b.decimalSeparator,
      lockDate: b.lockDate ?? "1900-00-00",
      closingDate: b.closingDate ?? "1900-00-00",
      properties: { ...b.properties },
      visibility: "PRIVATE",
    };
  }

  private txJson(book: StoredBook, t: StoredTransaction): bkper.Transaction {
    const acc = (id: string | undefined) => {
      const a = id ? book.accounts.find((x) => x.id === id) : undefined;
      return a ? accountJson(a) : undefined;
    };
    const [y, m, d] = t.date.split("-");
    const out: bkper.Transaction = {
      id: t.id,
      date: t.date,
      dateValue: Number(`${y}${m}${d}`),
      dateFormatted: book.datePattern.replace("yyyy", y!).replace("MM", m!).replace("dd", d!),
      description: t.description,
      posted: t.posted,
      checked: t.checked,
      trashed: t.trashed,
      remoteIds: [...t.remoteIds],
      properties: { ...t.properties },
      createdAt: String(t.createdAt),
    };
    if (t.amount !== undefined) out.amount = t.amount;
    if (t.agentId) out.agentId = t.agentId;
    const credit = acc(t.creditAccountId);
    const debit = acc(t.debitAccountId);
    if (credit) out.creditAccount = credit;
    if (debit) out.debitAccount = debit;
    return out;
  }

  private nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}_${this.seq.toString(36)}${randomBytes(3).toString("hex")}`;
  }
}

function accountJson(a: StoredAccount): bkper.Account {
  return {
    id: a.id,
    name: a.name,
    normalizedName: a.name.toLowerCase().replace(/[^a-z0-9]+/g, "_"),
    type: a.type,
    credit: a.type === "LIABILITY" || a.type === "INCOMING",
    archived: a.archived,
    permanent: a.type === "ASSET" || a.type === "LIABILITY",
    createdAt: String(a.createdAt),
  };
}

function errorEnvelope(code: number, message: string, reason: string) {
  return { error: { code, message, errors: [{ domain: "global", reason, message }] } };
}

const defaultMessage = (status: number) =>
  status === 429 ? "Rate limit exceeded" : status >= 500 ? "Backend Error" : status === 403 ? "Forbidden" : status === 404 ? "Not Found" : "Bad Request";
const defaultReason = (status: number) =>
  status === 429 ? "rateLimitExceeded" : status >= 500 ? "backendError" : status === 403 ? "forbidden" : status === 404 ? "notFound" : "invalid";

function allow(method: string, expected: string): void {
  if (method !== expected) throw new HttpFail(405, `Method ${method} not allowed`, "methodNotAllowed");
}

function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new HttpFail(400, `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function checkFields(obj: Record<string, unknown>, writable: Set<string>, readOnly: Set<string>, what: string): void {
  for (const key of Object.keys(obj)) {
    if (readOnly.has(key)) throw new HttpFail(400, `${what}.${key} is read-only`);
    if (!writable.has(key)) throw new HttpFail(400, `Invalid JSON payload received. Unknown name "${key}" at '${what}': Cannot find field.`);
  }
}

function isIsoDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

// ---- query language subset ---------------------------------------------------------------------------

type Predicate = (t: StoredTransaction) => boolean;

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push(c);
      i++;
    } else {
      let tok = "";
      while (i < query.length && !/[\s()]/.test(query[i]!)) {
        if (query[i] === "'") {
          const end = query.indexOf("'", i + 1);
          if (end < 0) throw new HttpFail(400, "Invalid query: unterminated quote");
          tok += query.slice(i, end + 1);
          i = end + 1;
        } else tok += query[i++];
      }
      tokens.push(tok);
    }
  }
  return tokens;
}

function parseQuery(query: string, book: StoredBook): Predicate {
  const tokens = tokenize(query);
  let pos = 0;
  const term = (tok: string): Predicate => {
    const m = /^([A-Za-z]+):(.*)$/.exec(tok);
    if (!m) {
      const word = tok.replace(/^'|'$/g, "").toLowerCase();
      return (t) => t.description.toLowerCase().includes(word);
    }
    const key = m[1]!;
    const value = m[2]!.replace(/^'(.*)'$/, "$1");
    if (!value) throw new HttpFail(400, `Invalid query: empty value for ${key}`);
    switch (key) {
      case "remoteId":
        return (t) => t.remoteIds.includes(value);
      case "account": {
        const a = book.accounts.find((x) => x.name.toLowerCase() === value.toLowerCase());
        return (t) => a !== undefined && (t.creditAccountId === a.id || t.debitAccountId === a.id);
      }
      case "is":
        if (value === "trashed") return (t) => t.trashed;
        if (value === "draft") return (t) => !t.posted;
        if (value === "posted") return (t) => t.posted;
        if (value === "checked") return (t) => t.checked;
        if (value === "unchecked") return (t) => !t.checked;
        throw new HttpFail(400, `Invalid query: is:${value}`);
      default:
        throw new HttpFail(400, `Invalid query: unknown operator ${key}:`);
    }
  };
  const atom = (): Predicate => {
    const tok = tokens[pos++];
    if (tok === undefined || tok === ")" || tok === "OR" || tok === "AND") throw new HttpFail(400, "Invalid query");
    if (tok === "(") {
      const inner = conj();
      if (tokens[pos++] !== ")") throw new HttpFail(400, "Invalid query: missing )");
      return inner;
    }
    return term(tok);
  };
  const disj = (): Predicate => {
    let left = atom();
    while (tokens[pos] === "OR") {
      pos++;
      const l = left;
      const r = atom();
      left = (t) => l(t) || r(t);
    }
    return left;
  };
  const conj = (): Predicate => {
    const parts: Predicate[] = [disj()];
    while (pos < tokens.length && tokens[pos] !== ")") {
      if (tokens[pos] === "AND") pos++;
      parts.push(disj());
    }
    return (t) => parts.every((p) => p(t));
  };
  if (tokens.length === 0) return () => true;
  const predicate = conj();
  if (pos !== tokens.length) throw new HttpFail(400, "Invalid query: unexpected )");
  return predicate;
}
