/** What every endpoint handler receives, and small helpers shared by them. */
import { unitFromCounter } from "@bank-connections/sandbox/data/prng";
import { PlaidApiError, plaidErrorObject, type PlaidErrorCode, type PlaidErrorObject } from "./errors";
import { ACCESS_TOKEN_RE } from "./ids";
import type { FaultRule, PlaidItemRecord, PlaidState, WebhookSignatureMode } from "./state";

/** A webhook to deliver once the state change that caused it is committed. */
export interface WebhookEffect {
  itemId: string;
  url: string;
  webhookType: string;
  webhookCode: string;
  payload: Record<string, unknown>;
  signature: WebhookSignatureMode;
}

export interface HandlerCtx {
  state: PlaidState;
  clock: { baseMs: number; nowMs: number };
  /** Wall-clock time of the call (link token lifetimes follow it, as a client's own clock does). */
  wallNowMs: number;
  requestId: string;
  /** The API client of the call (PLAID-CLIENT-ID), once its keys are checked; null on the Link stand-in's endpoints. */
  clientId: string | null;
  path: string;
  effects: WebhookEffect[];
  /** Public URL of the Plaid mount, when the host told us (PlaidSandboxOptions.baseUrl). */
  baseUrl: string | null;
}

export type Handler = (ctx: HandlerCtx, body: Record<string, unknown>) => Record<string, unknown>;

export type FaultName = "rateLimit" | "serverError" | "timeout" | "syncMutation";

/**
 * Deterministic fault decision for this call: forced occurrences first, then the n-th matching
 * call fires when hash(seed, fault, n) < rate. Counters live in the state.
 */
export function decideFault(state: PlaidState, name: FaultName, path: string): boolean {
  const rule: FaultRule = state.faults[name];
  if (rule.paths && !rule.paths.includes(path)) return false;
  if (rule.forceNext > 0) {
    rule.forceNext -= 1;
    return true;
  }
  if (!(rule.rate > 0)) return false;
  const n = (state.faultCounters[name] ?? 0) + 1;
  state.faultCounters[name] = n;
  return unitFromCounter(state.seed, name, n) < rule.rate;
}

/** Looks up the item behind an access token; data endpoints also refuse items in error. */
export function requireItem(ctx: HandlerCtx, accessToken: string, opts: { allowError?: boolean } = {}): PlaidItemRecord {
  if (!ACCESS_TOKEN_RE.test(accessToken)) {
    throw new PlaidApiError("INVALID_ACCESS_TOKEN", "provided access token is in an invalid format. expected format: access-<environment>-<identifier>");
  }
  const itemId = ctx.state.accessTokens[accessToken];
  const item = itemId === undefined ? undefined : ctx.state.items[itemId];
  // Another client's token is as unknown as a made-up one (Plaid: tokens are per client).
  if (!item || !sameClient(item.clientId, ctx.clientId)) throw new PlaidApiError("INVALID_ACCESS_TOKEN");
  if (!opts.allowError && item.error) {
    const e = item.error;
    throw new PlaidApiError(e.error_code as PlaidErrorCode, e.error_message, { display: e.display_message, reason: e.error_code_reason });
  }
  return item;
}

/** A record bound to `owner` (a client id) may be used by that client only; unbound (older files) by any. */
export function sameClient(owner: string | null | undefined, caller: string | null): boolean {
  return owner === undefined || owner === null || owner === caller;
}

/** Finds an item by id or access token (for the control functions). */
export function findItem(state: PlaidState, ref: string): PlaidItemRecord | undefined {
  const byToken = state.accessTokens[ref];
  return state.items[byToken ?? ref];
}

/** Queues a webhook to the item's URL (no-op without one). */
export function queueWebhook(ctx: Pick<HandlerCtx, "state" | "effects">, item: PlaidItemRecord, webhookType: string, webhookCode: string, extra: Record<string, unknown> = {}, url = item.webhook): boolean {
  if (!url) return false;
  ctx.effects.push({
    itemId: item.itemId,
    url,
    webhookType,
    webhookCode,
    payload: { webhook_type: webhookType, webhook_code: webhookCode, item_id: item.itemId, ...extra, environment: "sandbox" },
    signature: ctx.state.faults.webhookSignature,
  });
  return true;
}

/** Puts the item in an error state (default ITEM_LOGIN_REQUIRED) and queues ITEM/ERROR. */
export function setItemError(ctx: Pick<HandlerCtx, "state" | "effects" | "requestId">, item: PlaidItemRecord, code: PlaidErrorCode = "ITEM_LOGIN_REQUIRED", reason: string | null = null): PlaidErrorObject {
  const error = plaidErrorObject(code, ctx.requestId, { reason });
  item.error = error;
  queueWebhook(ctx, item, "ITEM", "ERROR", { error });
  return error;
}
