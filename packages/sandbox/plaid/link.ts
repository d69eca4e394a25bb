/**
 * Link: /link/token/create, /item/public_token/exchange, /sandbox/public_token/create and the
 * Link stand-in's own endpoints (`/link/sandbox/session`, `/link/sandbox/login`,
 * `/link/sandbox/complete`), which a browser widget calls with only the link token.
 */
import { DAY_MS } from "@bank-connections/sandbox/data/dates";
import { getInstitution, listInstitutions, type SandboxInstitution } from "@bank-connections/sandbox/data/institutions";
import { PLAID_COUNTRIES, type PlaidCountry } from "@bank-connections/sandbox/data/types";
import { type HandlerCtx, requireItem, sameClient } from "./context";
import { evaluateLogin } from "./credentials";
import { institutionAccepts } from "./products";
import { PlaidApiError } from "./errors";
import { newAccessToken, newItemId, newLinkSessionId, newLinkToken, newPublicToken } from "./ids";
import {
  linkCompleteSchema,
  linkLoginSchema,
  linkSessionSchema,
  linkTokenCreateSchema,
  parseBody,
  publicTokenExchangeSchema,
} from "./schemas";
import type { LinkTokenRecord, PlaidItemRecord } from "./state";
import { itemData, sharedAccountIds } from "./sync";
import { plaidDateTime, toLinkAccount } from "./transform";
import { checkRedirectUri } from "./redirect-uri";

const MINUTE = 60_000;
const PUBLIC_TOKEN_TTL = 30 * MINUTE;
const LINK_TOKEN_TTL = 4 * 60 * MINUTE;
const UPDATE_LINK_TOKEN_TTL = 30 * MINUTE;
const CONSENT_DAYS = 180;
const EU_COUNTRIES: ReadonlySet<string> = new Set(["GB", "IE", "FR", "ES", "NL", "DE"]);
export const DEFAULT_DAYS_REQUESTED = 90;
export const CONSENT_RENEWAL_DAYS = CONSENT_DAYS;

export function requireInstitution(id: string): SandboxInstitution {
  const inst = getInstitution(id);
  if (!inst) throw new PlaidApiError("INVALID_INSTITUTION");
  return inst;
}

/** Drops expired tokens/sessions (kept a day past expiry so replays still say "expired"). */
export function pruneExpired(ctx: HandlerCtx): void {
  const cutoff = ctx.clock.nowMs - DAY_MS;
  const wallCutoff = ctx.wallNowMs - DAY_MS;
  const s = ctx.state;
  for (const [k, v] of Object.entries(s.linkTokens)) if (v.expiresAtMs < wallCutoff) delete s.linkTokens[k];
  for (const [k, v] of Object.entries(s.publicTokens)) if (v.expiresAtMs < cutoff) delete s.publicTokens[k];
  for (const [k, v] of Object.entries(s.linkSessions)) if (v.expiresAtMs < wallCutoff) delete s.linkSessions[k];
  for (const [k, v] of Object.entries(s.oauthStates)) if (v.expiresAtMs < wallCutoff) delete s.oauthStates[k];
}

export function createItem(
  ctx: HandlerCtx,
  opts: {
    itemId?: string;
    institution: SandboxInstitution;
    username: string;
    products: string[];
    webhook: string | null;
    daysRequested: number;
    clientUserId: string | null;
    /** The API client the item belongs to. */
    clientId: string | null;
    loginRequired: boolean;
    custom?: PlaidItemRecord["custom"];
  },
): PlaidItemRecord {
  const now = ctx.clock.nowMs;
  const products = [...new Set(opts.products.filter((p) => (opts.institution.products as string[]).includes(p)))];
  const item: PlaidItemRecord = {
    itemId: opts.itemId ?? newItemId(),
    accessToken: newAccessToken(),
    institutionId: opts.institution.institutionId,
    username: opts.username,
    products,
    webhook: opts.webhook,
    daysRequested: opts.daysRequested,
    createdAtMs: now,
    clientUserId: opts.clientUserId,
    clientId: opts.clientId,
    error: null,
    accountIds: null,
    phase: products.includes("transactions") && ctx.state.readiness === "instant" ? "HISTORICAL" : "NOT_READY",
    syncCalled: false,
    lastFinalPos: null,
    lastSuccessfulUpdateMs: now,
    lastFailedUpdateMs: null,
    lastWebhook: null,
    consentExpiresAtMs: opts.institution.countryCodes.some((c) => EU_COUNTRIES.has(c)) ? now + CONSENT_DAYS * DAY_MS : null,
    pendingExpirationSent: false,
    ...(opts.custom ? { custom: opts.custom } : {}),
  };
  ctx.state.items[item.itemId] = item;
  if (opts.loginRequired) {
    item.error = new PlaidApiError("ITEM_LOGIN_REQUIRED").toObject(ctx.requestId);
  }
  return item;
}

