import type { JWKPublicKey } from "plaid";
import { MemoryRateLimiter, type Clock } from "@/lib/security/rate-limit";

/**
 * Plaid's webhook verification keys by `kid`, as the webhook route needs them: a key Plaid knows is
 * kept for an hour (so its expiry is seen), a kid Plaid does NOT know is remembered as unknown for a
 * few minutes (a negative cache), and the outbound fetches are capped per process. So a flood of
 * forged webhooks with made-up kids costs at most `fetchesPerWindow` calls to Plaid a window, and
 * the same made-up kid again costs none. Concurrent look-ups of one kid share one fetch.
 *
 *   fetchKey(kid) → the key, or null when Plaid says there is no such key; throws when Plaid could
 *   not be asked (down, timeout): nothing is cached then, the caller answers "retry later".
 */
export type FetchWebhookKey = (kid: string) => Promise<JWKPublicKey | null>;

export type WebhookKeyCacheOptions = {
  /** A known key is fetched again after this long (default 1 hour). */
  knownTtlMs?: number;
  /** An unknown kid is not asked about again for this long (default 5 minutes). */
  unknownTtlMs?: number;
  /** Kids remembered at most (oldest dropped first). Default 1,000. */
  maxEntries?: number;
  /** Outbound fetches allowed per window and process (default 10 a minute). */
  fetchesPerWindow?: number;
  fetchWindowMs?: number;
  now?: Clock;
};

/** Plaid could not be asked about a key (it failed, or this process used up its fetch budget). */
export class WebhookKeyUnavailableError extends Error {
  constructor(readonly why: "fetch_failed" | "fetch_budget") {
    super(why === "fetch_budget" ? "too many webhook key look-ups: try again later" : "the webhook verification key could not be fetched");
    this.name = "WebhookKeyUnavailableError";
  }
}

/** Kid shapes worth asking Plaid about (Plaid's are UUIDs): anything else is unknown without a fetch. */
const KID = /^[A-Za-z0-9._-]{1,128}$/;

type Entry = { key: JWKPublicKey | null; at: number };

export class WebhookKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<JWKPublicKey | null>>();
  private readonly budget: MemoryRateLimiter;
  private readonly now: Clock;
  private readonly knownTtlMs: number;
  private readonly unknownTtlMs: number;
  private readonly maxEntries: number;
  /** Outbound fetches made (for tests and diagnostics). */
  fetches = 0;

  constructor(
    private readonly fetchKey: FetchWebhookKey,
    opts: WebhookKeyCacheOptions = {},
  ) {
    this.now = opts.now ?? (() => Date.now());
    this.knownTtlMs = opts.knownTtlMs ?? 3_600_000;
    this.unknownTtlMs = opts.unknownTtlMs ?? 5 * 60_000;
    this.maxEntries = opts.maxEntries ?? 1_000;
    this.budget = new MemoryRateLimiter({ limit: opts.fetchesPerWindow ?? 10, windowMs: opts.fetchWindowMs ?? 60_000, now: this.now, maxKeys: 1 });
  }

  /**
   * The usable key for `kid`; null when Plaid does not know it or it has expired. Throws
   * WebhookKeyUnavailableError when Plaid could not be asked.
   */
  async get(kid: string): Promise<JWKPublicKey | null> {
    if (!KID.test(kid)) return null;
    const known = this.entries.get(kid);
    if (known && this.now() - known.at < (known.key ? this.knownTtlMs : this.unknownTtlMs)) return usable(known.key);
    const pending = this.inFlight.get(kid);
    if (pending) return usable(await pending);
    if (!this.budget.hitNow("fetch").ok) throw new WebhookKeyUnavailableError("fetch_budget");
    const fetching = this.fetch(kid);
    this.inFlight.set(kid, fetching);
    try {
      return usable(await fetching);
    } finally {
      this.inFlight.delete(kid);
    }
  }

  /** How many kids are remembered (known and unknown). */
  get size(): number {
    return this.entries.size;
  }

  private async fetch(kid: string): Promise<JWKPublicKey | null> {
    this.fetches++;
    let key: JWKPublicKey | null;
    try {
      key = await this.fetchKey(kid);
    } catch {
      throw new WebhookKeyUnavailableError("fetch_failed");
    }
    this.entries.delete(kid);
    this.entries.set(kid, { key, at: this.now() });
    this.evict();
    return key;
  }

  /** Drops what has expired, then the oldest, beyond maxEntries. */
  private evict(): void {
    if (this.entries.size <= this.maxEntries) return;
    const now = this.now();
    for (const [kid, e] of this.entries) if (now - e.at >= (e.key ? this.knownTtlMs : this.unknownTtlMs)) this.entries.delete(kid);
    for (const kid of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(kid);
    }
  }
}

/** A key Plaid has expired is not used (Plaid: `expired_at` set means the key must not verify). */
function usable(key: JWKPublicKey | null): JWKPublicKey | null {
  return key && !key.expired_at ? key : null;
}
