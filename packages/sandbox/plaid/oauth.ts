/**
 * Plaid OAuth in the sandbox, as Plaid's own sandbox runs it for an OAuth institution:
 *
 *   1. the Link stand-in starts a hand-off (`/link/sandbox/oauth/start`, link token + institution)
 *      and sends the browser to the bank's consent page (`<plaid mount>/oauth/<oauth_state_id>`);
 *   2. the consent page (host/oauth-page.ts) shows the accounts and Approve / Deny
 *      (`oauthConsent` / `oauthDecide` here), then 303s to `<redirect_uri>?oauth_state_id=<id>`;
 *   3. the app re-opens Link with the SAME token and `receivedRedirectUri`; the stand-in resumes
 *      (`/link/sandbox/oauth/resume`): approved → Link completes (a new item, or the update-mode
 *      item repaired); denied → ACCESS_NOT_GRANTED. A state resumes once, only with its own token,
 *      and lives as long as its link token.
 */
import { DAY_MS } from "@bank-connections/sandbox/data/dates";
import { getInstitution, type SandboxInstitution } from "@bank-connections/sandbox/data/institutions";
import type { HandlerCtx } from "./context";
import { evaluateLogin } from "./credentials";
import { PlaidApiError } from "./errors";
import { newItemId, newLinkSessionId, newOAuthStateId } from "./ids";
import { CONSENT_RENEWAL_DAYS, createItem, issuePublicToken, previewItem, requireInstitution, requireLinkToken, updateItemOf } from "./link";
import { linkOAuthResumeSchema, linkOAuthStartSchema, parseBody } from "./schemas";
import type { LinkTokenRecord, OAuthStateRecord, PlaidItemRecord } from "./state";
import { itemData, sharedAccountIds } from "./sync";
import { toLinkAccount } from "./transform";

/** The sandbox user an OAuth login connects as (the bank knows who signed in; there is no password step). */
export const OAUTH_USERNAME = "user_good";

/** What the consent page shows (null accounts are never listed: the page needs at least one). */
export interface OAuthConsentView {
  id: string;
  status: OAuthStateRecord["status"];
  consumed: boolean;
  institution: { id: string; name: string; primaryColor: string; url: string };
  clientName: string;
  language: string;
  /** The sandbox user the bank has signed in (the item's, in update mode). */
  username: string;
  mode: "create" | "update";
  /** Update mode without account selection: the accounts already shared, shown without checkboxes. */
  accountChoice: boolean;
  accounts: { id: string; name: string; mask: string | null; subtype: string; checked: boolean }[];
  redirectUri: string;
}

export class OAuthPageError extends Error {
  constructor(
    readonly kind: "not_found" | "expired" | "answered",
    message: string,
  ) {
    super(message);
    this.name = "OAuthPageError";
  }
}

function requireOAuthRedirect(rec: LinkTokenRecord): string {
  if (!rec.redirectUri) {
    throw new PlaidApiError(
      "INVALID_FIELD",
      "this institution uses OAuth: create the link token with a redirect_uri (the sandbox Link stand-in does not open OAuth pop-up windows)",
      { display: "This bank signs you in on its own site, and this app is not set up to return from it. Choose another bank." },
    );
  }
  return rec.redirectUri;
}

function stateAccounts(ctx: HandlerCtx, st: OAuthStateRecord, institution: SandboxInstitution, item: PlaidItemRecord | null) {
  const data = itemData(item ?? previewItem(st.itemId, institution, st.username), ctx.state.seed, ctx.clock);
  return { all: data.accounts, shared: new Set(item ? sharedAccountIds(item, data) : data.accounts.map((a) => a.accountId)) };
}