export function issuePublicToken(ctx: HandlerCtx, item: PlaidItemRecord): string {
  const token = newPublicToken();
  ctx.state.publicTokens[token] = { token, itemId: item.itemId, createdAtMs: ctx.clock.nowMs, expiresAtMs: ctx.clock.nowMs + PUBLIC_TOKEN_TTL, exchanged: false, clientId: item.clientId ?? null };
  return token;
}

export function linkTokenCreate(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(linkTokenCreateSchema, raw);
  if (!body.user && !body.user_id && !body.user_token) throw new PlaidApiError("MISSING_FIELDS", "the following required fields are missing: user.client_user_id");
  const update = body.access_token ? requireItem(ctx, body.access_token, { allowError: true }) : null;
  const products = [...(body.products ?? []), ...(body.required_if_supported_products ?? []), ...(body.optional_products ?? [])];
  const redirectUri = checkRedirectUri(body.redirect_uri);
  if (!update && products.length === 0) throw new PlaidApiError("INVALID_FIELD", "products must contain at least one product unless access_token is set (update mode)");
  const token = newLinkToken();
  const ttl = update ? UPDATE_LINK_TOKEN_TTL : LINK_TOKEN_TTL;
  const record: LinkTokenRecord = {
    token,
    // Wall clock: moving the sandbox clock must not expire a token the client still holds.
    createdAtMs: ctx.wallNowMs,
    expiresAtMs: ctx.wallNowMs + ttl,
    clientName: body.client_name,
    language: body.language,
    countryCodes: body.country_codes,
    products: update ? update.products : products,
    daysRequested: body.transactions?.days_requested ?? DEFAULT_DAYS_REQUESTED,
    // Plaid ignores `webhook` in update mode (use /item/webhook/update).
    webhook: update ? null : body.webhook || null,
    accessToken: update ? update.accessToken : null,
    accountSelectionEnabled: body.update?.account_selection_enabled ?? false,
    clientUserId: body.user?.client_user_id ?? body.user_id ?? null,
    clientId: ctx.clientId,
    redirectUri,
  };
  ctx.state.linkTokens[token] = record;
  pruneExpired(ctx);
  return { link_token: token, expiration: plaidDateTime(record.expiresAtMs) };
}

export function publicTokenExchange(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(publicTokenExchangeSchema, raw);
  const rec = ctx.state.publicTokens[body.public_token];
  if (!rec || !sameClient(rec.clientId, ctx.clientId)) throw new PlaidApiError("INVALID_PUBLIC_TOKEN");
  if (rec.exchanged) throw new PlaidApiError("INVALID_PUBLIC_TOKEN", "provided public token has already been exchanged. public tokens can only be exchanged once");
  if (rec.expiresAtMs <= ctx.clock.nowMs) {
    throw new PlaidApiError("INVALID_PUBLIC_TOKEN", "provided public token is expired. Public tokens expire 30 minutes after creation at which point they can no longer be exchanged");
  }
  const item = ctx.state.items[rec.itemId];
  if (!item) throw new PlaidApiError("INVALID_PUBLIC_TOKEN", "the item for this public token was removed");
  rec.exchanged = true;
  ctx.state.accessTokens[item.accessToken] = item.itemId;
  return { access_token: item.accessToken, item_id: item.itemId };
}

// ── Link stand-in ────────────────────────────────────────────────────────────────────────────

export function requireLinkToken(ctx: HandlerCtx, token: string): LinkTokenRecord {
  const rec = ctx.state.linkTokens[token];
  if (!rec) throw new PlaidApiError("INVALID_LINK_TOKEN");
  if (rec.expiresAtMs <= ctx.wallNowMs) throw new PlaidApiError("INVALID_LINK_TOKEN", "link token has expired");
  return rec;
}

export function updateItemOf(ctx: HandlerCtx, rec: LinkTokenRecord): PlaidItemRecord | null {
  if (!rec.accessToken) return null;
  const itemId = ctx.state.accessTokens[rec.accessToken];
  const item = itemId ? ctx.state.items[itemId] : undefined;
  if (!item) throw new PlaidApiError("INVALID_LINK_TOKEN", "the item this link token updates was removed");
  return item;
}

