/** The Pluggy emulator's public types: requests, options, controls (see sandbox.ts). */
import type { ClockLike, ExecutionTiming } from "./engine";
import type { FaultConfig } from "./faults";
import type { PluggyDataSource } from "./ingest";
import type { PluggyStateStore } from "./state";
import type { ConnectorHealthStatus, ExecutionErrorCode, WebhookEventName, WireItem } from "./types";
import type { DeliveryRecord, WebhookSender } from "./webhooks";

export type PluggyRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: unknown;
};

export type PluggyResponse = { status: number; headers?: Record<string, string>; body: unknown };

export type PluggySandboxOptions = {
  /**
   * Sandbox clock (data visibility, createdAt/updatedAt, auto-sync): the shared SandboxClock
   * (core/clock.ts) or anything with `nowMs()`. Default: a new `createSandboxClock()`.
   * `control.advanceClock` needs a clock with `advance(days)`.
   */
  clock?: ClockLike & { advance?(days: number): number };
  /** Content seed of the shared sandbox data. Default: DEFAULT_SEED (data/seed.ts). */
  seed?: number;
  /** Bank data (accounts + event timeline). Default: the shared sandbox data (data-source.ts). */
  dataSource?: PluggyDataSource;
  /** Real clock for token expiry and execution latency. Default Date.now. */
  realNow?: () => number;
  /**
   * Where the state lives. Default: in memory. `createJsonFilePluggyStore(file)` for a file of its
   * own, `createSharedPluggyStore(sandboxStore, clock)` for the shared store's `pluggy` section.
   */
  store?: PluggyStateStore;
  /** Accepted API credentials. Default: any non-empty clientId/clientSecret pair. */
  clients?: Array<{ clientId: string; clientSecret: string }>;
  /** HS256 secret for api keys and connect tokens. */
  secret?: string;
  apiKeyTtlSeconds?: number;
  connectTokenTtlSeconds?: number;
  execution?: Partial<ExecutionTiming>;
  /** Days of history collected on the first sync (default 365). */
  historyDays?: number;
  /** Hours between Pluggy's automatic syncs (default 24). */
  autoSyncHours?: number;
  /** Page size of GET /v2/transactions when the request gives none (default 500). */
  v2PageSize?: number;
  /** PATCH /items/{id} per item per minute (Pluggy: 20); null disables. */
  patchLimitPerMinute?: number | null;
  /** Real ms an MFA prompt waits before USER_INPUT_TIMEOUT (default 5 min). */
  mfaTimeoutMs?: number;
  /** Base URL of this API as clients reach it (for `next` links and webhook links). */
  publicUrl?: string;
  /**
   * Where a host server mounted this handler when it strips the prefix before calling `handle`
   * (pluggy/http-mount.ts strips `/pluggy`): used with the `Host` header to build absolute links
   * when `publicUrl` is not set. A `/pluggy` prefix still present in `path` is detected by itself.
   */
  mountPath?: string;
  webhookSender?: WebhookSender;
  webhookRetryDelaysMs?: number[];
  webhookHmac?: { secret: string; header?: string };
  /** Headers added to deliveries to an Item's own `webhookUrl` (global webhooks carry their own `headers`). */
  itemWebhookHeaders?: Record<string, string>;
  /** Salts generated ids (items, webhooks, events). */
  idNamespace?: string;
};

export type RequestLogEntry = { method: string; path: string; status: number; fault: "rateLimit" | "serverError" | null; atMs: number };

export type FireWebhookArgs = {
  itemId?: string;
  accountId?: string;
  transactionIds?: string[];
  connectorId?: number;
  error?: { code: string; message: string };
  triggeredBy?: "USER" | "CLIENT" | "SYNC" | "INTERNAL";
  /** Reuse an eventId (a duplicate delivery). */
  eventId?: string;
};

export type PluggyControls = {
  /** LOGIN_ERROR (default INVALID_CREDENTIALS) as if the password changed at the bank; fires item/error. */
  setItemLoginError(itemId: string, code?: ExecutionErrorCode): Promise<WireItem>;
  setFaults(config: FaultConfig): void;
  getFaults(): FaultConfig;
  /** Sends a webhook event built from the current state (see FireWebhookArgs); returns its eventId. */
  fireWebhook(event: WebhookEventName, args?: FireWebhookArgs): Promise<string>;
  /** Sends an already-sent event again with the same eventId. */
  redeliverWebhook(eventId: string): Promise<DeliveryRecord[]>;
  /**
   * Moves the sandbox clock (needs a clock with `advance`), then finishes the automatic updates that
   * fell due meanwhile, each at its own sandbox instant (see PluggyEngine.tick).
   */
  advanceClock(days: number): Promise<string>;
  /** Starts an automatic sync (triggeredBy SYNC) now for one Item or every eligible Item. */
  runAutoSync(itemId?: string): Promise<string[]>;
  /**
   * Dates (`expiresAt`, ISO or null) or revokes (`revoked: true`, at sandbox now) the Item's current
   * consent (GET /consents, `item.consentExpiresAt`); a later user update renews a dead consent.
   */
  setConsent(itemId: string, change: { expiresAt?: string | null; revoked?: boolean }): Promise<WireItem>;
  /** Ends every running execution now. */
  settleAll(): Promise<void>;
  /**
   * The user opens a new account at the bank: the Item gains it at once (an update runs and
   * settles, firing item/updated). Returns the new Pluggy account id.
   */
  addAccount(itemId: string): Promise<string>;
  /** Marks a connector ONLINE/UNSTABLE/OFFLINE (OFFLINE ⇒ SITE_NOT_AVAILABLE); fires connector/status_updated. */
  setConnectorHealth(connectorId: number, status: ConnectorHealthStatus): Promise<void>;
  /** Invalidates every api key issued so far (clients get 401 until they re-authenticate). */
  revokeApiKeys(): Promise<void>;
  setApiKeyTtl(seconds: number): void;
  listItems(): Promise<WireItem[]>;
  deliveries(): DeliveryRecord[];
  flushWebhooks(): Promise<void>;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
};

export type PluggySandbox = {
  handle(req: PluggyRequest): Promise<PluggyResponse>;
  control: PluggyControls;
  setItemLoginError: PluggyControls["setItemLoginError"];
  setFaults: PluggyControls["setFaults"];
  fireWebhook: PluggyControls["fireWebhook"];
  /** Stops timers and pending webhook retries. */
  close(): void;
};

