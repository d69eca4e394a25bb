/**
 * The Pluggy emulator's engine, part 1: the state, ids, wire views and webhook emission.
 * PluggyEngine (engine.ts) adds Items and executions. Every public method expects to run under
 * the sandbox's single lock (see sandbox.ts).
 */
import { findConnector, toWireConnector } from "./connectors";
import { consentExpiresAt } from "./consents";
import { deterministicUuid } from "./ids";
import type { IngestResult, PluggyDataSource } from "./ingest";
import type { ItemRecord, PluggyState } from "./state";
import type { ConnectorHealthStatus, WebhookEventName, WireItem } from "./types";
import { deliveryTargets } from "./webhook-subscriptions";
import type { DeliveryRecord, WebhookDispatcher, WebhookTarget } from "./webhooks";

/** Compatible with the shared `SandboxClock` (core/clock.ts). */
export type ClockLike = { nowMs(): number; readonly baseMs?: number };

export type ExecutionTiming = {
  /** An execution ends on the N-th GET of its Item (default 2). */
  pollsToSettle: number;
  /** …or this many real ms after it started, whichever comes first (default 1500; null = polls only). */
  settleAfterMs: number | null;
  /** Settle on a timer (so webhooks fire without polling) when settleAfterMs is set (default true). */
  background: boolean;
};

export type EngineOptions = {
  state: PluggyState;
  clock: ClockLike;
  realNow: () => number;
  dataSource: PluggyDataSource;
  dispatcher: WebhookDispatcher;
  timing: ExecutionTiming;
  historyDays: number;
  autoSyncHours: number;
  patchLimitPerMinute: number | null;
  mfaTimeoutMs: number;
  idNamespace: string;
  itemWebhookHeaders: Record<string, string>;
  /** Base URL for links in webhooks when no request told us one. */
  publicUrl: () => string;
  /** Called when an execution needs a timer to settle (delay in real ms). */
  schedule: (delayMs: number) => void;
};

export class EngineBase {
  state: PluggyState;
  dirty = false;

  constructor(protected readonly o: EngineOptions) {
    this.state = o.state;
  }

  // ---------------------------------------------------------------- basics

  /** True (once) when the state changed since the last call: the caller persists it. */
  takeDirty(): boolean {
    const d = this.dirty;
    this.dirty = false;
    return d;
  }

  touch(): void {
    this.dirty = true;
  }

  sandboxNowIso(): string {
    return new Date(this.o.clock.nowMs()).toISOString();
  }

  nextId(kind: string): string {
    this.state.counter += 1;
    this.touch();
    return deterministicUuid(this.o.idNamespace, kind, this.state.counter);
  }

  connectorHealth(connectorId: number): ConnectorHealthStatus {
    const override = this.state.connectorHealth[String(connectorId)];
    return override ?? findConnector(connectorId)?.health ?? "ONLINE";
  }

  wireConnector(connectorId: number) {
    const c = findConnector(connectorId);
    if (!c) return null;
    return toWireConnector(c, this.state.connectorHealth[String(connectorId)]);
  }

  toWireItem(item: ItemRecord): WireItem {
    const connector = this.wireConnector(item.connectorId);
    if (!connector) throw new Error(`connector ${item.connectorId} vanished`);
    return {
      id: item.id,
      connector,
      status: item.status,
      executionStatus: item.executionStatus,
      statusDetail: item.statusDetail,
      error: item.error,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      lastUpdatedAt: item.lastUpdatedAt,
      parameter: item.parameter,
      webhookUrl: item.webhookUrl,
      clientUserId: item.clientUserId,
      userAction: null,
      consecutiveFailedLoginAttempts: item.consecutiveFailedLoginAttempts,
      nextAutoSyncAt: item.nextAutoSyncAt,
      consentExpiresAt: consentExpiresAt(item),
      products: item.products,
    };
  }

  getItem(id: string): ItemRecord | undefined {
    return Object.prototype.hasOwnProperty.call(this.state.items, id) ? this.state.items[id] : undefined;
  }


  // ---------------------------------------------------------------- webhooks

