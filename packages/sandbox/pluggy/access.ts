/**
 * Who is calling the Pluggy emulator, and what they may see: an api key (POST /auth) sees its
 * client's items; a connect token sees only the items it created or updates.
 */
import type { TokenSigner } from "./auth";
import type { PluggyEngine } from "./engine";
import { forbidden, notFound, unauthorized } from "./errors";
import type { AccountRecord, ConnectTokenRecord, ItemRecord, TransactionRecord } from "./state";

export type Principal = { kind: "api_key"; clientId: string } | { kind: "connect_token"; clientId: string; token: ConnectTokenRecord };

type AuthEnv = { engine: PluggyEngine; signer: TokenSigner; realNow: () => number };

export async function authenticate(env: AuthEnv, headers: Record<string, string>): Promise<Principal> {
  const token = headers["x-api-key"];
  if (!token) throw unauthorized("MISSING_API_KEY", "Missing X-API-KEY header");
  const claims = await env.signer.verify(token, env.realNow());
  if (!claims) throw unauthorized("INVALID_API_KEY", "The X-API-KEY is not valid");
  if ("expired" in claims) throw unauthorized("API_KEY_EXPIRED", "The X-API-KEY has expired, authenticate again");
  if (claims.kind === "api_key") {
    if (claims.epoch !== env.engine.state.apiKeyEpoch) throw unauthorized("API_KEY_EXPIRED", "The X-API-KEY was revoked, authenticate again");
    return { kind: "api_key", clientId: claims.clientId };
  }
  const record = env.engine.state.connectTokens[claims.jti];
  if (!record || record.expiresAtMs <= env.realNow()) throw unauthorized("CONNECT_TOKEN_EXPIRED", "The connect token has expired");
  return { kind: "connect_token", clientId: claims.clientId, token: record };
}

/** The Connect stand-in's endpoints: the connect token in the body (or X-API-KEY). */
export async function connectTokenFromBody(env: AuthEnv, bodyToken: string | undefined, headers: Record<string, string>): Promise<Principal & { kind: "connect_token" }> {
  const token = bodyToken ?? headers["x-api-key"];
  if (!token) throw unauthorized("MISSING_CONNECT_TOKEN", "A connect token is required");
  const p = await authenticate(env, { ...headers, "x-api-key": token });
  if (p.kind !== "connect_token") throw forbidden("This endpoint takes a connect token");
  return p;
}

export function requireApiKey(p: Principal): string {
  if (p.kind !== "api_key") throw forbidden("A connect token cannot access this resource; use an API key");
  return p.clientId;
}

export function itemFor(engine: PluggyEngine, p: Principal, id: string): ItemRecord {
  const item = engine.getItem(id);
  if (!item || item.clientId !== p.clientId) throw notFound("Item", id);
  if (p.kind === "connect_token" && p.token.itemId !== id && !p.token.itemIds.includes(id)) {
    throw forbidden("This connect token cannot access this item");
  }
  return item;
}

const own = <T>(records: Record<string, T>, id: string): T | undefined => (Object.prototype.hasOwnProperty.call(records, id) ? records[id] : undefined);

export function accountFor(engine: PluggyEngine, clientId: string, id: string): AccountRecord {
  const acc = own(engine.state.accounts, id);
  if (!acc) throw notFound("Account", id);
  const item = engine.getItem(acc.itemId);
  if (!item || item.clientId !== clientId) throw notFound("Account", id);
  return acc;
}

export function transactionFor(engine: PluggyEngine, clientId: string, id: string): TransactionRecord {
  const t = own(engine.state.transactions, id);
  if (!t) throw notFound("Transaction", id);
  const item = engine.getItem(t.itemId);
  if (!item || item.clientId !== clientId) throw notFound("Transaction", id);
  return t;
}
