import { createSandboxClock } from "@bank-connections/sandbox/core/clock";
import { DEFAULT_SEED } from "@bank-connections/sandbox/data/seed";
import { createSharedDataSource } from "./data-source";
import { createTokenSigner, API_KEY_TTL_SECONDS, CONNECT_TOKEN_TTL_SECONDS, type TokenSigner } from "./auth";
import { CATEGORIES, getCategory } from "./categories";
import { filterConnectors, toWireConnector } from "./connectors";
import { PluggyEngine, validationResult, type ClockLike, type EngineOptions, type ExecutionTiming } from "./engine";
import { badRequest, forbidden, methodNotAllowed, notFound, PluggyApiError, unauthorized } from "./errors";
import { FaultInjector, type FaultConfig } from "./faults";
import type { PluggyDataSource } from "./ingest";
import { normalizeTarget, splitList } from "./query";
import {
  authBodySchema,
  connectMfaBodySchema,
  connectSessionBodySchema,
  connectSubmitBodySchema,
  connectTokenBodySchema,
  createItemBodySchema,
  createWebhookBodySchema,
  mfaBodySchema,
  parseBody,
  updateItemBodySchema,
  updateTransactionBodySchema,
  updateWebhookBodySchema,
} from "./schemas";
import { createMemoryPluggyStore, type ConnectTokenRecord, type ItemRecord, type PluggyState, type PluggyStateStore } from "./state";
import { listCursor, listLegacy } from "./transactions";
import { toWireAccount, toWireTransaction } from "./transform";
import type { ConnectorHealthStatus, ExecutionErrorCode, PageResponse, WebhookEventName, WireItem } from "./types";
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, toWireWebhook, updateWebhook } from "./webhook-subscriptions";
import { WebhookDispatcher, type DeliveryRecord, type WebhookSender } from "./webhooks";

// ------------------------------------------------------------------------------------ types

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
   * (lib/sandbox/clock.ts) or anything with `nowMs()`. Default: a new `createSandboxClock()`.
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
   * own, `createSharedPluggyStore(sandboxStore, clock)` for the shared store's `ext.pluggy`.
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
   * (lib/sandbox/http.ts strips `/pluggy`): used with the `Host` header to build absolute links
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
  /** Moves the sandbox clock (needs a clock with `advance`), then starts the auto-syncs now due. */
  advanceClock(days: number): Promise<string>;
  /** Starts an automatic sync (triggeredBy SYNC) now for one Item or every eligible Item. */
  runAutoSync(itemId?: string): Promise<string[]>;
  /** Ends every running execution now. */
  settleAll(): Promise<void>;
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

type Principal = { kind: "api_key"; clientId: string } | { kind: "connect_token"; clientId: string; token: ConnectTokenRecord };

const DEFAULT_SECRET = "pluggy-sandbox-hs256-secret-not-for-production";

// ------------------------------------------------------------------------------------ factory

