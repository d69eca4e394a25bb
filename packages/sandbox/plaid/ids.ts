/**
 * Ids and tokens. Everything that grants access — item ids, access, public and link tokens, Link
 * session ids and OAuth state ids — comes from the CSPRNG (node:crypto), never from the data seed:
 * knowing the seed and the order of calls must not let anyone compute another client's token. The
 * DATA an item shows stays a pure function of the seed, its institution and its username (see
 * sync.ts). Request ids and webhook delivery ids grant nothing and stay deterministic (seed + counter).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { base62Id, keyOf } from "@bank-connections/sandbox/data/prng";
import type { PlaidState } from "./state";

function next(state: PlaidState, kind: string): string {
  state.counter += 1;
  return keyOf("plaid", state.seed, kind, state.counter);
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `length` base62 characters from the CSPRNG (rejection sampling: no modulo bias). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export const newRequestId = (s: PlaidState) => base62Id(next(s, "request"), 15);
/** Plaid's item ids are 37 base62 characters. */
export const newItemId = () => randomBase62(37);
export const newAccessToken = () => `access-sandbox-${randomUUID()}`;
export const newPublicToken = () => `public-sandbox-${randomUUID()}`;
export const newLinkToken = () => `link-sandbox-${randomUUID()}`;
export const newLinkSessionId = () => randomUUID();
export const newOAuthStateId = () => randomUUID();
export const newWebhookDeliveryId = (s: PlaidState) => base62Id(next(s, "webhook"), 20);

/** Plaid's access token shape: `access-<environment>-<identifier>`. */
export const ACCESS_TOKEN_RE = /^access-(sandbox|development|production)-[A-Za-z0-9-]+$/;
