import { inEnglish } from "@/lib/i18n/stored";
import { msg, type Message } from "@/lib/i18n/translate";

/**
 * Sliding-window rate limits. A hit is allowed while fewer than `limit` allowed hits fall inside
 * the last `windowMs`; a refused attempt is not counted, and the wait is until the oldest counted
 * hit leaves the window. The same rule in three stores:
 *
 * - `MemoryRateLimiter` (here): one process's Map. For tests, a single-process dev set-up chosen
 *   explicitly (RATE_LIMIT_STORE=memory), and budgets that are per process on purpose (Plaid's
 *   webhook key look-ups).
 * - PostgreSQL (lib/rate-limits/postgres.ts) and Redis (lib/rate-limits/redis.ts): shared by every
 *   app instance on the same database or Redis, so N instances allow the limit once, not N times.
 *
 * The clock is injectable so tests can move time instead of waiting.
 */
export type Clock = () => number;

export type RateLimitOptions = {
  limit: number;
  windowMs: number;
  now?: Clock;
  /** Keys kept at most (oldest dropped first), so a flood of new keys cannot exhaust memory. */
  maxKeys?: number;
};

export type RateLimitDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/** A rate limit, wherever it keeps its windows. */
export interface RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  /** Counts one attempt for `key` and says whether it may go ahead. A refused attempt is not counted. */
  hit(key: string): Promise<RateLimitDecision>;
}

export function checkLimitOptions(opts: { limit: number; windowMs: number }): void {
  if (!Number.isInteger(opts.limit) || opts.limit < 1) throw new RangeError("limit must be a whole number ≥ 1");
  if (!(opts.windowMs > 0)) throw new RangeError("windowMs must be > 0");
}

/** The seconds to wait when the oldest counted hit, at `oldestMs`, leaves the window (at least 1). */
export function retryAfterSeconds(oldestMs: number, windowMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((oldestMs + windowMs - nowMs) / 1000));
}

export class MemoryRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: Clock;
  private readonly maxKeys: number;
  private readonly hits = new Map<string, number[]>();

  constructor(opts: RateLimitOptions) {
    checkLimitOptions(opts);
    this.limit = opts.limit;
    this.windowMs = opts.windowMs;
    this.now = opts.now ?? Date.now;
    this.maxKeys = opts.maxKeys ?? 10_000;
  }

  async hit(key: string): Promise<RateLimitDecision> {
    return this.hitNow(key);
  }

  /** `hit`, synchronously (this store needs no I/O). */
  hitNow(key: string): RateLimitDecision {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return { ok: false, retryAfterSeconds: retryAfterSeconds(recent[0]!, this.windowMs, now) };
    }
    recent.push(now);
    // Re-inserted last: the Map's first key is the least recently used.
    this.hits.delete(key);
    this.hits.set(key, recent);
    this.evict();
    return { ok: true, remaining: this.limit - recent.length };
  }

  /** Forgets every key (tests). */
  clear(): void {
    this.hits.clear();
  }

  get size(): number {
    return this.hits.size;
  }

  /** Drops the least recently used keys beyond maxKeys. */
  private evict(): void {
    for (const key of this.hits.keys()) {
      if (this.hits.size <= this.maxKeys) break;
      this.hits.delete(key);
    }
  }
}

/** What people read when refused (sign-in, link sessions): a message of the dictionary. */
export function tooManyAttempts(retryAfterSeconds: number): Message {
  return msg("server.tooManyAttempts", { count: retryAfterSeconds });
}

/** The same in English, for machine-facing answers (a webhook's 429 body). */
export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  return inEnglish(tooManyAttempts(retryAfterSeconds));
}
