/**
 * The Plaid emulator as a pure request handler plus control functions.
 *
 *   const plaid = createPlaidSandbox({ store, clock });
 *   await plaid.handle({ path: "/accounts/get", headers, body })  → { status, body }
 *
 * Each call runs as one store update (so counters, tokens and fault decisions persist), then
 * waits out any simulated latency and hands webhooks to the sender in the background
 * (`flushWebhooks()` awaits them). Control functions await their own webhooks.
 */
import { defaultWindow } from "@bank-connections/sandbox/data/generate";
import { base62Id } from "@bank-connections/sandbox/data/prng";
import type { TxState } from "@bank-connections/sandbox/data/types";
import { groundTruth as dataGroundTruth } from "@bank-connections/sandbox/data/view";
import { DAY_MS } from "@bank-connections/sandbox/data/dates";
import { parseClockBase } from "@bank-connections/sandbox/core/clock";
import type { SandboxState } from "@bank-connections/sandbox/core/store";
import { type HandlerCtx, decideFault, findItem, queueWebhook, setItemError } from "./context";
import { PlaidApiError } from "./errors";
import { newRequestId } from "./ids";
import { type WebhookResult, createWebhookDispatcher, defaultWebhookSender } from "./delivery";
import { checkApiKeys, lowerHeaders, normalizePlaidPath, parseRequestBody, RATE_LIMIT_CODE, ROUTES } from "./routes";
import { queueItemWebhook } from "./sandbox-endpoints";
import { OAuthPageError, oauthConsent, oauthDecide } from "./oauth";
import type { PlaidSandbox, PlaidSandboxOptions, PlaidSandboxRequest, PlaidSandboxResponse } from "./sandbox-types";
import { defaultFaults, plaidStateOf, type FaultRule, type PlaidItemRecord, type PlaidState } from "./state";
import { currentPos, hasChanges, itemData, itemLogin, itemMinDate, sharedAccountIds } from "./sync";

export { normalizePlaidPath } from "./routes";
export type { FaultsPatch, ItemInspection, PlaidSandbox, PlaidSandboxOptions, PlaidSandboxRequest, PlaidSandboxResponse } from "./sandbox-types";

