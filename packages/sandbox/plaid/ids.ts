/** Deterministic ids and tokens: a pure function of the store's seed and its id counter. */
import { base62Id, keyOf, uuidFromKey } from "@bank-connections/sandbox/data/prng";
import type { PlaidState } from "./state";

function next(state: PlaidState, kind: string): string {
  state.counter += 1;
  return keyOf("plaid", state.seed, kind, state.counter);
}

export const newRequestId = (s: PlaidState) => base62Id(next(s, "request"), 15);
export const newItemId = (s: PlaidState) => base62Id(next(s, "item"), 37);
export const newAccessToken = (s: PlaidState) => `access-sandbox-${uuidFromKey(next(s, "access"))}`;
export const newPublicToken = (s: PlaidState) => `public-sandbox-${uuidFromKey(next(s, "public"))}`;
export const newLinkToken = (s: PlaidState) => `link-sandbox-${uuidFromKey(next(s, "link"))}`;
export const newLinkSessionId = (s: PlaidState) => uuidFromKey(next(s, "link-session"));
export const newOAuthStateId = (s: PlaidState) => uuidFromKey(next(s, "oauth-state"));
export const newWebhookDeliveryId = (s: PlaidState) => base62Id(next(s, "webhook"), 20);

/** Plaid's access token shape: `access-<environment>-<identifier>`. */
export const ACCESS_TOKEN_RE = /^access-(sandbox|development|production)-[A-Za-z0-9-]+$/;
