import { PluggyApiError, tooManyRequests } from "./errors";

/**
 * Deterministic fault injection: counter-based, never random. For each fault, the matching
 * requests are counted from 1 and request n is hit when `n % every === 0`, at most `limit` times.
 * `{ every: 1, limit: 1 }` = exactly the next matching request.
 */
export type FaultMatch = {
  /** Upper-case HTTP method, e.g. "GET". */
  method?: string;
  /** Path (after the /pluggy mount) starts with this, e.g. "/items" or "/v2/transactions". */
  pathPrefix?: string;
};

export type RateLimitFault = { every: number; limit?: number; retryAfterSeconds?: number; match?: FaultMatch };
export type ServerErrorFault = { every: number; limit?: number; status?: 500 | 502 | 503; match?: FaultMatch };
export type LatencyFault = { ms: number; every?: number; limit?: number; match?: FaultMatch };

export type FaultConfig = {
  rateLimit?: RateLimitFault;
  serverError?: ServerErrorFault;
  latency?: LatencyFault;
};

type Counter = { seen: number; fired: number };

export type FaultDecision = { delayMs: number; error: PluggyApiError | null; fault: "rateLimit" | "serverError" | null };

/**
 * Retry-After defaults to 1 s: got (inside pluggy-sdk) refuses to wait longer than its 30 s
 * request timeout, so a production-like `Retry-After: 60` makes the SDK give up at once.
 */
export const DEFAULT_FAULT_RETRY_AFTER_SECONDS = 1;

export class FaultInjector {
  private config: FaultConfig = {};
  private counters: Record<"rateLimit" | "serverError" | "latency", Counter> = {
    rateLimit: { seen: 0, fired: 0 },
    serverError: { seen: 0, fired: 0 },
    latency: { seen: 0, fired: 0 },
  };

  set(config: FaultConfig): void {
    for (const f of [config.rateLimit, config.serverError]) {
      if (f && (!Number.isInteger(f.every) || f.every < 1)) throw new Error("fault `every` must be an integer ≥ 1");
    }
    if (config.latency && (config.latency.ms < 0 || !Number.isFinite(config.latency.ms))) throw new Error("latency ms must be ≥ 0");
    this.config = { ...config };
    this.counters = { rateLimit: { seen: 0, fired: 0 }, serverError: { seen: 0, fired: 0 }, latency: { seen: 0, fired: 0 } };
  }

  get(): FaultConfig {
    return { ...this.config };
  }

  clear(): void {
    this.set({});
  }

  /** Decides for one request; counters advance only for faults whose `match` fits. */
  decide(method: string, path: string): FaultDecision {
    const out: FaultDecision = { delayMs: 0, error: null, fault: null };
    const { latency, rateLimit, serverError } = this.config;
    if (latency && matches(latency.match, method, path) && this.hit("latency", latency.every ?? 1, latency.limit)) {
      out.delayMs = latency.ms;
    }
    if (rateLimit && matches(rateLimit.match, method, path) && this.hit("rateLimit", rateLimit.every, rateLimit.limit)) {
      const retryAfter = rateLimit.retryAfterSeconds ?? DEFAULT_FAULT_RETRY_AFTER_SECONDS;
      out.error = tooManyRequests(retryAfter, { "RateLimit-Limit": "360", "RateLimit-Remaining": "0", "RateLimit-Reset": String(retryAfter) });
      out.fault = "rateLimit";
      return out;
    }
    if (serverError && matches(serverError.match, method, path) && this.hit("serverError", serverError.every, serverError.limit)) {
      const status = serverError.status ?? 500;
      out.error =
        status === 503
          ? new PluggyApiError(503, "SERVICE_UNAVAILABLE", "We're temporarily offline for maintenance. Please try again later.")
          : new PluggyApiError(status, "INTERNAL_SERVER_ERROR", "We had a problem with our server. Try again later.");
      out.fault = "serverError";
    }
    return out;
  }

  private hit(name: "rateLimit" | "serverError" | "latency", every: number, limit: number | undefined): boolean {
    const c = this.counters[name];
    c.seen += 1;
    if (limit !== undefined && c.fired >= limit) return false;
    if (c.seen % every !== 0) return false;
    c.fired += 1;
    return true;
  }
}

function matches(m: FaultMatch | undefined, method: string, path: string): boolean {
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== method) return false;
  if (m.pathPrefix && !path.startsWith(m.pathPrefix)) return false;
  return true;
}
