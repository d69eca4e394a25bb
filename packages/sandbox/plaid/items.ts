/** Item and account endpoints: /accounts/get, /item/get, /item/remove, /item/webhook/update. */
import { getInstitution } from "@bank-connections/sandbox/data/institutions";
import { balancesAt } from "@bank-connections/sandbox/data/view";
import { type HandlerCtx, queueWebhook, requireItem } from "./context";
import { PlaidApiError } from "./errors";
import { newAccessToken } from "./ids";
import { accessTokenSchema, accountsGetSchema, itemRemoveSchema, itemWebhookUpdateSchema, parseBody } from "./schemas";
import type { PlaidItemRecord } from "./state";
import { itemData, sharedAccountIds } from "./sync";
import { plaidDateTime, toPlaidAccount, toPlaidItem } from "./transform";

export function accountsFor(ctx: HandlerCtx, item: PlaidItemRecord, only?: string[]) {
  const data = itemData(item, ctx.state.seed, ctx.clock);
  const shared = new Set(sharedAccountIds(item, data));
  if (only) {
    const unknown = only.filter((id) => !shared.has(id));
    if (unknown.length > 0) throw new PlaidApiError("INVALID_FIELD", `options.account_ids contains unknown ids: ${unknown.join(", ")}`);
  }
  const balances = balancesAt(data, ctx.clock.nowMs);
  return data.accounts
    .filter((a) => shared.has(a.accountId) && (!only || only.includes(a.accountId)))
    .map((a) => toPlaidAccount(a, balances.get(a.accountId), ctx.clock.nowMs));
}

function itemBody(item: PlaidItemRecord) {
  return toPlaidItem(item, getInstitution(item.institutionId));
}

export function accountsGet(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(accountsGetSchema, raw);
  const item = requireItem(ctx, body.access_token);
  return { accounts: accountsFor(ctx, item, body.options?.account_ids), item: itemBody(item) };
}

export function itemGet(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(accessTokenSchema, raw);
  // Returns 200 with `item.error` set when the item needs attention.
  const item = requireItem(ctx, body.access_token, { allowError: true });
  return {
    item: { ...itemBody(item), created_at: plaidDateTime(item.createdAtMs) },
    status: {
      transactions: {
        last_successful_update: item.lastSuccessfulUpdateMs === null ? null : plaidDateTime(item.lastSuccessfulUpdateMs),
        last_failed_update: item.lastFailedUpdateMs === null ? null : plaidDateTime(item.lastFailedUpdateMs),
      },
      last_webhook: item.lastWebhook ? { sent_at: item.lastWebhook.sentAt, code_sent: item.lastWebhook.code } : null,
    },
  };
}

export function itemRemove(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(itemRemoveSchema, raw);
  const item = requireItem(ctx, body.access_token, { allowError: true });
  removeItem(ctx, item);
  return {};
}

export function removeItem(ctx: Pick<HandlerCtx, "state">, item: PlaidItemRecord): void {
  const s = ctx.state;
  delete s.items[item.itemId];
  for (const [token, itemId] of Object.entries(s.accessTokens)) if (itemId === item.itemId) delete s.accessTokens[token];
  for (const [token, rec] of Object.entries(s.publicTokens)) if (rec.itemId === item.itemId) delete s.publicTokens[token];
  for (const [token, rec] of Object.entries(s.linkTokens)) if (rec.accessToken === item.accessToken) delete s.linkTokens[token];
  for (const [id, rec] of Object.entries(s.linkSessions)) if (rec.itemId === item.itemId) delete s.linkSessions[id];
}

export function itemWebhookUpdate(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(itemWebhookUpdateSchema, raw);
  const item = requireItem(ctx, body.access_token, { allowError: true });
  item.webhook = body.webhook ?? null;
  if (item.webhook) queueWebhook(ctx, item, "ITEM", "WEBHOOK_UPDATE_ACKNOWLEDGED", { new_webhook_url: item.webhook, error: null });
  return { item: itemBody(item) };
}

/** A new access token for the item; the old one stops working at once (update-mode link tokens follow). */
export function itemAccessTokenInvalidate(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(accessTokenSchema, raw);
  const item = requireItem(ctx, body.access_token, { allowError: true });
  const old = item.accessToken;
  const next = newAccessToken();
  delete ctx.state.accessTokens[old];
  ctx.state.accessTokens[next] = item.itemId;
  item.accessToken = next;
  for (const rec of Object.values(ctx.state.linkTokens)) if (rec.accessToken === old) rec.accessToken = next;
  return { new_access_token: next };
}
