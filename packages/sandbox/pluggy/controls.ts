/**
 * The Pluggy emulator's controls (tests, the sandbox page, the JSON control route): errors,
 * webhooks, the clock, automatic syncs, connector health and api keys. Each runs under the
 * emulator's lock and persists what it changed, like a request.
 */
import { changeConsent } from "./consents";
import type { ClockLike, PluggyEngine } from "./engine";
import type { FaultInjector } from "./faults";
import { addAccountToItem } from "./add-account";
import type { PluggyControls, RequestLogEntry } from "./sandbox-types";
import type { ItemRecord } from "./state";
import type { WebhookDispatcher } from "./webhooks";

export type ControlsEnv = {
  ready: Promise<PluggyEngine>;
  exclusive: <T>(fn: () => T | Promise<T>) => Promise<T>;
  persist: (e: PluggyEngine) => Promise<void>;
  clock: ClockLike & { advance?(days: number): number };
  faults: FaultInjector;
  dispatcher: WebhookDispatcher;
  log: RequestLogEntry[];
  setApiKeyTtl: (seconds: number) => void;
};

export function createPluggyControls(env: ControlsEnv): PluggyControls {
  const { ready, exclusive, persist, clock, faults, dispatcher, log } = env;

  function mustItem(engine: PluggyEngine, itemId: string): ItemRecord {
    const item = engine.getItem(itemId);
    if (!item) throw new Error(`unknown Pluggy sandbox item ${itemId}`);
    return item;
  }

  const withSave = <T>(fn: (engine: PluggyEngine) => T): Promise<T> =>
    exclusive(async () => {
      const e = await ready;
      try {
        return fn(e);
      } finally {
        await persist(e);
      }
    });

  return {
    setItemLoginError: (itemId, code) =>
      withSave((engine) => {
        const item = mustItem(engine, itemId);
        engine.setItemLoginError(item, code);
        return engine.toWireItem(item);
      }),
    setFaults: (config) => faults.set(config),
    getFaults: () => faults.get(),
    fireWebhook: (event, args = {}) =>
      withSave((engine) => {
        if (event === "connector/status_updated") {
          const connectorId = args.connectorId ?? 0;
          const ids = engine.emitConnectorStatus(connectorId, engine.connectorHealth(connectorId));
          return ids[0] ?? "";
        }
        if (!args.itemId) throw new Error(`${event} needs an itemId`);
        const item = mustItem(engine, args.itemId);
        const accountId = args.accountId ?? Object.values(engine.state.accounts).find((a) => a.itemId === item.id)?.id;
        if (event === "transactions/created") {
          if (!accountId) throw new Error("transactions/created needs an account");
          const rows = Object.values(engine.state.transactions).filter((t) => t.accountId === accountId);
          const from = item.lastUpdatedAt ?? engine.sandboxNowIso();
          const count = rows.filter((t) => t.createdAt >= from).length;
          return engine.emitTransactionsCreated(item, accountId, from, count);
        }
        if (event === "transactions/updated" || event === "transactions/deleted") {
          if (!accountId) throw new Error(`${event} needs an account`);
          return engine.emitTransactionIds(item, event, accountId, args.transactionIds ?? []);
        }
        const extra: Record<string, unknown> = { triggeredBy: args.triggeredBy ?? "SYNC" };
        if (event === "item/error") extra.error = args.error ?? item.error ?? { code: "INVALID_CREDENTIALS", message: "Invalid credentials." };
        return args.eventId
          ? engine.dispatch(item.clientId, item.webhookUrl, { event, id: item.id, itemId: item.id, clientId: item.clientId, clientUserId: item.clientUserId, ...extra }, args.eventId)
          : engine.emitItemEvent(item, event, extra);
      }),
    redeliverWebhook: (eventId) => withSave((engine) => engine.redeliver(eventId)),
    advanceClock: (days) =>
      withSave((engine) => {
        if (typeof clock.advance !== "function") throw new Error("this sandbox clock cannot advance (pass a SandboxClock)");
        clock.advance(days);
        engine.touch();
        engine.tick();
        return new Date(clock.nowMs()).toISOString();
      }),
    runAutoSync: (itemId) =>
      withSave((engine) => {
        const items = itemId ? [mustItem(engine, itemId)] : Object.values(engine.state.items);
        const started: string[] = [];
        for (const item of items) {
          if (item.execution || item.status === "LOGIN_ERROR" || !item.collected) continue;
          engine.startSync(item);
          if (item.execution) started.push(item.id);
        }
        return started;
      }),
    setConsent: (itemId, change) =>
      withSave((engine) => {
        const item = mustItem(engine, itemId);
        if (change.expiresAt && Number.isNaN(Date.parse(change.expiresAt))) throw new Error(`invalid consent expiry ${change.expiresAt}`);
        const ok = changeConsent(item, {
          ...(change.expiresAt !== undefined ? { expiresAt: change.expiresAt === null ? null : new Date(change.expiresAt).toISOString() } : {}),
          ...(change.revoked !== undefined ? { revokedAt: change.revoked ? engine.sandboxNowIso() : null } : {}),
        });
        if (!ok) throw new Error(`Pluggy sandbox item ${itemId} has no consent yet (it never connected)`);
        engine.touch();
        return engine.toWireItem(item);
      }),
    settleAll: () => withSave((engine) => engine.settleAll()),
    addAccount: (itemId) => withSave((engine) => addAccountToItem(engine, mustItem(engine, itemId))),
    setConnectorHealth: (connectorId, status) =>
      withSave((engine) => {
        engine.state.connectorHealth[String(connectorId)] = status;
        engine.touch();
        engine.emitConnectorStatus(connectorId, status);
      }),
    revokeApiKeys: () =>
      withSave((engine) => {
        engine.state.apiKeyEpoch += 1;
        engine.touch();
      }),
    setApiKeyTtl: (seconds) => {
      if (!Number.isFinite(seconds) || seconds < 1) throw new Error("api key TTL must be ≥ 1 second");
      env.setApiKeyTtl(Math.floor(seconds));
    },
    listItems: () => withSave((engine) => Object.values(engine.state.items).map((i) => engine.toWireItem(i))),
    deliveries: () => [...dispatcher.log],
    flushWebhooks: () => dispatcher.flush(),
    requestLog: () => [...log],
    clearRequestLog: () => {
      log.length = 0;
    },
  };
}
