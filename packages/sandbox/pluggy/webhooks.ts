import { createHmac } from "node:crypto";

/**
 * Webhook delivery through an injectable sender. Deliveries are asynchronous (the API call that
 * caused them does not wait), retried on a non-2xx answer or a thrown error (except 401, which
 * Pluggy never retries), and recorded in an inspectable log. `flush()` waits for everything queued.
 */

export type WebhookDelivery = {
  url: string;
  headers: Record<string, string>;
  /** Raw JSON body, exactly as sent (HMAC is computed over these bytes). */
  body: string;
  event: string;
  eventId: string;
  attempt: number;
};

export type WebhookSender = (delivery: WebhookDelivery) => Promise<{ status: number }>;

export type WebhookTarget = { url: string; headers: Record<string, string> };

export type DeliveryRecord = {
  eventId: string;
  event: string;
  url: string;
  payload: Record<string, unknown>;
  attempts: number;
  state: "pending" | "delivered" | "failed";
  lastStatus: number | null;
  lastError: string | null;
};

export type WebhookDispatcherOptions = {
  sender?: WebhookSender;
  /** Delay before each retry; its length is the number of retries. Default [1000, 5000]. */
  retryDelaysMs?: number[];
  /** Optional HMAC-SHA256 (hex) of the raw body in `header`. Off by default, as in Pluggy. */
  hmac?: { secret: string; header?: string };
  /** Per-attempt timeout of the default fetch sender. Default 10 s (Pluggy's limit). */
  timeoutMs?: number;
  /** Keep at most this many records in the log. Default 1000. */
  logLimit?: number;
};

export const DEFAULT_HMAC_HEADER = "X-Pluggy-Signature";

export function fetchWebhookSender(timeoutMs = 10_000): WebhookSender {
  return async (d) => {
    const res = await fetch(d.url, {
      method: "POST",
      headers: d.headers,
      body: d.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain the body so the connection can be reused.
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  };
}

export class WebhookDispatcher {
  private readonly sender: WebhookSender;
  private readonly retryDelaysMs: number[];
  private readonly hmac: { secret: string; header: string } | null;
  private readonly logLimit: number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  private closed = false;
  readonly log: DeliveryRecord[] = [];

  constructor(opts: WebhookDispatcherOptions = {}) {
    this.sender = opts.sender ?? fetchWebhookSender(opts.timeoutMs);
    this.retryDelaysMs = opts.retryDelaysMs ?? [1000, 5000];
    this.hmac = opts.hmac ? { secret: opts.hmac.secret, header: opts.hmac.header ?? DEFAULT_HMAC_HEADER } : null;
    this.logLimit = opts.logLimit ?? 1000;
  }

  /** Queues one delivery per target. Never throws, never waits for the network. */
  dispatch(targets: WebhookTarget[], payload: Record<string, unknown> & { event: string; eventId: string }): void {
    if (this.closed) return;
    const body = JSON.stringify(payload);
    for (const target of targets) {
      const headers: Record<string, string> = { ...target.headers, "Content-Type": "application/json", "User-Agent": "Pluggy-Sandbox-Webhooks/1.0" };
      if (this.hmac) headers[this.hmac.header] = createHmac("sha256", this.hmac.secret).update(body).digest("hex");
      const record: DeliveryRecord = {
        eventId: payload.eventId,
        event: payload.event,
        url: target.url,
        payload,
        attempts: 0,
        state: "pending",
        lastStatus: null,
        lastError: null,
      };
      this.log.push(record);
      if (this.log.length > this.logLimit) this.log.splice(0, this.log.length - this.logLimit);
      this.track(this.attempt(record, { url: target.url, headers, body, event: payload.event, eventId: payload.eventId, attempt: 1 }));
    }
  }

  /** Resolves when every queued delivery (and its retries) has finished. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops retries and drops anything not yet sent. */
  close(): void {
    this.closed = true;
    for (const [t, resolve] of this.timers) {
      clearTimeout(t);
      resolve();
    }
    this.timers.clear();
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async attempt(record: DeliveryRecord, delivery: WebhookDelivery): Promise<void> {
    if (this.closed) return;
    record.attempts = delivery.attempt;
    let retryable = true;
    try {
      const { status } = await this.sender(delivery);
      record.lastStatus = status;
      record.lastError = null;
      if (status >= 200 && status < 300) {
        record.state = "delivered";
        return;
      }
      if (status === 401) retryable = false;
    } catch (err) {
      record.lastError = err instanceof Error ? err.message : String(err);
    }
    const delay = this.retryDelaysMs[delivery.attempt - 1];
    if (!retryable || delay === undefined || this.closed) {
      record.state = "failed";
      return;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, delay);
      this.timers.set(t, resolve);
    });
    if (this.closed) {
      record.state = "failed";
      return;
    }
    await this.attempt(record, { ...delivery, attempt: delivery.attempt + 1 });
  }
}