/** `/link/sandbox/oauth/start {link_token, institution_id?}` → `{oauth_state_id, consent_path}`. */
export function linkSandboxOAuthStart(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(linkOAuthStartSchema, raw);
  const rec = requireLinkToken(ctx, body.link_token);
  const update = updateItemOf(ctx, rec);
  if (!update && !body.institution_id) throw new PlaidApiError("MISSING_FIELDS", "the following required fields are missing: institution_id");
  const institution = requireInstitution(update ? update.institutionId : body.institution_id!);
  if (!update && !rec.countryCodes.some((c) => (institution.countryCodes as string[]).includes(c))) {
    throw new PlaidApiError("INVALID_INSTITUTION", "this institution is not available for the link token's country_codes");
  }
  if (!institution.oauth) throw new PlaidApiError("INVALID_INSTITUTION", "this institution does not use OAuth: log in with credentials");
  requireOAuthRedirect(rec);
  // The bank is down (or made to be): it fails before the user leaves, as a login would.
  const health = evaluateLogin({ institution, username: OAUTH_USERNAME, password: "pass_good", faults: ctx.state.faults, skipMfa: true });
  if (health.kind === "error") throw health.error;
  const id = newOAuthStateId();
  ctx.state.oauthStates[id] = {
    id,
    linkToken: rec.token,
    institutionId: institution.institutionId,
    itemId: update ? update.itemId : newItemId(),
    update: update !== null,
    username: update ? update.username : OAUTH_USERNAME,
    status: "pending",
    accountIds: null,
    consumed: false,
    createdAtMs: ctx.wallNowMs,
    expiresAtMs: rec.expiresAtMs,
  };
  return { oauth_state_id: id, consent_path: `/oauth/${id}` };
}

function liveState(ctx: HandlerCtx, id: string): { st: OAuthStateRecord; rec: LinkTokenRecord; institution: SandboxInstitution; item: PlaidItemRecord | null } {
  const st = ctx.state.oauthStates[id];
  if (!st) throw new OAuthPageError("not_found", "There is no sign-in request with this address.");
  const rec = ctx.state.linkTokens[st.linkToken];
  if (!rec || rec.expiresAtMs <= ctx.wallNowMs) throw new OAuthPageError("expired", "This sign-in request has expired.");
  const institution = getInstitution(st.institutionId);
  if (!institution) throw new OAuthPageError("not_found", "There is no sign-in request with this address.");
  const item = st.update ? (ctx.state.items[st.itemId] ?? null) : null;
  if (st.update && !item) throw new OAuthPageError("expired", "The connection this request updates was removed.");
  return { st, rec, institution, item };
}

/** The consent page's content (throws OAuthPageError for an unknown or expired request). */
export function oauthConsent(ctx: HandlerCtx, id: string): OAuthConsentView {
  const { st, rec, institution, item } = liveState(ctx, id);
  if (st.status !== "pending") throw new OAuthPageError("answered", "This sign-in request was already answered.");
  const { all, shared } = stateAccounts(ctx, st, institution, item);
  const accountChoice = !item || rec.accountSelectionEnabled;
  const listed = accountChoice ? all : all.filter((a) => shared.has(a.accountId));
  return {
    id: st.id,
    status: st.status,
    consumed: st.consumed,
    institution: { id: institution.institutionId, name: institution.name, primaryColor: institution.primaryColor, url: institution.url },
    clientName: rec.clientName,
    language: rec.language,
    username: st.username,
    mode: item ? "update" : "create",
    accountChoice,
    // Update mode with account selection: what is shared now is ticked, new accounts too (as Link's own step).
    accounts: listed.map((a) => ({ id: a.accountId, name: a.name, mask: a.mask, subtype: a.subtype, checked: true })),
    redirectUri: requireOAuthRedirect(rec),
  };
}

/**
 * Approve (with the chosen accounts) or deny; returns where to send the browser. Throws
 * OAuthPageError (unknown / expired / already answered) or PlaidApiError INVALID_FIELD (no or
 * unknown accounts).
 */
