/**
 * Verifies Plaid webhooks as Plaid documents: `Plaid-Verification` is an ES256 JWS whose key is
 * fetched by `kid` (/webhook_verification_key/get), `iat` at most 5 minutes old, and the SHA-256 of
 * the exact raw body equal to `request_body_sha256` (compared in constant time).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";

export const MAX_WEBHOOK_AGE_SECONDS = 5 * 60;

const sha256Hex = (body: string | Uint8Array): string => createHash("sha256").update(body).digest("hex");

type PlaidWebhookJwk = { kty?: string; crv?: string; x?: string; y?: string; kid?: string; alg?: string };

export type WebhookVerification =
  /** What a verified delivery is, whatever bytes encode its signature: the replay key (lib/webhooks/plaid.ts). */
  | { ok: true; kid: string; iat: number; bodySha256: string }
  | { ok: false; reason: "missing_header" | "bad_header" | "wrong_alg" | "unknown_key" | "bad_signature" | "too_old" | "body_mismatch" };

/**
 * Verifies a Plaid webhook: ES256 only, key looked up by `kid`, `iat` at most
 * `maxAgeSeconds` old (default 5 min), body hash compared in constant time over the raw body.
 */
export async function verifyPlaidWebhook(opts: {
  body: string | Uint8Array;
  signedJwt: string | null | undefined;
  getKey: (kid: string) => Promise<JWK | PlaidWebhookJwk | null>;
  maxAgeSeconds?: number;
  nowSeconds?: number;
}): Promise<WebhookVerification> {
  if (!opts.signedJwt) return { ok: false, reason: "missing_header" };
  let header;
  try {
    header = decodeProtectedHeader(opts.signedJwt);
  } catch {
    return { ok: false, reason: "bad_header" };
  }
  if (header.alg !== "ES256") return { ok: false, reason: "wrong_alg" };
  if (typeof header.kid !== "string") return { ok: false, reason: "bad_header" };
  const jwk = await opts.getKey(header.kid);
  if (!jwk) return { ok: false, reason: "unknown_key" };
  const { x, y, crv, kty } = jwk as JWK;
  let payload;
  try {
    const key = await importJWK({ kty: kty ?? "EC", crv: crv ?? "P-256", x, y }, "ES256");
    ({ payload } = await jwtVerify(opts.signedJwt, key, {
      algorithms: ["ES256"],
      maxTokenAge: opts.maxAgeSeconds ?? MAX_WEBHOOK_AGE_SECONDS,
      currentDate: opts.nowSeconds === undefined ? undefined : new Date(opts.nowSeconds * 1000),
    }));
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { ok: false, reason: code === "ERR_JWT_EXPIRED" || code === "ERR_JWT_CLAIM_VALIDATION_FAILED" ? "too_old" : "bad_signature" };
  }
  const claimed = payload.request_body_sha256;
  if (typeof claimed !== "string" || typeof payload.iat !== "number") return { ok: false, reason: "bad_signature" };
  const actual = Buffer.from(sha256Hex(opts.body), "utf8");
  const expected = Buffer.from(claimed, "utf8");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: "body_mismatch" };
  return { ok: true, kid: header.kid, iat: payload.iat, bodySha256: claimed };
}
