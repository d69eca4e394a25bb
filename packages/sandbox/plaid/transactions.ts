/** /transactions/sync and /transactions/refresh. */
import { type HandlerCtx, decideFault, queueWebhook, requireItem } from "./context";
import { accessTokenSchema, parseBody, transactionsSyncSchema } from "./schemas";
import type { PlaidItemRecord } from "./state";
import { currentPos, hasChanges, itemData, syncPage } from "./sync";

export function syncUpdatesPayload(item: PlaidItemRecord): Record<string, unknown> {
  return { initial_update_complete: item.phase !== "NOT_READY", historical_update_complete: item.phase === "HISTORICAL" };
}

export function transactionsSync(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(transactionsSyncSchema, raw);
  const item = requireItem(ctx, body.access_token);
  if (!item.products.includes("transactions")) {
    // Calling /transactions/sync adds Transactions to an item that lacks it (Plaid does so, and
    // then reports NOT_READY until the first extraction finished).
    item.products = [...item.products, "transactions"];
    item.phase = "NOT_READY";
  }
  item.syncCalled = true;
  const result = syncPage(item, ctx.state.seed, ctx.clock, {
    cursor: body.cursor ?? undefined,
    count: body.count ?? 100,
    accountId: body.options?.account_id,
    includeOriginalDescription: body.options?.include_original_description ?? false,
    forceMutation: () => decideFault(ctx.state, "syncMutation", ctx.path),
  });
  item.lastSuccessfulUpdateMs = ctx.clock.nowMs;
  if (item.phase === "NOT_READY") {
    // The extraction "finishes" right after this call: the last 30 days become available.
    item.phase = ctx.state.readiness === "staged" ? "INITIAL" : "HISTORICAL";
    queueWebhook(ctx, item, "TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", syncUpdatesPayload(item));
  } else if (result.finalPos) {
    item.lastFinalPos = result.finalPos;
    if (item.phase === "INITIAL") {
      item.phase = "HISTORICAL";
      queueWebhook(ctx, item, "TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", syncUpdatesPayload(item));
    }
  }
  return result.body;
}

export function transactionsRefresh(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(accessTokenSchema, raw);
  const item = requireItem(ctx, body.access_token);
  item.lastSuccessfulUpdateMs = ctx.clock.nowMs;
  if (item.syncCalled && item.phase !== "NOT_READY") {
    const now = currentPos(item, itemData(item, ctx.state.seed, ctx.clock), ctx.clock.nowMs);
    if (hasChanges(item, ctx.state.seed, ctx.clock, item.lastFinalPos, now)) {
      queueWebhook(ctx, item, "TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", syncUpdatesPayload(item));
    }
  }
  return {};
}
