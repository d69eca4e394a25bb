/**
 * The Pluggy-compatible API emulator (see packages/sandbox/README.md, "Pluggy emulator"): one instance holds the state (via
 * a PluggyStateStore), the engine (items, executions, data collection), the webhook dispatcher and
 * fault injection. Requests go through the route table (routes-connect.ts, routes-api.ts; matched
 * by router.ts) under one lock, and every change is persisted before the answer.
 */
import { createSandboxClock } from "@bank-connections/sandbox/core/clock";
import { DEFAULT_SEED } from "@bank-connections/sandbox/data/seed";
import { createTokenSigner, API_KEY_TTL_SECONDS, CONNECT_TOKEN_TTL_SECONDS, type TokenSigner } from "./auth";
import { createPluggyControls } from "./controls";
import { createSharedDataSource } from "./data-source";
import { PluggyEngine, type ClockLike, type EngineOptions, type ExecutionTiming } from "./engine";
import { badRequest, PluggyApiError } from "./errors";
import { FaultInjector } from "./faults";
import { normalizeTarget } from "./query";
import { dispatchRoute, type RouteEnv } from "./router";
import { API_ROUTES } from "./routes-api";
import { CONNECT_ROUTES } from "./routes-connect";
import { PRODUCT_ROUTES } from "./routes-products";
import type { PluggyRequest, PluggyResponse, PluggySandbox, PluggySandboxOptions, RequestLogEntry } from "./sandbox-types";
import { createMemoryPluggyStore, type PluggyState } from "./state";
import { WebhookDispatcher } from "./webhooks";

export type { FireWebhookArgs, PluggyControls, PluggyRequest, PluggyResponse, PluggySandbox, PluggySandboxOptions, RequestLogEntry } from "./sandbox-types";

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
  const ready: Promise<PluggyEngine> = Promise.resolve()
    .then(() => store.load())
    .then((state) => new PluggyEngine(engineOptions(state)));
  ready.catch(() => undefined);

  async function persist(e: PluggyEngine): Promise<void> {
    if (e.takeDirty()) await store.save(e.state);
  }

  const routes = [...CONNECT_ROUTES, ...API_ROUTES, ...PRODUCT_ROUTES];
  const routeEnv = (e: PluggyEngine): RouteEnv => ({
    engine: e,
    signer,
    realNow,
    clients: opts.clients,
    apiKeyTtlSeconds: apiKeyTtl,
    connectTokenTtlSeconds: connectTtl,
    v2PageSize: opts.v2PageSize ?? 500,
    publicBase,
  });
  const ok = (body: unknown): PluggyResponse => ({ status: 200, headers: { "Content-Type": "application/json; charset=utf-8" }, body });

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
          return ok(await dispatchRoute(routes, routeEnv(e), { method, path: target.path, query: target.query, headers, body }));
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

  const control = createPluggyControls({ ready, exclusive, persist, clock, faults, dispatcher, log, setApiKeyTtl: (seconds) => {
      apiKeyTtl = seconds;
    },
  });

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
