import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { tooManyAttempts, type Clock, type RateLimiter } from "@/lib/security/rate-limit";
import { makeRateLimiter } from "./store";

/**
 * The portal's rate limits, one limiter per purpose (kept on globalThis so every bundle Next.js
 * builds shares them). Limits come from lib/config.ts (RATE_LIMIT_* variables); they count in the
 * configured store (RATE_LIMIT_STORE, REDIS_URL), by default the database, so every app instance
 * behind a load balancer counts against the same windows.
 */
export type LimitName = "signInEmail" | "signInIp" | "linkSession" | "webhook";

const MINUTE = 60_000;

const store = globalThis as unknown as { __bankConnectionsRateLimits?: { clock: Clock | undefined; limiters: Map<LimitName, RateLimiter> } };

function registry() {
  store.__bankConnectionsRateLimits ??= { clock: undefined, limiters: new Map() };
  return store.__bankConnectionsRateLimits;
}

function options(name: LimitName): { limit: number; windowMs: number } {
  const l = getConfig().rateLimits;
  switch (name) {
    case "signInEmail":
      return { limit: l.signInPerEmailPerMinute, windowMs: MINUTE };
    case "signInIp":
      return { limit: l.signInPerIpPerMinute, windowMs: MINUTE };
    case "linkSession":
      return { limit: l.linkSessionsPer10Minutes, windowMs: 10 * MINUTE };
    case "webhook":
      return { limit: l.webhooksPerMinute, windowMs: MINUTE };
  }
}

export function limiter(name: LimitName): RateLimiter {
  const r = registry();
  let l = r.limiters.get(name);
  if (!l) {
    l = makeRateLimiter(getConfig().rateLimitStore, { name, ...options(name), ...(r.clock ? { now: r.clock } : {}) });
    r.limiters.set(name, l);
  }
  return l;
}

/** Tests: build every limiter afresh (re-reading the configuration), on this clock. Shared stores keep their windows. */
export function resetRateLimits(clock?: Clock): void {
  store.__bankConnectionsRateLimits = { clock, limiters: new Map() };
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("RATE_LIMITED", tooManyAttempts(retryAfterSeconds));
    this.name = "RateLimitedError";
  }
}

/** Counts one attempt; throws RateLimitedError (a user-facing AppError) when over the limit. */
export async function enforceLimit(name: LimitName, key: string): Promise<void> {
  const d = await limiter(name).hit(key);
  if (!d.ok) throw new RateLimitedError(d.retryAfterSeconds);
}

/** Link sessions (Plaid link tokens / Pluggy connect tokens) a user may create per 10 minutes. */
export async function enforceLinkSessionLimit(userId: string): Promise<void> {
  await enforceLimit("linkSession", `user:${userId}`);
}