function linkCountries(rec: LinkTokenRecord): PlaidCountry[] {
  return PLAID_COUNTRIES.filter((c) => rec.countryCodes.includes(c));
}

function institutionSummary(inst: SandboxInstitution) {
  return {
    institution_id: inst.institutionId,
    name: inst.name,
    country_codes: inst.countryCodes,
    products: inst.products,
    primary_color: inst.primaryColor,
    url: inst.url,
    logo: null,
    oauth: inst.oauth,
    status: inst.health,
  };
}

function itemAccounts(ctx: HandlerCtx, item: PlaidItemRecord) {
  const data = itemData(item, ctx.state.seed, ctx.clock);
  const shared = new Set(sharedAccountIds(item, data));
  return data.accounts.filter((a) => shared.has(a.accountId));
}

/** What the Link widget needs to render for a token. */
export function linkSandboxSession(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(linkSessionSchema, raw);
  const rec = requireLinkToken(ctx, body.link_token);
  const item = updateItemOf(ctx, rec);
  const inst = item ? getInstitution(item.institutionId) : undefined;
  return {
    link_token: rec.token,
    expiration: plaidDateTime(rec.expiresAtMs),
    mode: item ? "update" : "create",
    api_base_url: ctx.baseUrl,
    client_name: rec.clientName,
    language: rec.language,
    country_codes: rec.countryCodes,
    products: rec.products,
    account_selection_enabled: rec.accountSelectionEnabled,
    redirect_uri: rec.redirectUri ?? null,
    institutions: item ? [] : linkCountries(rec).flatMap((c) => listInstitutions(c)).filter((i) => rec.products.every((p) => institutionAccepts(i, p))).map(institutionSummary),
    update_item: item
      ? {
          item_id: item.itemId,
          institution: inst ? institutionSummary(inst) : null,
          username: item.username,
          error: item.error,
          accounts: itemAccounts(ctx, item).map(toLinkAccount),
        }
      : null,
    credentials_help: "user_good / pass_good. Others: user_mfa (code 1234), user_down, user_locked, user_good + error_ITEM_LOGIN_REQUIRED, user_custom + a JSON config.",
  };
}

type LoginResult =
  | { kind: "mfa"; message: string }
  | { kind: "ok"; item: PlaidItemRecord | null; itemId: string; institution: SandboxInstitution; username: string; loginRequired: boolean; custom?: PlaidItemRecord["custom"] };

function linkLogin(ctx: HandlerCtx, rec: LinkTokenRecord, input: { institution_id: string; username: string; password: string; mfa_code?: string }): LoginResult {
  const update = updateItemOf(ctx, rec);
  const institution = requireInstitution(update ? update.institutionId : input.institution_id);
  if (!update && !linkCountries(rec).some((c) => institution.countryCodes.includes(c))) {
    throw new PlaidApiError("INVALID_INSTITUTION", "this institution is not available for the link token's country_codes");
  }
  const outcome = evaluateLogin({ institution, username: input.username, password: input.password, mfaCode: input.mfa_code, faults: ctx.state.faults });
  if (outcome.kind === "error") throw outcome.error;
  if (outcome.kind === "mfa") return { kind: "mfa", message: outcome.message };
  if (update) {
    // Update mode re-authenticates the same login; a mistyped username cannot swap the data.
    return { kind: "ok", item: update, itemId: update.itemId, institution, username: update.username, loginRequired: outcome.loginRequired };
  }
  return { kind: "ok", item: null, itemId: newItemId(), institution, username: outcome.username ?? input.username.trim(), loginRequired: outcome.loginRequired, custom: outcome.custom };
}

function mfaResponse(message: string) {
  return { mfa: { type: "code", message } };
}

/** Step 1 (optional): log in; returns the accounts to choose from and a session id. */
export function linkSandboxLogin(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(linkLoginSchema, raw);
  const rec = requireLinkToken(ctx, body.link_token);
  const r = linkLogin(ctx, rec, body);
  if (r.kind === "mfa") return mfaResponse(r.message);
  const id = newLinkSessionId();
  ctx.state.linkSessions[id] = {
    id,
    linkToken: rec.token,
    itemId: r.itemId,
    institutionId: r.institution.institutionId,
    username: r.username,
    ...(r.custom ? { custom: r.custom } : {}),
    createdAtMs: ctx.wallNowMs,
    expiresAtMs: rec.expiresAtMs,
  };
  const preview = r.item ?? previewItem(r.itemId, r.institution, r.username, r.custom);
  const accounts = itemData(preview, ctx.state.seed, ctx.clock).accounts;
  return {
    link_session_id: id,
    institution: { name: r.institution.name, institution_id: r.institution.institutionId },
    accounts: accounts.map(toLinkAccount),
  };
}

