import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { JWK } from "jose";
import { createInitialState, type SandboxState } from "@bank-connections/sandbox/core/store";
import { plaidStateOf } from "@bank-connections/sandbox/plaid";

/**
 * Webhook deliveries for the load script. Plaid's carry a fresh ES256 `Plaid-Verification` JWT
 * each (a replayed one is refused): signed synchronously here — autocannon's setupRequest cannot
 * wait — with a key the portal's local Plaid sandbox serves from `${DATA_DIR}/sandbox.json`, so
 * the portal verifies them exactly as it verifies the sandbox's own. Pluggy's carry the secret.
 */

export type PlaidSigningKey = { kid: string; privateKey: KeyObject; privateJwk: JWK; publicJwk: JWK };

export function newPlaidSigningKey(): PlaidSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = `load-${randomBytes(8).toString("hex")}`;
  return {
    kid,
    privateKey,
    privateJwk: { ...(privateKey.export({ format: "jwk" }) as JWK), kid, alg: "ES256", use: "sig" },
    publicJwk: { ...(publicKey.export({ format: "jwk" }) as JWK), kid, alg: "ES256", use: "sig" },
  };
}

/** The local sandbox's state file with this key as its (only) webhook verification key. */
export function sandboxStateWithKey(key: PlaidSigningKey, nowSeconds = Math.floor(Date.now() / 1000)): SandboxState {
  const state = createInitialState();
  plaidStateOf(state).webhookKeys = [{ kid: key.kid, privateJwk: key.privateJwk, publicJwk: key.publicJwk, createdAt: nowSeconds, expiredAt: null }];
  return state;
}

const b64url = (v: string | Buffer) => Buffer.from(v).toString("base64url");

/** The Plaid-Verification header for `body`: ES256 JWS over {iat, request_body_sha256}, as Plaid signs. */
export function signPlaidBody(body: string, key: Pick<PlaidSigningKey, "kid" | "privateKey">, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const header = b64url(JSON.stringify({ alg: "ES256", kid: key.kid, typ: "JWT" }));
  const payload = b64url(JSON.stringify({ iat: nowSeconds, request_body_sha256: createHash("sha256").update(body).digest("hex") }));
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return `${header}.${payload}.${b64url(signature)}`;
}

/** A Plaid TRANSACTIONS webhook as Plaid sends it (2-space JSON): the portal queues a sync of the item. */
export function plaidWebhookBody(itemId: string): string {
  return JSON.stringify(
    { webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: itemId, initial_update_complete: true, historical_update_complete: true, environment: "sandbox" },
    null,
    2,
  );
}

/** A Pluggy transactions/created event: the portal queues a sync of the item. */
export function pluggyWebhookBody(itemId: string, eventId: string): string {
  return JSON.stringify({ event: "transactions/created", eventId, itemId, triggeredBy: "SYNC", clientId: "load" });
}