export function oauthDecide(ctx: HandlerCtx, id: string, decision: { approve: boolean; accountIds: string[] }): { redirectTo: string } {
  const { st, rec, institution, item } = liveState(ctx, id);
  if (st.status !== "pending") throw new OAuthPageError("answered", "This sign-in request was already answered.");
  const redirectUri = requireOAuthRedirect(rec);
  if (decision.approve) {
    const accountChoice = !item || rec.accountSelectionEnabled;
    if (accountChoice) {
      const { all } = stateAccounts(ctx, st, institution, item);
      const ids = [...new Set(decision.accountIds)];
      if (ids.length === 0) throw new PlaidApiError("INVALID_FIELD", "choose at least one account");
      const unknown = ids.filter((a) => !all.some((x) => x.accountId === a));
      if (unknown.length > 0) throw new PlaidApiError("INVALID_FIELD", `unknown accounts: ${unknown.join(", ")}`);
      st.accountIds = all.map((a) => a.accountId).filter((a) => ids.includes(a));
    } else {
      st.accountIds = null;
    }
    st.status = "approved";
  } else {
    st.status = "denied";
  }
  const url = new URL(redirectUri);
  url.searchParams.set("oauth_state_id", st.id);
  return { redirectTo: url.toString() };
}

function stateIdFrom(receivedRedirectUri: string): string {
  let url: URL;
  try {
    url = new URL(receivedRedirectUri);
  } catch {
    throw new PlaidApiError("OAUTH_STATE_ID_NOT_FOUND", "oauth uri does not contain a valid oauth_state_id query parameter.");
  }
  const id = url.searchParams.get("oauth_state_id");
  if (!id) throw new PlaidApiError("OAUTH_STATE_ID_NOT_FOUND", "oauth uri does not contain a valid oauth_state_id query parameter.");
  return id;
}

/**
 * `/link/sandbox/oauth/resume {link_token, received_redirect_uri}` → what onSuccess receives
 * (`public_token`, `metadata`), or the error onExit receives. Single use.
 */
export function linkSandboxOAuthResume(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(linkOAuthResumeSchema, raw);
  const rec = requireLinkToken(ctx, body.link_token);
  const id = stateIdFrom(body.received_redirect_uri);
  const st = ctx.state.oauthStates[id];
  if (!st) throw new PlaidApiError("OAUTH_STATE_ID_NOT_FOUND");
  if (st.linkToken !== rec.token) throw new PlaidApiError("INCORRECT_LINK_TOKEN");
  if (st.consumed) throw new PlaidApiError("OAUTH_STATE_ID_ALREADY_PROCESSED");
  if (st.status === "pending") throw new PlaidApiError("OAUTH_STATE_ID_NOT_FOUND", "the OAuth flow at the institution was not completed for this oauth_state_id");
  st.consumed = true;
  const institution = requireInstitution(st.institutionId);
  const institutionRef = { name: institution.name, institution_id: institution.institutionId };
  if (st.status === "denied") throw new PlaidApiError("ACCESS_NOT_GRANTED");

  let item: PlaidItemRecord;
  if (st.update) {
    const existing = updateItemOf(ctx, rec);
    if (!existing || existing.itemId !== st.itemId) throw new PlaidApiError("INVALID_LINK_TOKEN", "the item this link token updates was removed");
    item = existing;
    // Re-consent at the bank repairs the login and, in the UK/EU, starts a new consent period.
    item.error = null;
    if (item.consentExpiresAtMs !== null) {
      item.consentExpiresAtMs = ctx.clock.nowMs + CONSENT_RENEWAL_DAYS * DAY_MS;
      item.pendingExpirationSent = false;
    }
    if (st.accountIds) item.accountIds = [...st.accountIds];
  } else {
    item = createItem(ctx, {
      itemId: st.itemId,
      institution,
      username: st.username,
      products: rec.products,
      webhook: rec.webhook,
      daysRequested: rec.daysRequested,
      clientUserId: rec.clientUserId,
      clientId: rec.clientId ?? null,
      loginRequired: false,
    });
    if (st.accountIds) item.accountIds = [...st.accountIds];
  }
  const data = itemData(item, ctx.state.seed, ctx.clock);
  const shared = new Set(sharedAccountIds(item, data));
  return {
    public_token: issuePublicToken(ctx, item),
    metadata: {
      institution: institutionRef,
      accounts: data.accounts.filter((a) => shared.has(a.accountId)).map(toLinkAccount),
      link_session_id: newLinkSessionId(),
      transfer_status: null,
    },
  };
}
