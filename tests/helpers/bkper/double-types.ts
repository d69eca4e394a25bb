/** Shapes and rules of the Bkper double (tests/helpers/bkper-double.ts): its stored Books, faults and permissions. */

export type Permission = "OWNER" | "EDITOR" | "POSTER" | "RECORDER" | "VIEWER" | "NONE";
export type AccountType = "ASSET" | "LIABILITY" | "INCOMING" | "OUTGOING";

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
  /** A batch item whose remote id is in the Book: answered with the existing transaction, left out, or the whole batch refused (400). */
  duplicateRemoteIds: "return-existing" | "omit" | "refuse";
  /** Refuse queries using OR or parentheses with a 400 (Bkper's support for them is not documented). */
  rejectOr: boolean;
  /** GET /balances answers inline ("report", default) or only with a `balancesUrl` ("url"). */
  balances: "report" | "url";
  /** How long every /v5 call takes to answer (a round trip to Bkper; default 0). */
  latencyMs: number;
  /**
   * Calls per second each user (access token's account) may make, with bursts of `burst`; one more is
   * answered 429 with a whole-second Retry-After and Bkper's rate-limit reason, and does nothing. Null: unlimited (default).
   */
  rateLimit: { callsPerSecond: number; burst: number } | null;
  /** Transactions one batch create may carry (Bkper's batch size, lib/books/bkper/limits.ts); more → 400. */
  maxBatchSize: number;
};

export class HttpFail extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason = "invalid",
  ) {
    super(message);
  }
}

export const VIEW: Permission[] = ["OWNER", "EDITOR", "POSTER", "VIEWER"];
export const RECORD: Permission[] = ["OWNER", "EDITOR", "POSTER", "RECORDER"];
export const MANAGE_ACCOUNTS: Permission[] = ["OWNER", "EDITOR"];
export const ACCOUNT_TYPES: AccountType[] = ["ASSET", "LIABILITY", "INCOMING", "OUTGOING"];

// Fields of bkper.Transaction / bkper.Account (api-types) a client may write on create (bkper-cli "Writable fields").
export const TX_WRITABLE = new Set(["date", "amount", "creditAccount", "debitAccount", "description", "draft", "urls", "remoteIds", "properties"]);
export const TX_READ_ONLY = new Set(["id", "agentId", "agentLogo", "agentName", "checked", "createdAt", "createdBy", "dateFormatted", "dateValue", "files", "posted", "tags", "trashed", "updatedAt"]);
export const ACCOUNT_WRITABLE = new Set(["name", "type", "credit", "archived", "permanent", "groups", "properties"]);
export const ACCOUNT_READ_ONLY = new Set(["id", "agentId", "balance", "balanceVerified", "createdAt", "hasTransactionPosted", "normalizedName", "updatedAt"]);
