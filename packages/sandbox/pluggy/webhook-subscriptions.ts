import { badRequest, notFound } from "./errors";
import type { CreateWebhookBody, UpdateWebhookBody } from "./schemas";
import type { PluggyState, WebhookRecord } from "./state";
import type { WireWebhook } from "./types";
import type { WebhookTarget } from "./webhooks";

/**
 * Account-level webhooks (`/webhooks`, SDK createWebhook/fetchWebhooks/updateWebhook/deleteWebhook):
 * the subscriptions of one client, and who receives an event. Every event goes to the Item's own
 * `webhookUrl` and to each enabled subscription of the same client whose `event` matches (`all`,
 * `item/all` or the event itself), with the subscription's stored `headers` — that is how a
 * receiver gets a secret header from Pluggy. One URL gets one delivery (headers merged).
 */

/** What these functions need from the engine (structural, to avoid an import cycle). */
export type SubscriptionHost = {
  state: PluggyState;
  nextId(kind: string): string;
  sandboxNowIso(): string;
  touch(): void;
};

/** Pluggy allows at most this many webhooks per event and client. */
export const MAX_WEBHOOKS_PER_EVENT = 5;

export function toWireWebhook(w: WebhookRecord): WireWebhook {
  return { id: w.id, url: w.url, event: w.event, createdAt: w.createdAt, updatedAt: w.updatedAt, disabledAt: w.disabledAt };
}

/** A client's subscriptions, oldest first. */
export function listWebhooks(host: SubscriptionHost, clientId: string): WebhookRecord[] {
  return Object.values(host.state.webhooks)
    .filter((w) => w.clientId === clientId)
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
}

function assertRoom(host: SubscriptionHost, clientId: string, event: string, except?: string): void {
  const same = Object.values(host.state.webhooks).filter((w) => w.clientId === clientId && w.event === event && w.id !== except);
  if (same.length >= MAX_WEBHOOKS_PER_EVENT) throw badRequest("WEBHOOK_LIMIT_EXCEEDED", `At most ${MAX_WEBHOOKS_PER_EVENT} webhooks can listen to ${event}`);
}

export function createWebhook(host: SubscriptionHost, clientId: string, input: CreateWebhookBody): WebhookRecord {
  assertRoom(host, clientId, input.event);
  const nowIso = host.sandboxNowIso();
  const w: WebhookRecord = {
    id: host.nextId("webhook"),
    clientId,
    url: input.url,
    event: input.event,
    headers: { ...(input.headers ?? {}) },
    createdAt: nowIso,
    updatedAt: nowIso,
    disabledAt: null,
  };
  host.state.webhooks[w.id] = w;
  host.touch();
  return w;
}

/** A subscription of this client; another client's id is "not found", as for Items. */
export function getWebhook(host: SubscriptionHost, clientId: string, id: string): WebhookRecord {
  const w = Object.prototype.hasOwnProperty.call(host.state.webhooks, id) ? host.state.webhooks[id] : undefined;
  if (!w || w.clientId !== clientId) throw notFound("Webhook", id);
  return w;
}

/** PATCH: only the fields sent change; `headers: null` clears them; `enabled` toggles `disabledAt`. */
export function updateWebhook(host: SubscriptionHost, w: WebhookRecord, input: UpdateWebhookBody): WebhookRecord {
  if (input.event !== undefined && input.event !== w.event) assertRoom(host, w.clientId, input.event, w.id);
  if (input.url !== undefined) w.url = input.url;
  if (input.event !== undefined) w.event = input.event;
  if (input.headers !== undefined) w.headers = { ...(input.headers ?? {}) };
  if (input.enabled !== undefined) w.disabledAt = input.enabled ? null : (w.disabledAt ?? host.sandboxNowIso());
  w.updatedAt = host.sandboxNowIso();
  host.touch();
  return w;
}

export function deleteWebhook(host: SubscriptionHost, w: WebhookRecord): WebhookRecord {
  delete host.state.webhooks[w.id];
  host.touch();
  return w;
}

export function webhookMatches(w: Pick<WebhookRecord, "event">, event: string): boolean {
  if (w.event === event || w.event === "all") return true;
  return w.event === "item/all" && event.startsWith("item/");
}

/**
 * Targets of one event: the Item's own target (if any) plus every enabled matching subscription of
 * `clientId` (`null`: of any client, for re-deliveries of events that carry no client).
 */
export function deliveryTargets(state: PluggyState, event: string, clientId: string | null, itemTarget: WebhookTarget | null): WebhookTarget[] {
  const byUrl = new Map<string, WebhookTarget>();
  if (itemTarget) byUrl.set(itemTarget.url, { url: itemTarget.url, headers: { ...itemTarget.headers } });
  for (const w of Object.values(state.webhooks)) {
    if ((clientId !== null && w.clientId !== clientId) || w.disabledAt || !webhookMatches(w, event)) continue;
    const prev = byUrl.get(w.url);
    byUrl.set(w.url, { url: w.url, headers: { ...(prev?.headers ?? {}), ...w.headers } });
  }
  return [...byUrl.values()];
}
