/**
 * Plaid-style webhook signing (verification is the receiving side: lib/providers/plaid/webhook-verify.ts).
 *
 * Plaid sends `Plaid-Verification: <JWS compact>` with protected header
 * `{alg:"ES256", kid, typ:"JWT"}` and payload `{iat, request_body_sha256}`, where the hash is the
 * hex SHA-256 of the exact body bytes (JSON indented with 2 spaces). Receivers fetch the public key
 * with `/webhook_verification_key/get {key_id: kid}`, verify the signature, reject tokens older than
 * 5 minutes, and compare the body hash in constant time (docs/reference/providers.md §2.12).
 */
import { createHash } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { uuidFromKey } from "@bank-connections/sandbox/data/prng";

export interface WebhookSigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  /** Unix seconds. */
  createdAt: number;
  expiredAt: number | null;
}

/** The public key as `/webhook_verification_key/get` returns it (`JWKPublicKey`). */
export interface PlaidWebhookJwk {
  alg: "ES256";
  crv: "P-256";
  kid: string;
  kty: "EC";
  use: "sig";
  x: string;
  y: string;
  created_at: number;
  expired_at: number | null;
}

/** How the sandbox signs: `valid`, or a deliberately broken variant for negative tests. */
export type SignatureMode = "valid" | "unsigned" | "expired" | "wrong_hash" | "wrong_alg";

export const MAX_WEBHOOK_AGE_SECONDS = 5 * 60;

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A fresh ES256 (P-256) key pair. The sandbox generates one per store and persists it. */
export async function generateWebhookSigningKey(opts: { kid?: string; createdAt?: number } = {}): Promise<WebhookSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const createdAt = opts.createdAt ?? nowSeconds();
  const kid = opts.kid ?? uuidFromKey(`webhook-key:${createdAt}:${(await exportJWK(publicKey)).x ?? ""}`);
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: "ES256", use: "sig" };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  return { kid, privateJwk, publicJwk, createdAt, expiredAt: null };
}

export function toPlaidJwk(key: Pick<WebhookSigningKey, "kid" | "publicJwk" | "createdAt" | "expiredAt">): PlaidWebhookJwk {
  const { x, y } = key.publicJwk;
  if (typeof x !== "string" || typeof y !== "string") throw new Error("webhook key is not an EC public key");
  return { alg: "ES256", crv: "P-256", kid: key.kid, kty: "EC", use: "sig", x, y, created_at: key.createdAt, expired_at: key.expiredAt };
}

/** The exact body Plaid sends: JSON with 2-space indentation. Hash and send these bytes. */
export function webhookBody(payload: unknown): string {
  return JSON.stringify(payload, null, 2);
}

export function sha256Hex(body: string | Uint8Array): string {
  return createHash("sha256").update(body).digest("hex");
}

/**
 * Signs `body` as Plaid does. Returns the `Plaid-Verification` header value, or null for the
 * `unsigned` mode. Broken modes: `expired` (iat 10 minutes ago), `wrong_hash` (hash of another
 * body), `wrong_alg` (HS256 instead of ES256).
 */
export async function signWebhookBody(
  body: string,
  key: Pick<WebhookSigningKey, "kid" | "privateJwk">,
  opts: { mode?: SignatureMode; nowSeconds?: number } = {},
): Promise<string | null> {
  const mode = opts.mode ?? "valid";
  if (mode === "unsigned") return null;
  const now = opts.nowSeconds ?? nowSeconds();
  const iat = mode === "expired" ? now - 2 * MAX_WEBHOOK_AGE_SECONDS : now;
  const hash = sha256Hex(mode === "wrong_hash" ? `${body} ` : body);
  const jwt = new SignJWT({ request_body_sha256: hash }).setIssuedAt(iat);
  if (mode === "wrong_alg") {
    return jwt.setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "JWT" }).sign(new TextEncoder().encode(`sandbox-wrong-alg-${key.kid}`));
  }
  const privateKey = await importJWK(key.privateJwk, "ES256");
  return jwt.setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" }).sign(privateKey);
}