/** A throwaway item record, only to compute the accounts a new item will have. */
export function previewItem(itemId: string, institution: SandboxInstitution, username: string, custom?: PlaidItemRecord["custom"]): PlaidItemRecord {
  return {
    itemId,
    accessToken: "",
    institutionId: institution.institutionId,
    username,
    products: [],
    webhook: null,
    daysRequested: DEFAULT_DAYS_REQUESTED,
    createdAtMs: 0,
    clientUserId: null,
    clientId: null,
    error: null,
    accountIds: null,
    phase: "HISTORICAL",
    syncCalled: false,
    lastFinalPos: null,
    lastSuccessfulUpdateMs: null,
    lastFailedUpdateMs: null,
    lastWebhook: null,
    consentExpiresAtMs: null,
    pendingExpirationSent: false,
    ...(custom ? { custom } : {}),
  };
}

/**
 * Step 2: finish Link. Either pass the `link_session_id` from step 1, or the credentials
 * directly. Returns what react-plaid-link's onSuccess receives: `public_token` and `metadata`.
 */
export function linkSandboxComplete(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(linkCompleteSchema, raw);
  const rec = requireLinkToken(ctx, body.link_token);
  let r: Extract<LoginResult, { kind: "ok" }>;
  let sessionId: string;
  if (body.link_session_id) {
    const s = ctx.state.linkSessions[body.link_session_id];
    if (!s || s.linkToken !== rec.token) throw new PlaidApiError("INVALID_FIELD", "unknown link_session_id for this link token");
    const update = updateItemOf(ctx, rec);
    r = { kind: "ok", item: update, itemId: s.itemId, institution: requireInstitution(s.institutionId), username: s.username, loginRequired: false, custom: s.custom };
    sessionId = s.id;
    delete ctx.state.linkSessions[s.id];
  } else {
    if (!body.institution_id && !updateItemOf(ctx, rec)) throw new PlaidApiError("MISSING_FIELDS", "the following required fields are missing: institution_id");
    if (body.username === undefined || body.password === undefined) throw new PlaidApiError("MISSING_FIELDS", "the following required fields are missing: username, password");
    const login = linkLogin(ctx, rec, { institution_id: body.institution_id ?? "", username: body.username, password: body.password, mfa_code: body.mfa_code });
    if (login.kind === "mfa") return mfaResponse(login.message);
    r = login;
    sessionId = newLinkSessionId();
  }

  // Validate the account choice before anything is created.
  const all = itemData(r.item ?? previewItem(r.itemId, r.institution, r.username, r.custom), ctx.state.seed, ctx.clock).accounts;
  if (body.account_ids) {
    const unknown = body.account_ids.filter((id) => !all.some((a) => a.accountId === id));
    if (unknown.length > 0) throw new PlaidApiError("INVALID_FIELD", `unknown account_ids: ${unknown.join(", ")}`);
  }

  let item: PlaidItemRecord;
  if (r.item) {
    item = r.item;
    // Update mode: the login is repaired (consent renewed); the access token does not change.
    item.error = r.loginRequired ? item.error : null;
    if (item.consentExpiresAtMs !== null) {
      item.consentExpiresAtMs = ctx.clock.nowMs + CONSENT_DAYS * DAY_MS;
      item.pendingExpirationSent = false;
    }
  } else {
    item = createItem(ctx, {
      itemId: r.itemId,
      institution: r.institution,
      username: r.username,
      products: rec.products,
      webhook: rec.webhook,
      daysRequested: rec.daysRequested,
      clientUserId: rec.clientUserId,
      clientId: rec.clientId ?? null,
      loginRequired: r.loginRequired,
      custom: r.custom,
    });
  }

  if (body.account_ids && (!r.item || rec.accountSelectionEnabled)) item.accountIds = [...body.account_ids];
  const shared = new Set(sharedAccountIds(item, itemData(item, ctx.state.seed, ctx.clock)));
  return {
    public_token: issuePublicToken(ctx, item),
    metadata: {
      institution: { name: r.institution.name, institution_id: r.institution.institutionId },
      accounts: all.filter((a) => shared.has(a.accountId)).map(toLinkAccount),
      link_session_id: sessionId,
      transfer_status: null,
    },
  };
}
