/**
 * The Pluggy emulator's route table machinery (like the Plaid emulator's ROUTES in
 * plaid/sandbox.ts): each route is a method, a path pattern (`:name` matches one segment) and who
 * may call it. The table itself is in routes-connect.ts and routes-api.ts.
 *
 *   auth "none"     no credentials (POST /auth, the Connect stand-in's own endpoints)
 *   auth "any"      an api key or a connect token
 *   auth "api_key"  an api key only (a connect token gets 403)
 *
 * A path that matches a pattern under another method answers 405 — after the route's `exists`
 * check, if it has one (so a wrong method on a missing item is still a 404, as at Pluggy); no
 * match at all, 404.
 */
import type { TokenSigner } from "./auth";
import type { PluggyEngine } from "./engine";
import { methodNotAllowed, notFound } from "./errors";
import { authenticate, requireApiKey, type Principal } from "./access";
import type { PageResponse } from "./types";

/** What the routes need from the sandbox instance. */
export type RouteEnv = {
  engine: PluggyEngine;
  signer: TokenSigner;
  realNow: () => number;
  clients: Array<{ clientId: string; clientSecret: string }> | undefined;
  apiKeyTtlSeconds: number;
  connectTokenTtlSeconds: number;
  v2PageSize: number;
  /** Base URL of this API as clients reach it (`next` links). */
  publicBase: () => string;
};

export type RouteRequest = {
  method: string;
  path: string;
  /** Values of the pattern's `:name` segments. */
  params: Record<string, string>;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: unknown;
};

/** `principal` is null only on "none" routes. */
export type RouteCtx<P extends Principal | null = Principal> = RouteEnv & RouteRequest & { principal: P; clientId: string };

export type Route =
  | { method: string; path: string; auth: "none"; handler: (ctx: RouteCtx<null>) => unknown }
  | { method: string; path: string; auth: "any" | "api_key"; handler: (ctx: RouteCtx) => unknown; exists?: (ctx: RouteCtx) => unknown };

/** Lists that are never long here come back as one page (totalPages ≥ 1, see transactions.ts). */
export const page = <T>(results: T[]): PageResponse<T> => ({ results, page: 1, total: results.length, totalPages: 1 });

function match(pattern: string, segments: string[]): Record<string, string> | null {
  const parts = pattern.split("/").filter(Boolean);
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const seg = segments[i]!;
    if (part.startsWith(":")) params[part.slice(1)] = seg;
    else if (part !== seg) return null;
  }
  return params;
}

type Found = { route: Route; params: Record<string, string> };

/** The route for this method, or (as `other`) one on the same path under another method. */
function find(routes: readonly Route[], method: string, segments: string[]): { hit?: Found; other?: Found } {
  let other: Found | undefined;
  for (const route of routes) {
    const params = match(route.path, segments);
    if (!params) continue;
    if (route.method === method) return { hit: { route, params } };
    other ??= { route, params };
  }
  return other ? { other } : {};
}

/** Runs the route for `req` (body: the route's answer, sent as 200 JSON), or throws the Pluggy error. */
export async function dispatchRoute(routes: readonly Route[], env: RouteEnv, req: Omit<RouteRequest, "params">): Promise<unknown> {
  const segments = req.path.split("/").filter(Boolean);
  const open = find(
    routes.filter((r) => r.auth === "none"),
    req.method,
    segments,
  );
  if (open.other) throw methodNotAllowed(req.method, req.path);
  if (open.hit?.route.auth === "none") return open.hit.route.handler({ ...env, ...req, params: open.hit.params, principal: null, clientId: "" });
  const principal = await authenticate(env, req.headers);
  const { hit, other } = find(
    routes.filter((r) => r.auth !== "none"),
    req.method,
    segments,
  );
  const ctx = (found: Found): RouteCtx => ({ ...env, ...req, params: found.params, principal, clientId: found.route.auth === "api_key" ? requireApiKey(principal) : principal.clientId });
  if (other) {
    if (other.route.auth !== "none" && other.route.exists) other.route.exists(ctx(other));
    throw methodNotAllowed(req.method, req.path);
  }
  if (!hit || hit.route.auth === "none") throw notFound("Route", req.path);
  return hit.route.handler(ctx(hit));
}
