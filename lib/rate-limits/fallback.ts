import { MemoryRateLimiter, type Clock, type RateLimitDecision, type RateLimiter } from "@/lib/security/rate-limit";

/**
 * A shared limit that keeps limiting when its store cannot answer (Redis down, the database slow):
 * the hit is counted in this process's memory instead, so sign-in is neither locked for everyone
 * nor left unlimited while the store is away. Said in the log at most once a minute per limit.
 */
export class FallbackRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly local: MemoryRateLimiter;
  private readonly timeoutMs: number;
  private lastLog = Number.NEGATIVE_INFINITY;
  /** Hits the shared store could not answer (diagnostics, tests). */
  fallbacks = 0;

  constructor(
    private readonly shared: RateLimiter,
    private readonly label: string,
    opts: { timeoutMs?: number; now?: Clock } = {},
  ) {
    this.limit = shared.limit;
    this.windowMs = shared.windowMs;
    this.timeoutMs = opts.timeoutMs ?? 3_000;
    this.local = new MemoryRateLimiter({ limit: shared.limit, windowMs: shared.windowMs, ...(opts.now ? { now: opts.now } : {}) });
  }

  async hit(key: string): Promise<RateLimitDecision> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([this.shared.hit(key), timeout]);
    } catch (err) {
      this.fallbacks++;
      if (Date.now() - this.lastLog >= 60_000) {
        this.lastLog = Date.now();
        console.error(`[rate-limits] ${this.label}: the shared store failed (${err instanceof Error ? err.message.split("\n")[0] : String(err)}); counting in this process meanwhile`);
      }
      return this.local.hitNow(key);
    } finally {
      clearTimeout(timer);
    }
  }
}
