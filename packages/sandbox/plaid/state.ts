/** The Plaid emulator's persistent state (kept inside the sandbox store). */
import type { JWK } from "jose";
import { defineSection, sectionOf, type SandboxState } from "@bank-connections/sandbox/core/store";
import { DEFAULT_SEED } from "@bank-connections/sandbox/data/seed";
import type { AccountKind, AccountOverride } from "@bank-connections/sandbox/data/types";
import type { PlaidErrorObject } from "./errors";

/** A `user_custom` login's accounts: which ones, and what its override_accounts fixed about them. */
export interface CustomAccounts {
  layout: AccountKind[];
  overrides: Partial<Record<AccountKind, AccountOverride>>;
}

export type TxPhase = "NOT_READY" | "INITIAL" | "HISTORICAL";

/** `instant`: history is ready at once. `staged`: NOT_READY → last 30 days → full history. */
export type ReadinessMode = "instant" | "staged";

export interface SyncPos {
  t: number;
  minDate: string;
}

export interface PlaidItemRecord {
  itemId: string;
  accessToken: string;
  institutionId: string;
  username: string;
  products: string[];
  webhook: string | null;
  daysRequested: number;
  /** Sandbox time the item was created. */
  createdAtMs: number;
  clientUserId: string | null;
  /**
   * The API client (PLAID-CLIENT-ID) the item belongs to: its access token works only with that
   * client's keys. Absent in files from before clients were recorded (then any client).
   */
  clientId?: string | null;
  /** Set when the item needs attention (ITEM_LOGIN_REQUIRED…); data endpoints then fail. */
  error: PlaidErrorObject | null;
  /** Accounts shared with the app (Account Select); null = all. */
  accountIds: string[] | null;
  phase: TxPhase;
  syncCalled: boolean;
  /** The position of the last final cursor handed out (for "is there anything new?" checks). */
  lastFinalPos: SyncPos | null;
  lastSuccessfulUpdateMs: number | null;
  lastFailedUpdateMs: number | null;
  lastWebhook: { sentAt: string; code: string } | null;
  /** EU/UK consent expiry (sandbox time), null for US/CA. */
  consentExpiresAtMs: number | null;
  pendingExpirationSent: boolean;
  /** `user_custom`: the accounts its override_accounts asked for (absent = generated). */
  custom?: CustomAccounts;
  /** Accounts opened at the bank after the item was made (plaid/opened-accounts.ts); absent = 0. */
  openedAccounts?: number;
}

export interface LinkTokenRecord {
  token: string;
  /** Wall-clock ms (not the sandbox clock): clients compare `expiration` with their own clock. */
  createdAtMs: number;
  expiresAtMs: number;
  clientName: string;
  language: string;
  countryCodes: string[];
  products: string[];
  daysRequested: number;
  webhook: string | null;
  /** Update mode: the item being repaired. */
  accessToken: string | null;
  accountSelectionEnabled: boolean;
  clientUserId: string | null;
  /** The API client that created the token (the item made with it is that client's). */
  clientId?: string | null;
  /** Where the browser returns after an OAuth institution's consent page (absent in older files = none). */
  redirectUri?: string | null;
}

/**
 * One OAuth hand-off (plaid/oauth.ts): started by the Link stand-in, answered on the bank's consent
 * page, resumed once by Link with `receivedRedirectUri`. Lives as long as its link token.
 */
export interface OAuthStateRecord {
  id: string;
  linkToken: string;
  institutionId: string;
  /** The item: the one being repaired (update mode), or the id the new item will get (its account ids derive from it). */
  itemId: string;
  update: boolean;
  username: string;
  status: "pending" | "approved" | "denied";
  /** Approved accounts (null = not decided yet). */
  accountIds: string[] | null;
  /** Resumed by Link (single use). */
  consumed: boolean;
  createdAtMs: number;
  expiresAtMs: number;
}

export interface PublicTokenRecord {
  token: string;
  itemId: string;
  createdAtMs: number;
  expiresAtMs: number;
  exchanged: boolean;
  /** The client whose item it is: only that client can exchange it. */
  clientId?: string | null;
}

/** A Link login that succeeded and awaits account selection (two-step widget flow). */
export interface LinkSessionRecord {
  id: string;
  linkToken: string;
  itemId: string;
  institutionId: string;
  username: string;
  custom?: CustomAccounts;
  createdAtMs: number;
  expiresAtMs: number;
}

export interface WebhookKeyRecord {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  /** Unix seconds (wall clock). */
  createdAt: number;
  expiredAt: number | null;
}

export interface WebhookLogEntry {
  id: string;
  itemId: string;
  url: string;
  webhookType: string;
  webhookCode: string;
  /** Wall-clock ISO time of the attempt. */
  sentAt: string;
  status: number | null;
  error: string | null;
}

/** A deterministic fault: fires on `rate` of matching calls and on the next `forceNext` ones. */
export interface FaultRule {
  rate: number;
  forceNext: number;
  /** Restrict to these paths (e.g. ["/transactions/sync"]); null = every data endpoint. */
  paths: string[] | null;
}

