/**
 * Webhook delivery: signs each queued webhook like Plaid (see webhook-signing.ts), hands it to the
 * sender, and records the attempt in the store (bounded log + the item's last webhook).
 */
import type { SandboxStore } from "@bank-connections/sandbox/core/store";
import { generateWebhookSigningKey, signWebhookBody, webhookBody } from "@bank-connections/sandbox/core/webhook-signing";
import type { WebhookEffect } from "./context";
import { newWebhookDeliveryId } from "./ids";
import { plaidStateOf } from "./state";

export interface WebhookDelivery {
  url: string;
  /** The exact bytes to POST (JSON, 2-space indent); the signature covers them. */
  body: string;
  headers: Record<string, string>;
}

export type WebhookSender = (delivery: WebhookDelivery) => Promise<{ status: number }>;

export interface WebhookResult extends WebhookDelivery {
  itemId: string;
  webhookType: string;
  webhookCode: string;
  payload: Record<string, unknown>;
  status: number | null;
  error: string | null;
}

/** POSTs the webhook with fetch (10 s timeout, like Plaid's delivery timeout). */
export const defaultWebhookSender: WebhookSender = async ({ url, body, headers }) => {
  const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer().catch(() => undefined);
  return { status: res.status };
};

const WEBHOOK_LOG_LIMIT = 200;

export interface WebhookDispatcher {
  /** Creates the store's signing key on first use. */
  ensureKey(): Promise<void>;
  /** Delivers in order and resolves with the outcomes. */
  deliver(effects: WebhookEffect[]): Promise<WebhookResult[]>;
  /** Starts delivery without waiting (API calls answer first, as Plaid does). */
  deliverInBackground(effects: WebhookEffect[]): void;
  /** Awaits every background delivery. */
  flush(): Promise<void>;
  /** Signs with a new key from now on; older keys get `expiredAt`. Returns the new kid. */
  rotateKey(): Promise<string>;
}

export function createWebhookDispatcher(opts: {
  store: SandboxStore;
  sender: WebhookSender;
  wallNow: () => number;
  onError: (e: unknown) => void;
}): WebhookDispatcher {
  const { store, sender, wallNow } = opts;
  const inflight = new Set<Promise<unknown>>();
  let keyReady = false;
  const nowSeconds = () => Math.floor(wallNow() / 1000);

  async function ensureKey(): Promise<void> {
    if (keyReady) return;
    const current = await store.read();
    if (plaidStateOf(current).webhookKeys.length === 0) {
      const key = await generateWebhookSigningKey({ createdAt: nowSeconds() });
      await store.update((s) => {
        if (plaidStateOf(s).webhookKeys.length === 0) plaidStateOf(s).webhookKeys.push(key);
      });
    }
    keyReady = true;
  }

  async function deliver(effects: WebhookEffect[]): Promise<WebhookResult[]> {
    if (effects.length === 0) return [];
    await ensureKey();
    const keys = plaidStateOf(await store.read()).webhookKeys;
    const key = [...keys].reverse().find((k) => k.expiredAt === null) ?? keys[keys.length - 1];
    if (!key) throw new Error("no webhook signing key");
    const results: WebhookResult[] = [];
    for (const e of effects) {
      const body = webhookBody(e.payload);
      const jwt = await signWebhookBody(body, key, { mode: e.signature, nowSeconds: nowSeconds() });
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      if (jwt) headers["Plaid-Verification"] = jwt;
      let status: number | null = null;
      let error: string | null = null;
      try {
        status = (await sender({ url: e.url, body, headers })).status;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      results.push({ url: e.url, body, headers, itemId: e.itemId, webhookType: e.webhookType, webhookCode: e.webhookCode, payload: e.payload, status, error });
    }
    await store.update((s) => {
      const sentAt = new Date(wallNow()).toISOString();
      for (const r of results) {
        plaidStateOf(s).webhookLog.push({ id: newWebhookDeliveryId(plaidStateOf(s)), itemId: r.itemId, url: r.url, webhookType: r.webhookType, webhookCode: r.webhookCode, sentAt, status: r.status, error: r.error });
        const item = plaidStateOf(s).items[r.itemId];
        if (item) item.lastWebhook = { sentAt: sentAt.replace(/\.\d{3}Z$/, "Z"), code: r.webhookCode };
      }
      if (plaidStateOf(s).webhookLog.length > WEBHOOK_LOG_LIMIT) plaidStateOf(s).webhookLog.splice(0, plaidStateOf(s).webhookLog.length - WEBHOOK_LOG_LIMIT);
    });
    return results;
  }

  return {
    ensureKey,
    deliver,
    deliverInBackground(effects) {
      if (effects.length === 0) return;
      const p = deliver(effects).catch(opts.onError);
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    },
    async flush() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    async rotateKey() {
      const now = nowSeconds();
      const key = await generateWebhookSigningKey({ createdAt: now });
      await store.update((s) => {
        for (const k of plaidStateOf(s).webhookKeys) if (k.expiredAt === null) k.expiredAt = now;
        plaidStateOf(s).webhookKeys.push(key);
      });
      keyReady = true;
      return key.kid;
    },
  };
}
