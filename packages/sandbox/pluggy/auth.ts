import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { randomUUID } from "node:crypto";

/**
 * API keys and connect tokens are HS256 JWTs signed with the sandbox secret. pluggy-sdk only
 * `jsonwebtoken.decode`s the api key to read `exp` (compared with the REAL wall clock), so `exp`
 * follows real time, not the sandbox clock — otherwise the SDK would never (or always) refresh.
 */

export const API_KEY_TTL_SECONDS = 2 * 60 * 60;
export const CONNECT_TOKEN_TTL_SECONDS = 30 * 60;
const ISSUER = "pluggy-sandbox";

export type ApiKeyClaims = { kind: "api_key"; clientId: string; epoch: number; exp: number };
export type ConnectTokenClaims = {
  kind: "connect_token";
  clientId: string;
  /** Id of the connect token record in the state (claims are kept server side). */
  jti: string;
  exp: number;
};
export type TokenClaims = ApiKeyClaims | ConnectTokenClaims;

export type TokenSigner = {
  mintApiKey(clientId: string, epoch: number, ttlSeconds: number, nowMs: number): Promise<string>;
  mintConnectToken(clientId: string, ttlSeconds: number, nowMs: number): Promise<{ token: string; jti: string; expiresAtMs: number }>;
  /** null when the signature/shape is bad; `{expired:true}` when only `exp` is past. */
  verify(token: string, nowMs: number): Promise<TokenClaims | { expired: true } | null>;
};

export function createTokenSigner(secret: string): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    async mintApiKey(clientId, epoch, ttlSeconds, nowMs) {
      const iat = Math.floor(nowMs / 1000);
      return new SignJWT({ kind: "api_key", epoch })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuer(ISSUER)
        .setSubject(clientId)
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(key);
    },
    async mintConnectToken(clientId, ttlSeconds, nowMs) {
      const iat = Math.floor(nowMs / 1000);
      const jti = randomUUID();
      const token = await new SignJWT({ kind: "connect_token" })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuer(ISSUER)
        .setSubject(clientId)
        .setJti(jti)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(key);
      return { token, jti, expiresAtMs: (iat + ttlSeconds) * 1000 };
    },
    async verify(token, nowMs) {
      if (!token || token.split(".").length !== 3) return null;
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          algorithms: ["HS256"],
          currentDate: new Date(nowMs),
        });
        const sub = typeof payload.sub === "string" ? payload.sub : null;
        const exp = typeof payload.exp === "number" ? payload.exp : null;
        if (!sub || exp === null) return null;
        if (payload.kind === "api_key" && typeof payload.epoch === "number") {
          return { kind: "api_key", clientId: sub, epoch: payload.epoch, exp };
        }
        if (payload.kind === "connect_token" && typeof payload.jti === "string") {
          return { kind: "connect_token", clientId: sub, jti: payload.jti, exp };
        }
        return null;
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) return { expired: true };
        return null;
      }
    },
  };
}
