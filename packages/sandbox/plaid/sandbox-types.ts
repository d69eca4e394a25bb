/** The Plaid emulator's public types: requests, options and controls (see sandbox.ts). */
import type { ClockState, SandboxClock } from "@bank-connections/sandbox/core/clock";
import type { SandboxStore } from "@bank-connections/sandbox/core/store";
import type { LoginSpec, TimelineWindow, TxState } from "@bank-connections/sandbox/data/types";
import type { WebhookResult, WebhookSender } from "./delivery";
import type { FireableWebhookCode } from "./sandbox-endpoints";
import type { OAuthConsentView } from "./oauth";
import type { PlaidErrorObject } from "./errors";
import type { FaultRule, PlaidFaults, PlaidItemRecord, PlaidState, ReadinessMode } from "./state";

export interface PlaidSandboxRequest {
  /** Path below the Plaid mount, e.g. "/transactions/sync" ("/plaid/…" is accepted too). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; or pass `rawBody` and let the sandbox parse it (bad JSON → INVALID_BODY). */
  body?: unknown;
  rawBody?: string;
}

export interface PlaidSandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface PlaidSandboxOptions {
  store: SandboxStore;
  clock: SandboxClock;
  /** Default: fetch POST with a 10 s timeout. */
  webhookSender?: WebhookSender;
  /** Public URL of the Plaid mount, reported to the Link widget as `api_base_url`. */
  baseUrl?: string;
  /** Default: setTimeout. Tests may shorten simulated latency/timeouts. */
  sleep?: (ms: number) => Promise<void>;
  /** Wall clock for webhook `iat`, delivery logs and link token lifetimes (default Date.now). */
  wallNowMs?: () => number;
  /** Called with unexpected exceptions (the caller still gets a Plaid 500). Default console.error. */
  onInternalError?: (error: unknown) => void;
  /**
   * The only API keys accepted (INVALID_API_KEYS otherwise), over the state's `credentials`. The
   * app's host passes its generated per-install pair; without it (and without state credentials)
   * any non-empty pair works, each client seeing only its own items.
   */
  credentials?: readonly { clientId: string; secret: string }[];
}

export type FaultsPatch = Partial<Omit<PlaidFaults, "rateLimit" | "serverError" | "timeout" | "syncMutation">> & {
  rateLimit?: Partial<FaultRule>;
  serverError?: Partial<FaultRule>;
  timeout?: Partial<FaultRule & { delayMs: number }>;
  syncMutation?: Partial<FaultRule>;
};

export interface ItemInspection {
  item: PlaidItemRecord;
  login: LoginSpec;
  window: TimelineWindow;
  minDate: string;
  nowMs: number;
  accountIds: string[];
}

export interface PlaidSandbox {
  handle(req: PlaidSandboxRequest): Promise<PlaidSandboxResponse>;
  /** Awaits every webhook delivery started by `handle`. */
  flushWebhooks(): Promise<void>;
  setFaults(patch: FaultsPatch): Promise<PlaidFaults>;
  resetFaults(): Promise<PlaidFaults>;
  setReadiness(mode: ReadinessMode): Promise<void>;
  /** Require these API keys (null: accept any non-empty pair). */
  setCredentials(credentials: { clientId: string; secret: string } | null): Promise<void>;
  /** Moves the sandbox clock; fires SYNC_UPDATES_AVAILABLE / PENDING_EXPIRATION / ITEM ERROR as due. */
  advanceClock(days: number): Promise<{ nowMs: number; webhooks: WebhookResult[] }>;
  setClock(state: { base?: string | number | Date; offsetDays?: number }): Promise<ClockState>;
  fireWebhook(itemRef: string, code: FireableWebhookCode): Promise<WebhookResult[]>;
  /** Puts the item into ITEM_LOGIN_REQUIRED (or another item error) and fires ITEM/ERROR. */
  setItemLoginRequired(itemRef: string, code?: "ITEM_LOGIN_REQUIRED" | "USER_PERMISSION_REVOKED" | "ITEM_LOCKED"): Promise<WebhookResult[]>;
  /**
   * The user opens a new account at the bank: the item gains it (deterministic, no history), not
   * shared until update mode with account selection; fires NEW_ACCOUNTS_AVAILABLE. Returns its id.
   */
  addAccount(itemRef: string): Promise<{ accountId: string; webhooks: WebhookResult[] }>;
  /** Clears the item error as if fixed elsewhere and fires LOGIN_REPAIRED. */
  repairItemLogin(itemRef: string): Promise<WebhookResult[]>;
  /** Starts signing with a new key; older keys stay served with `expired_at` set. Returns the new kid. */
  rotateWebhookKey(): Promise<string>;
  /**
   * The bank's consent page of an OAuth hand-off (plaid/oauth.ts): its content, or why there is
   * none (`not_found`, `expired`, `answered`).
   */
  oauthConsent(stateId: string): Promise<{ ok: true; view: OAuthConsentView } | { ok: false; reason: "not_found" | "expired" | "answered" }>;
  /** Approve (with accounts) or deny on the consent page: where to send the browser, or why not. */
  oauthDecide(
    stateId: string,
    decision: { approve: boolean; accountIds: string[] },
  ): Promise<{ ok: true; redirectTo: string } | { ok: false; reason: "not_found" | "expired" | "answered" } | { ok: false; reason: "invalid"; error: PlaidErrorObject }>;
  getState(): Promise<PlaidState>;
  listItems(): Promise<PlaidItemRecord[]>;
  /** The login, window and history limit behind an item (item id or access token). */
  inspectItem(itemRef: string): Promise<ItemInspection>;
  /** Posted transactions the item should end up with after a full sync, per shared account. */
  groundTruth(itemRef: string): Promise<Record<string, TxState[]>>;
}
