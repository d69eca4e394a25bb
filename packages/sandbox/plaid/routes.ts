/**
 * The Plaid emulator's route table: each endpoint's handler, whether it needs API keys and whether
 * injected faults apply; plus request parsing and the API key check (used by sandbox.ts).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Handler } from "./context";
import { PlaidApiError } from "./errors";
import { institutionsGet, institutionsGetById, institutionsSearch } from "./institutions";
import { categoriesGet } from "./categories";
import { accountsBalanceGet, authGet, identityGet, transactionsGet } from "./data-endpoints";
import { accountsGet, itemAccessTokenInvalidate, itemGet, itemRemove, itemWebhookUpdate } from "./items";
import { linkSandboxComplete, linkSandboxLogin, linkSandboxSession, linkTokenCreate, publicTokenExchange } from "./link";
import { linkTokenGet } from "./link-token";
import { linkSandboxOAuthResume, linkSandboxOAuthStart } from "./oauth";
import { UNSERVED_ROUTES } from "./products";
import { transactionsRecurringGet } from "./recurring";
import { sandboxPublicTokenCreate } from "./sandbox-public-token";
import { sandboxItemFireWebhook, sandboxItemResetLogin, webhookVerificationKeyGet } from "./sandbox-endpoints";
import type { PlaidSandboxRequest } from "./sandbox-types";
import type { PlaidState } from "./state";
import { transactionsRefresh, transactionsSync } from "./transactions";

export interface Route {
  handler: Handler;
  /** Needs API keys (the Link stand-in authenticates with the link token instead). */
  auth: boolean;
  /** Subject to injected faults and latency. */
  faults: boolean;
  needsKey?: boolean;
}

const api = (handler: Handler, extra: Partial<Route> = {}): Route => ({ handler, auth: true, faults: true, ...extra });
const tool = (handler: Handler): Route => ({ handler, auth: true, faults: false });
const widget = (handler: Handler): Route => ({ handler, auth: false, faults: false });
/** Public Plaid endpoints (no API keys at Plaid either). */
const publicApi = (handler: Handler): Route => ({ handler, auth: false, faults: true });

export const ROUTES: Record<string, Route> = {
  "/link/token/create": api(linkTokenCreate),
  "/link/token/get": api(linkTokenGet),
  "/item/public_token/exchange": api(publicTokenExchange),
  "/accounts/get": api(accountsGet),
  "/accounts/balance/get": api(accountsBalanceGet),
  "/auth/get": api(authGet),
  "/identity/get": api(identityGet),
  "/item/access_token/invalidate": api(itemAccessTokenInvalidate),
  "/categories/get": publicApi(categoriesGet),
  "/item/get": api(itemGet),
  "/item/remove": api(itemRemove),
  "/item/webhook/update": api(itemWebhookUpdate),
  "/institutions/get": api(institutionsGet),
  "/institutions/get_by_id": api(institutionsGetById),
  "/institutions/search": api(institutionsSearch),
  "/transactions/sync": api(transactionsSync),
  "/transactions/refresh": api(transactionsRefresh),
  "/transactions/get": api(transactionsGet),
  "/transactions/recurring/get": api(transactionsRecurringGet),
  ...Object.fromEntries(Object.entries(UNSERVED_ROUTES).map(([path, handler]) => [path, api(handler)])),
  "/webhook_verification_key/get": api(webhookVerificationKeyGet, { needsKey: true }),
  "/sandbox/public_token/create": tool(sandboxPublicTokenCreate),
  "/sandbox/item/fire_webhook": tool(sandboxItemFireWebhook),
  "/sandbox/item/reset_login": tool(sandboxItemResetLogin),
  "/link/sandbox/session": widget(linkSandboxSession),
  "/link/sandbox/login": widget(linkSandboxLogin),
  "/link/sandbox/complete": widget(linkSandboxComplete),
  "/link/sandbox/oauth/start": widget(linkSandboxOAuthStart),
  "/link/sandbox/oauth/resume": widget(linkSandboxOAuthResume),
};

export const RATE_LIMIT_CODE: Record<string, "TRANSACTIONS_SYNC_LIMIT" | "TRANSACTIONS_REFRESH_LIMIT" | "ACCOUNTS_LIMIT" | "ITEM_GET_LIMIT" | "INSTITUTIONS_GET_BY_ID_LIMIT"> = {
  "/transactions/sync": "TRANSACTIONS_SYNC_LIMIT",
  "/transactions/refresh": "TRANSACTIONS_REFRESH_LIMIT",
  "/accounts/get": "ACCOUNTS_LIMIT",
  "/accounts/balance/get": "ACCOUNTS_LIMIT",
  "/item/get": "ITEM_GET_LIMIT",
  "/institutions/get_by_id": "INSTITUTIONS_GET_BY_ID_LIMIT",
};

export function normalizePlaidPath(raw: string): string {
  let p = raw.split("?")[0] ?? "/";
  if (!p.startsWith("/")) p = `/${p}`;
  if (p === "/plaid" || p.startsWith("/plaid/")) p = p.slice("/plaid".length) || "/";
  p = p.replace(/\/{2,}/g, "/");
  if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p;
}

export function lowerHeaders(headers: PlaidSandboxRequest["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === "string") out[k.toLowerCase()] = value;
  }
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseRequestBody(req: PlaidSandboxRequest): Record<string, unknown> {
  let body = req.body;
  if (body === undefined && req.rawBody !== undefined) {
    if (req.rawBody.trim() === "") throw new PlaidApiError("INVALID_BODY", "request body is empty: send a JSON object");
    try {
      body = JSON.parse(req.rawBody);
    } catch {
      throw new PlaidApiError("INVALID_BODY");
    }
  }
  if (!isPlainObject(body)) throw new PlaidApiError("INVALID_BODY", "body must be a JSON object");
  return body;
}

/** Compares two strings in time that does not depend on where they differ. */
function sameSecret(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * The caller's API keys, as Plaid checks them: both present, and one of the `required` pairs (the
 * host's, PlaidSandboxOptions.credentials) or the state's `credentials` when set; with neither,
 * any non-empty pair (a test's own sandbox). Returns the client id (tokens are bound to it).
 */
export function checkApiKeys(
  state: PlaidState,
  headers: Record<string, string>,
  body: Record<string, unknown>,
  required: readonly { clientId: string; secret: string }[] | undefined = undefined,
): string {
  const clientId = headers["plaid-client-id"] ?? (typeof body.client_id === "string" ? body.client_id : undefined);
  const secret = headers["plaid-secret"] ?? (typeof body.secret === "string" ? body.secret : undefined);
  if (!clientId || !secret) {
    throw new PlaidApiError("INVALID_API_KEYS", "invalid client_id or secret provided: both are required, in the PLAID-CLIENT-ID / PLAID-SECRET headers or the body");
  }
  const allowed = required ?? (state.credentials ? [state.credentials] : null);
  if (allowed) {
    let ok = false;
    for (const c of allowed) if (sameSecret(c.clientId, clientId) && sameSecret(c.secret, secret)) ok = true;
    if (!ok) throw new PlaidApiError("INVALID_API_KEYS");
  }
  return clientId;
}
