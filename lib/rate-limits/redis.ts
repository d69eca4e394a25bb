import { randomBytes } from "node:crypto";
import { z } from "zod";
import { checkLimitOptions, retryAfterSeconds, type Clock, type RateLimitDecision, type RateLimiter } from "@/lib/security/rate-limit";

/**
 * A sliding-window limit kept in Redis, shared by every process that uses the same Redis: one
 * sorted set per limit and key, scored by the epoch-ms time of each allowed hit. A hit is one Lua
 * script, which Redis runs atomically: drop what left the window, count, add this hit when fewer
 * than `limit` remain (the set then expires a window after its newest hit, so idle keys vanish by
 * themselves), otherwise return the oldest hit's time for Retry-After.
 */
export const HIT_SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local n = redis.call('ZCARD', key)
if n < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return {1, limit - n - 1}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2])}
`;

/** What this store needs of a Redis client (node-redis's `eval`). */
export type RedisEval = {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
};

const reply = z.tuple([z.union([z.literal(0), z.literal(1)]), z.number().int()]);

export type RedisRateLimitOptions = {
  name: string;
  limit: number;
  windowMs: number;
  client: () => Promise<RedisEval>;
  now?: Clock;
  /** Prefix of every key this app writes (default "bank-connections:rate:"). */
  prefix?: string;
};

export class RedisRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly keyPrefix: string;
  private readonly client: () => Promise<RedisEval>;
  private readonly now: Clock;

  constructor(opts: RedisRateLimitOptions) {
    checkLimitOptions(opts);
    this.limit = opts.limit;
    this.windowMs = opts.windowMs;
    this.client = opts.client;
    this.now = opts.now ?? Date.now;
    this.keyPrefix = `${opts.prefix ?? "bank-connections:rate:"}${opts.name}:`;
  }

  async hit(key: string): Promise<RateLimitDecision> {
    const client = await this.client();
    const now = Math.floor(this.now());
    // Members must be unique: two hits in the same millisecond are two hits.
    const member = `${now}-${randomBytes(6).toString("base64url")}`;
    const raw = await client.eval(HIT_SCRIPT, { keys: [this.keyPrefix + key], arguments: [String(now), String(this.windowMs), String(this.limit), member] });
    const parsed = reply.safeParse(raw);
    if (!parsed.success) throw new Error("rate limit: Redis answered the hit script with something unexpected");
    const [allowed, value] = parsed.data;
    if (allowed === 1) return { ok: true, remaining: value };
    return { ok: false, retryAfterSeconds: retryAfterSeconds(value, this.windowMs, now) };
  }
}