export function createPluggySandbox(opts: PluggySandboxOptions = {}): PluggySandbox {
  const realNow = opts.realNow ?? (() => Date.now());
  const clock: ClockLike & { advance?(days: number): number } = opts.clock ?? createSandboxClock();
  const dataSource = opts.dataSource ?? createSharedDataSource({ seed: opts.seed ?? DEFAULT_SEED, clock });
  const store = opts.store ?? createMemoryPluggyStore();
  const signer: TokenSigner = createTokenSigner(opts.secret ?? DEFAULT_SECRET);
  const faults = new FaultInjector();
  const dispatcher = new WebhookDispatcher({
    ...(opts.webhookSender ? { sender: opts.webhookSender } : {}),
    ...(opts.webhookRetryDelaysMs ? { retryDelaysMs: opts.webhookRetryDelaysMs } : {}),
    ...(opts.webhookHmac ? { hmac: opts.webhookHmac } : {}),
  });
  let apiKeyTtl = opts.apiKeyTtlSeconds ?? API_KEY_TTL_SECONDS;
  const connectTtl = opts.connectTokenTtlSeconds ?? CONNECT_TOKEN_TTL_SECONDS;
  const log: RequestLogEntry[] = [];
  let lastBaseUrl = opts.publicUrl ?? "http://127.0.0.1/pluggy";
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closed = false;

  // One lock for all state access: requests, timers and controls run one at a time.
  let chain: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  }

  const timing: ExecutionTiming = {
    pollsToSettle: opts.execution?.pollsToSettle ?? 2,
    settleAfterMs: opts.execution?.settleAfterMs === undefined ? 1500 : opts.execution.settleAfterMs,
    background: opts.execution?.background ?? true,
  };

  const engineOptions = (state: PluggyState): EngineOptions => ({
    state,
    clock,
    realNow,
    dataSource,
    dispatcher,
    timing,
    historyDays: opts.historyDays ?? 365,
    autoSyncHours: opts.autoSyncHours ?? 24,
    patchLimitPerMinute: opts.patchLimitPerMinute === undefined ? 20 : opts.patchLimitPerMinute,
    mfaTimeoutMs: opts.mfaTimeoutMs ?? 5 * 60_000,
    idNamespace: opts.idNamespace ?? "pluggy-sandbox",
    itemWebhookHeaders: opts.itemWebhookHeaders ?? {},
    publicUrl: () => opts.publicUrl ?? lastBaseUrl,
    schedule: (delayMs) => {
      if (closed) return;
      const t = setTimeout(() => {
        timers.delete(t);
        void exclusive(async () => {
          const engine = await ready;
          try {
            engine.tick();
          } finally {
            await persist(engine);
          }
        }).catch((err) => console.error("[pluggy-sandbox] timer tick failed:", err));
      }, delayMs);
      t.unref?.();
      timers.add(t);
    },
  });

  // The state may come from an async store: everything waits for it (and reports its failure).
  // `engine` is assigned when `ready` resolves; it is only read by work that awaited `ready`.
  let engine!: PluggyEngine;
  const ready: Promise<PluggyEngine> = Promise.resolve()
    .then(() => store.load())
    .then((state) => (engine = new PluggyEngine(engineOptions(state))));
  ready.catch(() => undefined);

  async function persist(e: PluggyEngine): Promise<void> {
    if (e.takeDirty()) await store.save(e.state);
  }

  // ---------------------------------------------------------------- auth

  async function authenticate(headers: Record<string, string>): Promise<Principal> {
    const token = headers["x-api-key"];
    if (!token) throw unauthorized("MISSING_API_KEY", "Missing X-API-KEY header");
    const claims = await signer.verify(token, realNow());
    if (!claims) throw unauthorized("INVALID_API_KEY", "The X-API-KEY is not valid");
    if ("expired" in claims) throw unauthorized("API_KEY_EXPIRED", "The X-API-KEY has expired, authenticate again");
    if (claims.kind === "api_key") {
      if (claims.epoch !== engine.state.apiKeyEpoch) throw unauthorized("API_KEY_EXPIRED", "The X-API-KEY was revoked, authenticate again");
      return { kind: "api_key", clientId: claims.clientId };
    }
    const record = engine.state.connectTokens[claims.jti];
    if (!record || record.expiresAtMs <= realNow()) throw unauthorized("CONNECT_TOKEN_EXPIRED", "The connect token has expired");
    return { kind: "connect_token", clientId: claims.clientId, token: record };
  }

  function requireApiKey(p: Principal): string {
    if (p.kind !== "api_key") throw forbidden("A connect token cannot access this resource; use an API key");
    return p.clientId;
  }

  function itemFor(p: Principal, id: string): ItemRecord {
    const item = engine.getItem(id);
    if (!item || item.clientId !== p.clientId) throw notFound("Item", id);
    if (p.kind === "connect_token" && p.token.itemId !== id && !p.token.itemIds.includes(id)) {
      throw forbidden("This connect token cannot access this item");
    }
    return item;
  }

  function accountFor(clientId: string, id: string) {
    const acc = Object.prototype.hasOwnProperty.call(engine.state.accounts, id) ? engine.state.accounts[id] : undefined;
    if (!acc) throw notFound("Account", id);
    const item = engine.getItem(acc.itemId);
    if (!item || item.clientId !== clientId) throw notFound("Account", id);
    return acc;
  }

  function transactionFor(clientId: string, id: string) {
    const t = Object.prototype.hasOwnProperty.call(engine.state.transactions, id) ? engine.state.transactions[id] : undefined;
    if (!t) throw notFound("Transaction", id);
    const item = engine.getItem(t.itemId);
    if (!item || item.clientId !== clientId) throw notFound("Transaction", id);
    return t;
  }

  async function connectTokenFromBody(bodyToken: string | undefined, headers: Record<string, string>): Promise<Principal & { kind: "connect_token" }> {
    const token = bodyToken ?? headers["x-api-key"];
    if (!token) throw unauthorized("MISSING_CONNECT_TOKEN", "A connect token is required");
    const p = await authenticate({ ...headers, "x-api-key": token });
    if (p.kind !== "connect_token") throw forbidden("This endpoint takes a connect token");
    return p;
  }

  // ---------------------------------------------------------------- routing

  // Lists that are never long here come back as one page (totalPages ≥ 1, see transactions.ts).
  const page = <T>(results: T[]): PageResponse<T> => ({ results, page: 1, total: results.length, totalPages: 1 });
  const ok = (body: unknown): PluggyResponse => ({ status: 200, headers: { "Content-Type": "application/json; charset=utf-8" }, body });

  async function route(method: string, path: string, query: Record<string, string>, headers: Record<string, string>, body: unknown): Promise<PluggyResponse> {
    const seg = path.split("/").filter(Boolean);
    const [r0, r1, r2] = seg;
    const allow = (...methods: string[]) => {
      if (!methods.includes(method)) throw methodNotAllowed(method, path);
    };

    // POST /auth
    if (r0 === "auth" && seg.length === 1) {
      allow("POST");
      const b = parseBody(authBodySchema, body);
      if (opts.clients && !opts.clients.some((c) => c.clientId === b.clientId && c.clientSecret === b.clientSecret)) {
        throw unauthorized("CLIENT_KEYS_UNAUTHORIZED", "Client keys are invalid");
      }
      const apiKey = await signer.mintApiKey(b.clientId, engine.state.apiKeyEpoch, apiKeyTtl, realNow());
      return ok({ apiKey });
    }

    // Internal endpoints of the Connect stand-in widget (authenticated by the connect token).
    if (r0 === "connect" && r1 === "sandbox" && seg.length === 3) {
      allow("POST");
      if (r2 === "session") {
        const b = parseBody(connectSessionBodySchema, body);
        const p = await connectTokenFromBody(b.connectToken, headers);
        const updateItem = p.token.itemId ? engine.getItem(p.token.itemId) : undefined;
        const connectors = filterConnectors({ sandbox: b.includeSandbox ?? true, countries: ["BR"] }).map((c) =>
          toWireConnector(c, engine.state.connectorHealth[String(c.id)]),
        );
        return ok({
          connectors,
          updateItem: updateItem && updateItem.clientId === p.clientId ? engine.toWireItem(updateItem) : null,
          clientUserId: p.token.clientUserId,
          expiresAt: new Date(p.token.expiresAtMs).toISOString(),
        });
      }
      if (r2 === "submit") {
        const b = parseBody(connectSubmitBodySchema, body);
        const p = await connectTokenFromBody(b.connectToken, headers);
        let item: ItemRecord;
        if (p.token.itemId) {
          item = itemFor(p, p.token.itemId);
          if (b.connectorId !== undefined && b.connectorId !== item.connectorId) {
            throw badRequest("CONNECTOR_MISMATCH", "This connect token updates an item of another connector");
          }
          if (p.token.webhookUrl) item.webhookUrl = p.token.webhookUrl;
          engine.updateItem(item, { parameters: b.parameters, triggeredBy: "USER" });
        } else {
          if (b.connectorId === undefined) throw badRequest("CONNECTOR_REQUIRED", "connectorId is required");
          item = engine.createItem({
            clientId: p.clientId,
            connectorId: b.connectorId,
            parameters: b.parameters,
            webhookUrl: p.token.webhookUrl,
            clientUserId: p.token.clientUserId,
            products: null,
            avoidDuplicates: p.token.avoidDuplicates,
            triggeredBy: "USER",
            connectToken: p.token,
          });
        }
        engine.settle(item);
        return ok({ item: engine.toWireItem(item) });
      }
      if (r2 === "mfa") {
        const b = parseBody(connectMfaBodySchema, body);
        const p = await connectTokenFromBody(b.connectToken, headers);
        const item = itemFor(p, b.itemId);
        engine.submitMfa(item, b.parameters);
        engine.settle(item);
        return ok({ item: engine.toWireItem(item) });
      }
      throw notFound("Route", path);
    }

    const p = await authenticate(headers);

    // POST /connect_token
    if (r0 === "connect_token" && seg.length === 1) {
      allow("POST");
      const clientId = requireApiKey(p);
      const b = parseBody(connectTokenBodySchema, body);
      if (b.itemId) {
        const item = engine.getItem(b.itemId);
        if (!item || item.clientId !== clientId) throw notFound("Item", b.itemId);
      }
      const minted = await signer.mintConnectToken(clientId, connectTtl, realNow());
      const now = realNow();
      for (const [jti, t] of Object.entries(engine.state.connectTokens)) if (t.expiresAtMs < now - 86_400_000) delete engine.state.connectTokens[jti];
      engine.state.connectTokens[minted.jti] = {
        jti: minted.jti,
        clientId,
        itemId: b.itemId ?? null,
        webhookUrl: b.options?.webhookUrl ?? null,
        clientUserId: b.options?.clientUserId ?? null,
        oauthRedirectUri: b.options?.oauthRedirectUri ?? null,
        avoidDuplicates: b.options?.avoidDuplicates ?? false,
        itemIds: [],
        expiresAtMs: minted.expiresAtMs,
      };
      engine.touch();
      return ok({ accessToken: minted.token });
    }

    // Connectors
    if (r0 === "connectors") {
      if (seg.length === 1) {
        allow("GET");
        const bool = (v: string | undefined) => (v === undefined ? undefined : v === "true" || v === "1");
        const ids = splitList(query.ids)?.map(Number).filter((n) => Number.isInteger(n));
        const list = filterConnectors({
          ...(query.name ? { name: query.name } : {}),
          ...(query.countries ? { countries: splitList(query.countries) ?? [] } : {}),
          ...(query.types ? { types: splitList(query.types) ?? [] } : {}),
          ...(ids ? { ids } : {}),
          sandbox: bool(query.sandbox) ?? false,
          ...(query.isOpenFinance !== undefined ? { isOpenFinance: bool(query.isOpenFinance) ?? false } : {}),
          ...(query.supportsPaymentInitiation !== undefined ? { supportsPaymentInitiation: bool(query.supportsPaymentInitiation) ?? false } : {}),
        });
        return ok(page(list.map((c) => toWireConnector(c, engine.state.connectorHealth[String(c.id)]))));
      }
      const id = r1 ?? "";
      const wire = /^\d{1,9}$/.test(id) ? engine.wireConnector(Number(id)) : null;
      if (!wire) throw notFound("Connector", id);
      if (seg.length === 2) {
        allow("GET");
        return ok(wire);
      }
      if (seg.length === 3 && r2 === "validate") {
        allow("POST");
        const b = parseBody(mfaBodySchema, body);
        return ok(validationResult(b));
      }
      throw notFound("Route", path);
    }

    // Items
    if (r0 === "items") {
      if (seg.length === 1) {
        allow("POST");
        const b = parseBody(createItemBodySchema, body);
        const token = p.kind === "connect_token" ? p.token : undefined;
        const item = engine.createItem({
          clientId: p.clientId,
          connectorId: b.connectorId,
          parameters: b.parameters,
          webhookUrl: b.webhookUrl ?? token?.webhookUrl ?? null,
          clientUserId: b.clientUserId ?? token?.clientUserId ?? null,
          products: b.products ?? null,
          avoidDuplicates: b.avoidDuplicates ?? token?.avoidDuplicates ?? false,
          triggeredBy: token ? "USER" : "CLIENT",
          ...(token ? { connectToken: token } : {}),
        });
        return ok(engine.toWireItem(item));
      }
      const item = itemFor(p, r1 ?? "");
      if (seg.length === 2) {
        allow("GET", "PATCH", "DELETE");
        if (method === "GET") {
          engine.observe(item, true);
          return ok(engine.toWireItem(item));
        }
        if (method === "PATCH") {
          const b = parseBody(updateItemBodySchema, body);
          engine.updateItem(item, {
            parameters: b.parameters,
            ...(b.webhookUrl !== undefined ? { webhookUrl: b.webhookUrl } : {}),
            ...(b.clientUserId !== undefined ? { clientUserId: b.clientUserId } : {}),
            ...(b.products !== undefined ? { products: b.products } : {}),
            triggeredBy: p.kind === "connect_token" ? "USER" : "CLIENT",
          });
          return ok(engine.toWireItem(item));
        }
        requireApiKey(p);
        const wire = engine.toWireItem(item);
        engine.deleteItem(item);
        return ok(wire);
      }
      if (seg.length === 3 && r2 === "mfa") {
        allow("POST");
        const b = parseBody(mfaBodySchema, body);
        engine.submitMfa(item, b);
        return ok(engine.toWireItem(item));
      }
      throw notFound("Route", path);
    }

    // Accounts
    if (r0 === "accounts") {
      allow("GET");
      if (seg.length === 1) {
        const itemId = query.itemId;
        if (!itemId) throw badRequest("PARAMETER_VALIDATION_ERROR", "itemId is required", { parameter: "itemId" });
        const type = query.type;
        if (type !== undefined && type !== "" && type !== "BANK" && type !== "CREDIT") {
          throw badRequest("PARAMETER_VALIDATION_ERROR", "type must be BANK or CREDIT", { parameter: "type" });
        }
        const item = itemFor(p, itemId);
        const accounts = Object.values(engine.state.accounts)
          .filter((a) => a.itemId === item.id && (!type || a.type === type))
          .sort((a, b) => (a.type === b.type ? (a.subtype < b.subtype ? -1 : a.subtype > b.subtype ? 1 : a.id < b.id ? -1 : 1) : a.type === "BANK" ? -1 : 1))
          .map(toWireAccount)
          // A connect token sees a reduced view (no balances or personal data).
          .map((a) => (p.kind === "connect_token" ? { ...a, balance: 0, owner: null, taxNumber: null, bankData: null, creditData: null } : a));
        return ok(page(accounts));
      }
      const clientId = requireApiKey(p);
      const acc = accountFor(clientId, r1 ?? "");
      if (seg.length === 2) return ok(toWireAccount(acc));
      throw notFound("Route", path);
    }

    // Transactions
    if (r0 === "transactions" || (r0 === "v2" && r1 === "transactions" && seg.length === 2)) {
      const clientId = requireApiKey(p);
      const v2 = r0 === "v2";
      if (v2 || seg.length === 1) {
        allow("GET");
        const accountId = query.accountId;
        if (!accountId) throw badRequest("PARAMETER_VALIDATION_ERROR", "accountId is required", { parameter: "accountId" });
        const acc = accountFor(clientId, accountId);
        const rows = Object.values(engine.state.transactions).filter((t) => t.accountId === acc.id);
        if (v2) return ok(listCursor(rows, query, { baseUrl: publicBase(), accountId: acc.id, defaultPageSize: opts.v2PageSize ?? 500 }));
        return ok(listLegacy(rows, query));
      }
      const t = transactionFor(clientId, r1 ?? "");
      if (seg.length === 2) {
        allow("GET", "PATCH");
        if (method === "PATCH") {
          const b = parseBody(updateTransactionBodySchema, body);
          if (!getCategory(b.categoryId)) throw badRequest("CATEGORY_NOT_FOUND", `Category ${b.categoryId} does not exist`);
          t.userCategoryId = b.categoryId;
          t.updatedAt = engine.sandboxNowIso();
          engine.touch();
        }
        return ok(toWireTransaction(t));
      }
      throw notFound("Route", path);
    }

    // Categories
    if (r0 === "categories") {
      allow("GET");
      requireApiKey(p);
      if (seg.length === 1) return ok(page(CATEGORIES));
      const c = seg.length === 2 ? getCategory(r1 ?? "") : undefined;
      if (!c) throw notFound("Category", r1);
      return ok(c);
    }

    // Webhooks (account-level subscriptions, see webhook-subscriptions.ts)
    if (r0 === "webhooks") {
      const clientId = requireApiKey(p);
      if (seg.length === 1) {
        allow("GET", "POST");
        if (method === "GET") return ok(page(listWebhooks(engine, clientId).map(toWireWebhook)));
        return ok(toWireWebhook(createWebhook(engine, clientId, parseBody(createWebhookBodySchema, body))));
      }
      if (seg.length === 2) {
        allow("GET", "PATCH", "DELETE");
        const w = getWebhook(engine, clientId, r1 ?? "");
        if (method === "GET") return ok(toWireWebhook(w));
        if (method === "DELETE") return ok(toWireWebhook(deleteWebhook(engine, w)));
        return ok(toWireWebhook(updateWebhook(engine, w, parseBody(updateWebhookBodySchema, body))));
      }
      throw notFound("Route", path);
    }

    throw notFound("Route", path);
  }

  function publicBase(): string {
    return opts.publicUrl ?? lastBaseUrl;
  }

  function baseUrlFrom(headers: Record<string, string>, prefix: string): string | null {
    const host = headers["x-forwarded-host"] ?? headers.host;
    if (!host) return null;
    const proto = (headers["x-forwarded-proto"] ?? "http").split(",")[0]?.trim() || "http";
    const mount = headers["x-forwarded-prefix"] ?? (prefix || (opts.mountPath ?? "").replace(/\/$/, ""));
    return `${proto}://${host}${mount}`.replace(/\/$/, "");
  }

  function errorResponse(err: unknown): PluggyResponse {
    if (err instanceof PluggyApiError) {
      return { status: err.status, headers: { "Content-Type": "application/json; charset=utf-8", ...(err.headers ?? {}) }, body: err.toBody() };
    }
    console.error("[pluggy-sandbox] unexpected error:", err);
    return {
      status: 500,
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: { code: 500, codeDescription: "INTERNAL_SERVER_ERROR", message: "We had a problem with our server. Try again later." },
    };
  }

  async function handle(req: PluggyRequest): Promise<PluggyResponse> {
    const method = (req.method || "GET").toUpperCase();
    const target = normalizeTarget(req.path, req.query);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) if (typeof v === "string") headers[k.toLowerCase()] = v;
    const base = opts.publicUrl ? null : baseUrlFrom(headers, target.prefix);
    if (base) lastBaseUrl = base;

    let body = req.body;
    let res: PluggyResponse;
    let fault: RequestLogEntry["fault"] = null;
    try {
      if (typeof body === "string" && body.trim() !== "") {
        try {
          body = JSON.parse(body);
        } catch {
          throw badRequest("INVALID_REQUEST_BODY", "The request body is not valid JSON");
        }
      } else if (body instanceof Uint8Array) {
        const text = Buffer.from(body).toString("utf8");
        try {
          body = text.trim() === "" ? undefined : JSON.parse(text);
        } catch {
          throw badRequest("INVALID_REQUEST_BODY", "The request body is not valid JSON");
        }
      }
      const decision = faults.decide(method, target.path);
      if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs));
      if (decision.error) {
        fault = decision.fault;
        throw decision.error;
      }
      res = await exclusive(async () => {
        const e = await ready;
        try {
          e.tick();
          return await route(method, target.path, target.query, headers, body);
        } finally {
          await persist(e);
        }
      });
    } catch (err) {
      res = errorResponse(err);
    }
    log.push({ method, path: target.path, status: res.status, fault, atMs: realNow() });
    if (log.length > 2000) log.splice(0, log.length - 2000);
    return res;
  }

  // ---------------------------------------------------------------- controls

  function mustItem(itemId: string): ItemRecord {
    const item = engine.getItem(itemId);
    if (!item) throw new Error(`unknown Pluggy sandbox item ${itemId}`);
    return item;
  }

  const withSave = <T>(fn: () => T): Promise<T> =>
    exclusive(async () => {
      const e = await ready;
      try {
        return fn();
      } finally {
        await persist(e);
      }
    });

  const control: PluggyControls = {
    setItemLoginError: (itemId, code) =>
      withSave(() => {
        const item = mustItem(itemId);
        engine.setItemLoginError(item, code);
        return engine.toWireItem(item);
      }),
    setFaults: (config) => faults.set(config),
    getFaults: () => faults.get(),
    fireWebhook: (event, args = {}) =>
      withSave(() => {
        if (event === "connector/status_updated") {
          const connectorId = args.connectorId ?? 0;
          const ids = engine.emitConnectorStatus(connectorId, engine.connectorHealth(connectorId));
          return ids[0] ?? "";
        }
        if (!args.itemId) throw new Error(`${event} needs an itemId`);
        const item = mustItem(args.itemId);
        const accountId = args.accountId ?? Object.values(engine.state.accounts).find((a) => a.itemId === item.id)?.id;
        if (event === "transactions/created") {
          if (!accountId) throw new Error("transactions/created needs an account");
          const rows = Object.values(engine.state.transactions).filter((t) => t.accountId === accountId);
          const from = item.lastUpdatedAt ?? engine.sandboxNowIso();
          const count = rows.filter((t) => t.createdAt >= from).length;
          return engine.emitTransactionsCreated(item, accountId, from, count);
        }
        if (event === "transactions/updated" || event === "transactions/deleted") {
          if (!accountId) throw new Error(`${event} needs an account`);
          return engine.emitTransactionIds(item, event, accountId, args.transactionIds ?? []);
        }
        const extra: Record<string, unknown> = { triggeredBy: args.triggeredBy ?? "SYNC" };
        if (event === "item/error") extra.error = args.error ?? item.error ?? { code: "INVALID_CREDENTIALS", message: "Invalid credentials." };
        return args.eventId
          ? engine.dispatch(item.clientId, item.webhookUrl, { event, id: item.id, itemId: item.id, clientId: item.clientId, clientUserId: item.clientUserId, ...extra }, args.eventId)
          : engine.emitItemEvent(item, event, extra);
      }),
    redeliverWebhook: (eventId) => withSave(() => engine.redeliver(eventId)),
    advanceClock: (days) =>
      withSave(() => {
        if (typeof clock.advance !== "function") throw new Error("this sandbox clock cannot advance (pass a SandboxClock)");
        clock.advance(days);
        engine.touch();
        engine.tick();
        return new Date(clock.nowMs()).toISOString();
      }),
    runAutoSync: (itemId) =>
      withSave(() => {
        const items = itemId ? [mustItem(itemId)] : Object.values(engine.state.items);
        const started: string[] = [];
        for (const item of items) {
          if (item.execution || item.status === "LOGIN_ERROR" || !item.collected) continue;
          engine.startSync(item);
          if (item.execution) started.push(item.id);
        }
        return started;
      }),
    settleAll: () => withSave(() => engine.settleAll()),
    setConnectorHealth: (connectorId, status) =>
      withSave(() => {
        engine.state.connectorHealth[String(connectorId)] = status;
        engine.touch();
        engine.emitConnectorStatus(connectorId, status);
      }),
    revokeApiKeys: () =>
      withSave(() => {
        engine.state.apiKeyEpoch += 1;
        engine.touch();
      }),
    setApiKeyTtl: (seconds) => {
      if (!Number.isFinite(seconds) || seconds < 1) throw new Error("api key TTL must be ≥ 1 second");
      apiKeyTtl = Math.floor(seconds);
    },
    listItems: () => withSave(() => Object.values(engine.state.items).map((i) => engine.toWireItem(i))),
    deliveries: () => [...dispatcher.log],
    flushWebhooks: () => dispatcher.flush(),
    requestLog: () => [...log],
    clearRequestLog: () => {
      log.length = 0;
    },
  };

  return {
    handle,
    control,
    setItemLoginError: control.setItemLoginError,
    setFaults: control.setFaults,
    fireWebhook: control.fireWebhook,
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      dispatcher.close();
    },
  };
}