  private targetsFor(event: string, clientId: string, itemWebhookUrl: string | null): WebhookTarget[] {
    return deliveryTargets(this.state, event, clientId, itemWebhookUrl ? { url: itemWebhookUrl, headers: this.o.itemWebhookHeaders } : null);
  }

  dispatch(clientId: string, itemWebhookUrl: string | null, payload: Record<string, unknown> & { event: string }, eventId?: string): string {
    const id = eventId ?? this.nextId("event");
    const full = { ...payload, eventId: id };
    this.o.dispatcher.dispatch(this.targetsFor(payload.event, clientId, itemWebhookUrl), full);
    return id;
  }

  emitItemEvent(item: ItemRecord, event: WebhookEventName, extra: Record<string, unknown>): string {
    return this.dispatch(item.clientId, item.webhookUrl, {
      event,
      id: item.id,
      itemId: item.id,
      clientId: item.clientId,
      clientUserId: item.clientUserId,
      ...extra,
    });
  }

  protected emitTransactionEvents(item: ItemRecord, result: IngestResult): void {
    for (const acc of result.accounts) {
      if (acc.created.length > 0) this.emitTransactionsCreated(item, acc.accountId, result.ingestedAt, acc.created.length);
      if (acc.updated.length > 0) this.emitTransactionIds(item, "transactions/updated", acc.accountId, acc.updated);
      if (acc.deleted.length > 0) this.emitTransactionIds(item, "transactions/deleted", acc.accountId, acc.deleted);
    }
  }

  emitTransactionsCreated(item: ItemRecord, accountId: string, createdAtFrom: string, count: number): string {
    const base = this.o.publicUrl();
    return this.dispatch(item.clientId, item.webhookUrl, {
      event: "transactions/created",
      id: item.id,
      itemId: item.id,
      accountId,
      clientId: item.clientId,
      clientUserId: item.clientUserId,
      transactionsCreatedAtFrom: createdAtFrom,
      transactionsCount: count,
      createdTransactionsLink: `${base}/transactions?accountId=${accountId}&createdAtFrom=${createdAtFrom}`,
      createdTransactionsLinkV2: `${base}/v2/transactions?accountId=${accountId}&createdAtFrom=${createdAtFrom}`,
    });
  }

  emitTransactionIds(item: ItemRecord, event: "transactions/updated" | "transactions/deleted", accountId: string, ids: string[]): string {
    return this.dispatch(item.clientId, item.webhookUrl, {
      event,
      id: item.id,
      itemId: item.id,
      accountId,
      clientId: item.clientId,
      clientUserId: item.clientUserId,
      transactionIds: ids,
    });
  }

  emitConnectorStatus(connectorId: number, status: ConnectorHealthStatus): string[] {
    const clients = new Set(Object.values(this.state.webhooks).map((w) => w.clientId));
    const ids: string[] = [];
    for (const clientId of clients) {
      ids.push(this.dispatch(clientId, null, { event: "connector/status_updated", id: String(connectorId), connectorId, data: { status } }));
    }
    return ids;
  }

  redeliver(eventId: string): DeliveryRecord[] {
    const records = this.o.dispatcher.log.filter((r) => r.eventId === eventId);
    const first = records[0];
    if (!first) return [];
    const urls = new Set(records.map((r) => r.url));
    const payload = first.payload as Record<string, unknown> & { event: string; eventId: string };
    const targets: WebhookTarget[] = [];
    // Current subscription headers (a rotated secret is sent as it is now); events without a
    // client (connector/status_updated) match the subscriptions of any client.
    const clientId = typeof payload.clientId === "string" ? payload.clientId : null;
    const item = typeof payload.itemId === "string" && Object.prototype.hasOwnProperty.call(this.state.items, payload.itemId) ? this.state.items[payload.itemId] : undefined;
    const itemTarget = item?.webhookUrl ? { url: item.webhookUrl, headers: this.o.itemWebhookHeaders } : null;
    const current = deliveryTargets(this.state, payload.event, clientId, itemTarget);
    for (const url of urls) {
      const match = current.find((t) => t.url === url);
      targets.push(match ?? { url, headers: { ...this.o.itemWebhookHeaders } });
    }
    this.o.dispatcher.dispatch(targets, payload);
    return this.o.dispatcher.log.filter((r) => r.eventId === eventId);
  }
}
