import { getConfig, type AppConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { MemoryRateLimiter, type Clock, type RateLimiter } from "@/lib/security/rate-limit";
import { FallbackRateLimiter } from "./fallback";
import { PostgresRateLimiter } from "./postgres";
import { RedisRateLimiter } from "./redis";
import { sharedRedis } from "./redis-client";

/**
 * Builds one limit on the configured store (RATE_LIMIT_STORE / REDIS_URL, lib/config.ts): the
 * database (default) or Redis, shared by every app instance, each behind a per-process fallback
 * for when the store cannot answer; or memory, this process only, when chosen explicitly.
 */
export function makeRateLimiter(
  store: AppConfig["rateLimitStore"],
  opts: { name: string; limit: number; windowMs: number; now?: Clock },
): RateLimiter {
  const clock = opts.now ? { now: opts.now } : {};
  switch (store.kind) {
    case "memory":
      return new MemoryRateLimiter({ limit: opts.limit, windowMs: opts.windowMs, ...clock });
    case "database":
      return new FallbackRateLimiter(new PostgresRateLimiter({ ...opts, db: prisma }), `${opts.name} (database)`, clock);
    case "redis":
      return new FallbackRateLimiter(new RedisRateLimiter({ ...opts, client: sharedRedis(store.url) }), `${opts.name} (Redis)`, clock);
  }
}

export function configuredStore(): AppConfig["rateLimitStore"] {
  return getConfig().rateLimitStore;
}