export type WebhookSignatureMode = "valid" | "unsigned" | "expired" | "wrong_hash" | "wrong_alg";

export interface PlaidFaults {
  /** Added to every call (ms). */
  latencyMs: number;
  /** 429 RATE_LIMIT_EXCEEDED. */
  rateLimit: FaultRule;
  /** 500 API_ERROR / INTERNAL_SERVER_ERROR. */
  serverError: FaultRule;
  /** Answers only after `delayMs` (make it longer than the client's timeout). */
  timeout: FaultRule & { delayMs: number };
  /** TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION on /transactions/sync with a mid-pagination cursor. */
  syncMutation: FaultRule;
  /** Institutions answering INSTITUTION_DOWN / INSTITUTION_NOT_RESPONDING at login. */
  institutionsDown: string[];
  institutionsNotResponding: string[];
  webhookSignature: WebhookSignatureMode;
}

export interface PlaidState {
  seed: number;
  /** Monotone counter behind every generated id (tokens, items, request ids). */
  counter: number;
  readiness: ReadinessMode;
  /** Required API keys; null = accept any non-empty pair (unless the host requires its own, PlaidSandboxOptions.credentials). */
  credentials: { clientId: string; secret: string } | null;
  items: Record<string, PlaidItemRecord>;
  /** access_token → item_id */
  accessTokens: Record<string, string>;
  publicTokens: Record<string, PublicTokenRecord>;
  linkTokens: Record<string, LinkTokenRecord>;
  linkSessions: Record<string, LinkSessionRecord>;
  oauthStates: Record<string, OAuthStateRecord>;
  faults: PlaidFaults;
  /** Occurrence counters behind fault decisions (`<fault>:<path>` → n). */
  faultCounters: Record<string, number>;
  webhookKeys: WebhookKeyRecord[];
  webhookLog: WebhookLogEntry[];
}

export function noFault(): FaultRule {
  return { rate: 0, forceNext: 0, paths: null };
}

export function defaultFaults(): PlaidFaults {
  return {
    latencyMs: 0,
    rateLimit: noFault(),
    serverError: noFault(),
    timeout: { ...noFault(), delayMs: 15_000 },
    syncMutation: noFault(),
    institutionsDown: [],
    institutionsNotResponding: [],
    webhookSignature: "valid",
  };
}

export function createPlaidState(seed = DEFAULT_SEED): PlaidState {
  return {
    seed,
    counter: 0,
    readiness: "instant",
    credentials: null,
    items: {},
    accessTokens: {},
    publicTokens: {},
    linkTokens: {},
    linkSessions: {},
    oauthStates: {},
    faults: defaultFaults(),
    faultCounters: {},
    webhookKeys: [],
    webhookLog: [],
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Fills gaps in a state read from disk (older files, hand edits). Throws if it is not a Plaid
 * state at all. Unknown keys are dropped by the defaults merge only at the top level.
 */
export function normalizePlaidState(raw: unknown): PlaidState {
  if (!isRecord(raw)) throw new Error("plaid sandbox state is not an object");
  const base = createPlaidState(typeof raw.seed === "number" ? raw.seed : DEFAULT_SEED);
  const faults = isRecord(raw.faults) ? { ...base.faults, ...(raw.faults as Partial<PlaidFaults>) } : base.faults;
  return {
    ...base,
    ...(raw as Partial<PlaidState>),
    faults,
    items: isRecord(raw.items) ? (raw.items as PlaidState["items"]) : {},
    accessTokens: isRecord(raw.accessTokens) ? (raw.accessTokens as PlaidState["accessTokens"]) : {},
    publicTokens: isRecord(raw.publicTokens) ? (raw.publicTokens as PlaidState["publicTokens"]) : {},
    linkTokens: isRecord(raw.linkTokens) ? (raw.linkTokens as PlaidState["linkTokens"]) : {},
    linkSessions: isRecord(raw.linkSessions) ? (raw.linkSessions as PlaidState["linkSessions"]) : {},
    oauthStates: isRecord(raw.oauthStates) ? (raw.oauthStates as PlaidState["oauthStates"]) : {},
    faultCounters: isRecord(raw.faultCounters) ? (raw.faultCounters as PlaidState["faultCounters"]) : {},
    webhookKeys: Array.isArray(raw.webhookKeys) ? (raw.webhookKeys as PlaidState["webhookKeys"]) : [],
    webhookLog: Array.isArray(raw.webhookLog) ? (raw.webhookLog as PlaidState["webhookLog"]) : [],
  };
}

/** The Plaid emulator's section of the shared sandbox store (`sections.plaid`). */
export const plaidSection = defineSection<PlaidState>({ name: "plaid", create: () => createPlaidState(), normalize: normalizePlaidState });

/** The Plaid state inside a store state (a draft inside store.update, or a copy from store.read). */
export function plaidStateOf(state: SandboxState): PlaidState {
  return sectionOf(state, plaidSection);
}
