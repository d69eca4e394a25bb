import { decode as decodeJwe, encode as encodeJwe, type JWT, type JWTDecodeParams, type JWTEncodeParams } from "next-auth/jwt";

/**
 * The session cookie's JWT, as Auth.js encodes it (an A256CBC-HS512 JWE keyed by HKDF from the
 * secret and the cookie's salt), read and renewed without redoing the cryptography on every request:
 *
 * - **decode** remembers what a token decrypted to. The same token string always decrypts to the
 *   same claims, so a remembered answer is the answer, for as long as the token has not expired
 *   (with Auth.js's 15 s clock tolerance). A token that fails is never remembered.
 * - **encode** renews the cookie at most once per `updateAge` (the session's `updateAge`, a day), as
 *   the Auth.js option documents for sessions: asked to encode the claims of a token it read that
 *   was issued less than `updateAge` ago, unchanged but for `iat`/`exp`/`jti`, it gives that token back.
 *   Auth.js re-encoded the session JWT on every read (key derivation, key thumbprint, encryption):
 *   ~1.3 ms of CPU per page, 12 % of the Banks page at 50 clients (issue 16).
 *
 * Neither changes who is signed in: every read still runs the `jwt` callback, which checks the
 * session's record in the database (lib/auth/config.ts), so a signed-out or revoked session is
 * refused whatever its cookie says. Per process, bounded; nothing is shared or persisted.
 */

const CLOCK_TOLERANCE_MS = 15_000;
const MAX_ENTRIES = 5_000;

type Known = { token: string; claims: JWT; expMs: number };

/** token string → what it decrypted to; jti → the token that carries it (for encode). */
const byToken = new Map<string, Known>();
const byJti = new Map<string, Known>();

function remember(map: Map<string, Known>, key: string, known: Known): void {
  map.delete(key);
  map.set(key, known);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}

/** Keys carry the salt (the cookie's name) and the secrets: a token is only ever answered for the key it was decrypted with. */
const keyOf = (salt: string, secret: string | string[], value: string) => [salt, ...(Array.isArray(secret) ? secret : [secret]), value].join("\u0000");
const numeric = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
/** The claims a renewal would change (`iat`, `exp`, `jti`) left out, in a stable order. */
const content = (claims: JWT): string =>
  JSON.stringify(
    Object.entries(claims)
      .filter(([k]) => k !== "iat" && k !== "exp" && k !== "jti")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );

function learn(salt: string, secret: string | string[], token: string, claims: JWT): void {
  const exp = numeric(claims.exp);
  if (exp === null) return;
  const known: Known = { token, claims: structuredClone(claims), expMs: exp * 1000 };
  remember(byToken, keyOf(salt, secret, token), known);
  if (typeof claims.jti === "string") remember(byJti, keyOf(salt, secret, claims.jti), known);
}

export async function decodeSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  const { token, salt, secret } = params;
  if (!token) return null;
  const key = keyOf(salt, secret, token);
  const known = byToken.get(key);
  if (known) {
    if (known.expMs + CLOCK_TOLERANCE_MS > Date.now()) return structuredClone(known.claims);
    byToken.delete(key);
  }
  const claims = await decodeJwe(params);
  if (claims) learn(salt, secret, token, claims);
  return claims;
}

export function sessionTokenEncoder(updateAgeSeconds: number): (params: JWTEncodeParams) => Promise<string> {
  return async (params) => {
    const claims = params.token;
    const jti = claims && typeof claims.jti === "string" ? claims.jti : null;
    const known = jti ? byJti.get(keyOf(params.salt, params.secret, jti)) : undefined;
    const iat = known ? numeric(known.claims.iat) : null;
    if (claims && known && iat !== null && Date.now() - iat * 1000 < updateAgeSeconds * 1000 && known.expMs > Date.now() && content(known.claims) === content(claims)) return known.token;
    // Remembered when it comes back on the next request (decodeSessionToken).
    return encodeJwe(params);
  };
}

/** For tests: forget every remembered token. */
export function forgetSessionTokens(): void {
  byToken.clear();
  byJti.clear();
}
