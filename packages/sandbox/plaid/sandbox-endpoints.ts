/** /sandbox/item/fire_webhook, /sandbox/item/reset_login and /webhook_verification_key/get. */
import { DAY_MS } from "@bank-connections/sandbox/data/dates";
import { toPlaidJwk } from "@bank-connections/sandbox/core/webhook-signing";
import { type HandlerCtx, queueWebhook, requireItem, setItemError } from "./context";
import { PlaidApiError, plaidErrorObject } from "./errors";
import { accessTokenSchema, parseBody, sandboxFireWebhookSchema, webhookKeyGetSchema } from "./schemas";
import type { PlaidItemRecord } from "./state";
import { itemData, sharedAccountIds } from "./sync";
import { syncUpdatesPayload } from "./transactions";
import { plaidDateTime } from "./transform";

/** Webhook codes the sandbox can send, with their type and payload. */
export type FireableWebhookCode =
  | "SYNC_UPDATES_AVAILABLE"
  | "DEFAULT_UPDATE"
  | "NEW_ACCOUNTS_AVAILABLE"
  | "USER_PERMISSION_REVOKED"
  | "USER_ACCOUNT_REVOKED"
  | "PENDING_DISCONNECT"
  | "PENDING_EXPIRATION"
  | "LOGIN_REPAIRED"
  | "ERROR"
  | "WEBHOOK_UPDATE_ACKNOWLEDGED";

export const FIREABLE_CODES: readonly FireableWebhookCode[] = [
  "SYNC_UPDATES_AVAILABLE",
  "DEFAULT_UPDATE",
  "NEW_ACCOUNTS_AVAILABLE",
  "USER_PERMISSION_REVOKED",
  "USER_ACCOUNT_REVOKED",
  "PENDING_DISCONNECT",
  "PENDING_EXPIRATION",
  "LOGIN_REPAIRED",
  "ERROR",
  "WEBHOOK_UPDATE_ACKNOWLEDGED",
];

/**
 * Queues one webhook for an item. `ERROR` here is ITEM/ERROR carrying the item's current error
 * (or ITEM_LOGIN_REQUIRED); it does not change the item (use setItemLoginRequired for that).
 */
export function queueItemWebhook(ctx: HandlerCtx, item: PlaidItemRecord, code: FireableWebhookCode): boolean {
  const now = ctx.clock.nowMs;
  switch (code) {
    case "SYNC_UPDATES_AVAILABLE":
      return queueWebhook(ctx, item, "TRANSACTIONS", code, syncUpdatesPayload(item));
    case "DEFAULT_UPDATE":
      return queueWebhook(ctx, item, "TRANSACTIONS", code, { new_transactions: 0, error: null });
    case "NEW_ACCOUNTS_AVAILABLE":
      return queueWebhook(ctx, item, "ITEM", code, { error: null });
    case "USER_PERMISSION_REVOKED":
      return queueWebhook(ctx, item, "ITEM", code, { error: plaidErrorObject("USER_PERMISSION_REVOKED", ctx.requestId) });
    case "USER_ACCOUNT_REVOKED": {
      const data = itemData(item, ctx.state.seed, ctx.clock);
      return queueWebhook(ctx, item, "ITEM", code, { account_id: sharedAccountIds(item, data)[0] ?? null });
    }
    case "PENDING_DISCONNECT":
      return queueWebhook(ctx, item, "ITEM", code, { reason: "INSTITUTION_TOKEN_EXPIRATION", disconnect_time: plaidDateTime(now + 7 * DAY_MS) });
    case "PENDING_EXPIRATION":
      return queueWebhook(ctx, item, "ITEM", code, { consent_expiration_time: plaidDateTime(item.consentExpiresAtMs ?? now + 7 * DAY_MS) });
    case "LOGIN_REPAIRED":
      return queueWebhook(ctx, item, "ITEM", code);
    case "ERROR":
      return queueWebhook(ctx, item, "ITEM", code, { error: item.error ?? plaidErrorObject("ITEM_LOGIN_REQUIRED", ctx.requestId) });
    case "WEBHOOK_UPDATE_ACKNOWLEDGED":
      return queueWebhook(ctx, item, "ITEM", code, { new_webhook_url: item.webhook, error: null });
  }
}

const TYPE_OF: Record<string, string> = {
  SYNC_UPDATES_AVAILABLE: "TRANSACTIONS",
  DEFAULT_UPDATE: "TRANSACTIONS",
  NEW_ACCOUNTS_AVAILABLE: "ITEM",
  USER_PERMISSION_REVOKED: "ITEM",
  USER_ACCOUNT_REVOKED: "ITEM",
  PENDING_DISCONNECT: "ITEM",
  LOGIN_REPAIRED: "ITEM",
};

export function sandboxItemFireWebhook(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(sandboxFireWebhookSchema, raw);
  const item = requireItem(ctx, body.access_token, { allowError: true });
  const type = TYPE_OF[body.webhook_code];
  // Assets/Auth/Recurring codes need products the sandbox items do not have.
  if (!type || (body.webhook_type !== undefined && body.webhook_type !== type)) {
    throw new PlaidApiError("SANDBOX_PRODUCT_NOT_ENABLED", `the ${body.webhook_type ?? type ?? "requested"} product is not enabled for this item (webhook_code ${body.webhook_code})`);
  }
  if (type === "TRANSACTIONS" && !item.products.includes("transactions")) throw new PlaidApiError("SANDBOX_PRODUCT_NOT_ENABLED");
  if (!item.webhook) throw new PlaidApiError("SANDBOX_WEBHOOK_INVALID");
  queueItemWebhook(ctx, item, body.webhook_code as FireableWebhookCode);
  return { webhook_fired: true };
}

export function sandboxItemResetLogin(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(accessTokenSchema, raw);
  const item = requireItem(ctx, body.access_token, { allowError: true });
  setItemError(ctx, item, "ITEM_LOGIN_REQUIRED");
  return { reset_login: true };
}

export function webhookVerificationKeyGet(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(webhookKeyGetSchema, raw);
  const key = ctx.state.webhookKeys.find((k) => k.kid === body.key_id);
  if (!key) throw new PlaidApiError("INVALID_WEBHOOK_VERIFICATION_KEY_ID");
  return { key: toPlaidJwk(key) };
}
