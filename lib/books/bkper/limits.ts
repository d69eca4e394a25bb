/**
 * Bkper's limits as the portal respects them (docs/reference/bkper.md §6 "Limits").
 *
 * - Batch size: a batch create carries at most BKPER_BATCH_SIZE transactions (the chunk bkper-cli
 *   sends to POST /transactions/batch); the gateway never sends more, whatever it is asked.
 * - Call rate: Bkper answers 429 (or 403 with a rate-limit reason) when called too fast; bkper-js
 *   retries those. Bkper publishes no number, so the portal paces itself at BKPER_CALLS_PER_SECOND
 *   per quota (one Google account, or the dedicated-quota API key when one is set) and, on a 429,
 *   holds every call of that quota until the Retry-After (or the backoff) has passed.
 */
export const BKPER_BATCH_SIZE = 100;
export const BKPER_CALLS_PER_SECOND = 10;

/** Waits on a clock (tests give their own). */
export type LimiterClock = { now(): number; sleep(ms: number): Promise<void> };

const realClock: LimiterClock = { now: () => Date.now(), sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };

/**
 * A token bucket: `callsPerSecond` on average, at most `burst` at once, shared by every caller of the
 * same quota; `holdFor` (a 429's Retry-After) stops them all until then. Callers are served in order.
 */
export class CallRateLimiter {
  private tokens: number;
  private refilledAt: number;
  private heldUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly callsPerSecond: number,
    readonly burst: number = Math.max(1, Math.round(callsPerSecond)),
    private readonly clock: LimiterClock = realClock,
  ) {
    if (!(callsPerSecond > 0) || !(burst >= 1)) throw new Error("CallRateLimiter: callsPerSecond must be > 0 and burst ≥ 1");
    this.tokens = burst;
    this.refilledAt = clock.now();
  }

  /** Resolves when one call may be sent (and counts it). */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Bkper said "too fast": no call of this quota goes out for `ms`, and the bucket starts empty after. */
  holdFor(ms: number): void {
    const until = this.clock.now() + Math.max(0, ms);
    if (until > this.heldUntil) this.heldUntil = until;
    this.tokens = 0;
    this.refilledAt = Math.max(this.refilledAt, until);
  }

  private refill(now: number): void {
    if (now <= this.refilledAt) return;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.callsPerSecond);
    this.refilledAt = now;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.heldUntil) {
        await this.clock.sleep(this.heldUntil - now);
        continue;
      }
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.callsPerSecond) * 1000));
    }
  }
}

const g = globalThis as unknown as { __bkperLimiters?: Map<string, CallRateLimiter> };

/** This process's limiter for one quota (created on first use). */
export function sharedRateLimiter(quota: string, callsPerSecond = BKPER_CALLS_PER_SECOND): CallRateLimiter {
  const all = (g.__bkperLimiters ??= new Map());
  const key = `${quota}@${callsPerSecond}`;
  let limiter = all.get(key);
  if (!limiter) {
    limiter = new CallRateLimiter(callsPerSecond);
    all.set(key, limiter);
  }
  return limiter;
}