export function createPlaidSandbox(opts: PlaidSandboxOptions): PlaidSandbox {
  const { store, clock } = opts;
  const sender = opts.webhookSender ?? defaultWebhookSender;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const wallNow = opts.wallNowMs ?? (() => Date.now());
  const onInternalError = opts.onInternalError ?? ((e: unknown) => console.error("[plaid sandbox] internal error", e));
  const webhooks = createWebhookDispatcher({ store, sender, wallNow, onError: onInternalError });
  let fallbackErrors = 0;

  /** Keeps the clock object and the stored clock in step (the store wins once initialised). */
  function syncClock(s: SandboxState): { baseMs: number; nowMs: number } {
    if (s.clock) clock.set(s.clock);
    else s.clock = clock.state();
    return { baseMs: clock.baseMs, nowMs: clock.nowMs() };
  }

  function makeCtx(s: SandboxState, path: string): HandlerCtx {
    const c = syncClock(s);
    return { state: plaidStateOf(s), clock: c, wallNowMs: wallNow(), requestId: newRequestId(plaidStateOf(s)), clientId: null, path, effects: [], baseUrl: opts.baseUrl ?? null };
  }

  function errorResponse(e: PlaidApiError, requestId: string): PlaidSandboxResponse {
    return { status: e.status, body: e.toObject(requestId) };
  }

  async function handle(req: PlaidSandboxRequest): Promise<PlaidSandboxResponse> {
    const path = normalizePlaidPath(req.path);
    const route = ROUTES[path];
    try {
      if (route?.needsKey) await webhooks.ensureKey();
      const outcome = await store.update((s) => {
        const ctx = makeCtx(s, path);
        let delayMs = 0;
        try {
          if (!route) throw new PlaidApiError("NOT_FOUND", `not found: POST ${path} is not a Plaid endpoint this sandbox serves`);
          const body = parseRequestBody(req);
          if (route.auth) ctx.clientId = checkApiKeys(ctx.state, lowerHeaders(req.headers), body, opts.credentials);
          if (route.faults) {
            const f = ctx.state.faults;
            delayMs += Math.max(0, f.latencyMs);
            if (decideFault(ctx.state, "timeout", path)) delayMs += Math.max(0, f.timeout.delayMs);
            if (decideFault(ctx.state, "rateLimit", path)) throw new PlaidApiError(RATE_LIMIT_CODE[path] ?? "RATE_LIMIT");
            if (decideFault(ctx.state, "serverError", path)) throw new PlaidApiError("INTERNAL_SERVER_ERROR");
          }
          const out = route.handler(ctx, body);
          return { response: { status: 200, body: { ...out, request_id: ctx.requestId } } as PlaidSandboxResponse, effects: ctx.effects, delayMs };
        } catch (e) {
          if (e instanceof PlaidApiError) return { response: errorResponse(e, ctx.requestId), effects: ctx.effects, delayMs };
          throw e;
        }
      });
      if (outcome.delayMs > 0) await sleep(outcome.delayMs);
      webhooks.deliverInBackground(outcome.effects);
      return outcome.response;
    } catch (e) {
      onInternalError(e);
      return errorResponse(new PlaidApiError("INTERNAL_SERVER_ERROR"), base62Id(`internal-error:${wallNow()}:${++fallbackErrors}`, 15));
    }
  }

  /** Runs a control mutation and delivers the webhooks it queued. */
  async function control<T>(fn: (s: SandboxState, ctx: HandlerCtx) => T): Promise<{ value: T; webhooks: WebhookResult[] }> {
    const { value, effects } = await store.update((s) => {
      const ctx = makeCtx(s, "/control");
      return { value: fn(s, ctx), effects: ctx.effects };
    });
    return { value, webhooks: await webhooks.deliver(effects) };
  }

  function mustFind(state: PlaidState, ref: string): PlaidItemRecord {
    const item = findItem(state, ref);
    if (!item) throw new Error(`unknown sandbox item: ${ref}`);
    return item;
  }

  function mergeRule<T extends FaultRule>(rule: T, patch: Partial<T> | undefined): T {
    return patch ? { ...rule, ...patch } : rule;
  }

  return {
    handle,

    flushWebhooks: () => webhooks.flush(),

    async setFaults(patch) {
      return store.update((s) => {
        const f = plaidStateOf(s).faults;
        plaidStateOf(s).faults = {
          ...f,
          ...patch,
          rateLimit: mergeRule(f.rateLimit, patch.rateLimit),
          serverError: mergeRule(f.serverError, patch.serverError),
          timeout: mergeRule(f.timeout, patch.timeout),
          syncMutation: mergeRule(f.syncMutation, patch.syncMutation),
        };
        return plaidStateOf(s).faults;
      });
    },

    async resetFaults() {
      return store.update((s) => {
        plaidStateOf(s).faults = defaultFaults();
        plaidStateOf(s).faultCounters = {};
        return plaidStateOf(s).faults;
      });
    },

    async setReadiness(mode) {
      await store.update((s) => {
        plaidStateOf(s).readiness = mode;
      });
    },

    async setCredentials(credentials) {
      await store.update((s) => {
        plaidStateOf(s).credentials = credentials;
      });
    },

    async advanceClock(days) {
      if (!Number.isFinite(days)) throw new Error("days must be a finite number");
      const { value, webhooks } = await control((s, ctx) => {
        const before = ctx.clock;
        const state = s.clock ?? clock.state();
        s.clock = { ...state, offsetDays: state.offsetDays + days };
        clock.set(s.clock);
        const after = { baseMs: clock.baseMs, nowMs: clock.nowMs() };
        ctx.clock = after;
        for (const item of Object.values(ctx.state.items)) {
          if (!Object.values(ctx.state.accessTokens).includes(item.itemId)) continue; // never exchanged
          if (item.consentExpiresAtMs !== null) {
            if (!item.pendingExpirationSent && after.nowMs >= item.consentExpiresAtMs - 7 * DAY_MS && after.nowMs < item.consentExpiresAtMs) {
              item.pendingExpirationSent = true;
              queueWebhook(ctx, item, "ITEM", "PENDING_EXPIRATION", { consent_expiration_time: new Date(item.consentExpiresAtMs).toISOString().replace(/\.\d{3}Z$/, "Z") });
            }
            if (after.nowMs >= item.consentExpiresAtMs && !item.error) setItemError(ctx, item, "ITEM_LOGIN_REQUIRED");
          }
          if (item.error || !item.syncCalled || item.phase === "NOT_READY" || !item.webhook) continue;
          const data = itemData(item, ctx.state.seed, { baseMs: after.baseMs, nowMs: Math.max(before.nowMs, after.nowMs) });
          const from = currentPos(item, data, before.nowMs);
          const to = currentPos(item, data, after.nowMs);
          if (hasChanges(item, ctx.state.seed, after, from, to)) {
            queueWebhook(ctx, item, "TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", {
              initial_update_complete: true,
              historical_update_complete: item.phase === "HISTORICAL",
            });
          }
        }
        return after.nowMs;
      });
      return { nowMs: value, webhooks };
    },

    async setClock(next) {
      return store.update((s) => {
        const current = s.clock ?? clock.state();
        s.clock = {
          baseMs: next.base === undefined ? current.baseMs : parseClockBase(next.base),
          offsetDays: next.offsetDays ?? current.offsetDays,
        };
        clock.set(s.clock);
        return s.clock;
      });
    },

    async fireWebhook(itemRef, code) {
      const { webhooks } = await control((s, ctx) => {
        const item = mustFind(ctx.state, itemRef);
        if (!item.webhook) throw new Error(`item ${item.itemId} has no webhook URL`);
        queueItemWebhook(ctx, item, code);
      });
      return webhooks;
    },

    async setItemLoginRequired(itemRef, code = "ITEM_LOGIN_REQUIRED") {
      const { webhooks } = await control((s, ctx) => {
        const item = mustFind(ctx.state, itemRef);
        setItemError(ctx, item, code);
      });
      return webhooks;
    },

    async addAccount(itemRef) {
      const { value, webhooks } = await control((s, ctx) => {
        const item = mustFind(ctx.state, itemRef);
        // What the user shares stays as it is: the new account waits for account selection.
        item.accountIds ??= sharedAccountIds(item, itemData(item, ctx.state.seed, ctx.clock));
        item.openedAccounts = (item.openedAccounts ?? 0) + 1;
        const all = itemData(item, ctx.state.seed, ctx.clock).accounts;
        if (item.webhook) queueItemWebhook(ctx, item, "NEW_ACCOUNTS_AVAILABLE");
        return all[all.length - 1]!.accountId;
      });
      return { accountId: value, webhooks };
    },

    async repairItemLogin(itemRef) {
      const { webhooks } = await control((s, ctx) => {
        const item = mustFind(ctx.state, itemRef);
        item.error = null;
        queueWebhook(ctx, item, "ITEM", "LOGIN_REPAIRED");
      });
      return webhooks;
    },

    rotateWebhookKey: () => webhooks.rotateKey(),

    async oauthConsent(stateId) {
      const s = await store.read();
      try {
        return { ok: true as const, view: oauthConsent(makeCtx(s, "/oauth"), stateId) };
      } catch (e) {
        if (e instanceof OAuthPageError) return { ok: false as const, reason: e.kind };
        throw e;
      }
    },

    async oauthDecide(stateId, decision) {
      return store.update((s) => {
        const ctx = makeCtx(s, "/oauth");
        try {
          return { ok: true as const, redirectTo: oauthDecide(ctx, stateId, decision).redirectTo };
        } catch (e) {
          if (e instanceof OAuthPageError) return { ok: false as const, reason: e.kind };
          if (e instanceof PlaidApiError) return { ok: false as const, reason: "invalid" as const, error: e.toObject(ctx.requestId) };
          throw e;
        }
      });
    },

    async getState() {
      return plaidStateOf(await store.read());
    },

    async listItems() {
      return Object.values(plaidStateOf(await store.read()).items);
    },

    async inspectItem(itemRef) {
      const s = await store.read();
      const c = syncClock(s);
      const item = mustFind(plaidStateOf(s), itemRef);
      const data = itemData(item, plaidStateOf(s).seed, c);
      return {
        item,
        login: itemLogin(item, plaidStateOf(s).seed),
        window: defaultWindow(c),
        minDate: itemMinDate(item, data),
        nowMs: c.nowMs,
        accountIds: sharedAccountIds(item, data),
      };
    },

    async groundTruth(itemRef) {
      const s = await store.read();
      const c = syncClock(s);
      const item = mustFind(plaidStateOf(s), itemRef);
      const data = itemData(item, plaidStateOf(s).seed, c);
      const all = dataGroundTruth(data, c.nowMs, { minDate: itemMinDate(item, data) });
      const out: Record<string, TxState[]> = {};
      for (const id of sharedAccountIds(item, data)) out[id] = all[id] ?? [];
      return out;
    },
  };
}
