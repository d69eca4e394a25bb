/**
 * The Bkper double's rate limit (tests/helpers/bkper-double.ts, `options.rateLimit`): a token bucket per
 * caller (the Authorization header: one Google account's token). A call beyond it is refused with the
 * whole seconds until a token is back, as a Retry-After header carries them.
 */
export class DoubleRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Null when the call may go on (and counts it); else how long to wait. */
  refuse(caller: string, limit: { callsPerSecond: number; burst: number }, now: number): { retryAfterSeconds: number } | null {
    const b = this.buckets.get(caller) ?? { tokens: limit.burst, at: now };
    b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.callsPerSecond);
    b.at = now;
    this.buckets.set(caller, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return null;
    }
    return { retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / limit.callsPerSecond)) };
  }
}
