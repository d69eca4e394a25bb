import { inEnglish } from "@/lib/i18n/stored";
import { msg, type Message } from "@/lib/i18n/translate";

/**
 * In-memory sliding-window rate limiter (one per process). Each key keeps the times of its recent
 * hits; a hit is allowed while fewer than `limit` fall inside the last `windowMs`. The clock is
 * injectable so tests can move time instead of waiting.
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

export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: Clock;
  private readonly maxKeys: number;
  private readonly hits = new Map<string, number[]>();

  constructor(opts: RateLimitOptions) {
    if (!Number.isInteger(opts.limit) || opts.limit < 1) throw new RangeError("limit must be a whole number ≥ 1");
    if (!(opts.windowMs > 0)) throw new RangeError("windowMs must be > 0");
    this.limit = opts.limit;
    this.windowMs = opts.windowMs;
    this.now = opts.now ?? Date.now;
    this.maxKeys = opts.maxKeys ?? 10_000;
  }

  /** Counts one attempt for `key` and says whether it may go ahead. A refused attempt is not counted. */
  hit(key: string): RateLimitDecision {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      const retryAfterMs = recent[0]! + this.windowMs - now;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
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
