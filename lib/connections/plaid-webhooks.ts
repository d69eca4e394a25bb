import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { toProviderError } from "@/lib/providers/plaid/errors";
import { itemRef } from "./secret";

/**
 * What a verified Plaid webhook changes on a connection. Only the item id is taken from the body to
 * find the connection; states that need fetching are fetched by the sync engine.
 */
export const plaidWebhookSchema = z.object({
  webhook_type: z.string().min(1),
  webhook_code: z.string().min(1),
  item_id: z.string().min(1).optional(),
  error: z
    .object({ error_type: z.string(), error_code: z.string(), error_message: z.string().optional(), display_message: z.string().nullish() })
    .nullish(),
  consent_expiration_time: z.string().nullish(),
});
export type PlaidWebhook = z.infer<typeof plaidWebhookSchema>;

export type WebhookOutcome = { handled: boolean; connectionId?: string; change?: string };

export async function applyPlaidWebhook(db: PrismaClient, event: PlaidWebhook): Promise<WebhookOutcome> {
  if (!event.item_id) return { handled: false };
  const connection = await db.connection.findUnique({ where: { provider_itemRef: { provider: "PLAID", itemRef: itemRef("PLAID", event.item_id) } }, select: { id: true } });
  if (!connection) return { handled: false };
  const where = { id: connection.id };
  if (event.webhook_type === "ITEM") {
    switch (event.webhook_code) {
      case "ERROR": {
        if (!event.error) return { handled: false, connectionId: connection.id };
        const typed = toProviderError({ response: { status: 400, data: event.error } });
        const status = typed.kind === "REAUTH_REQUIRED" ? "LOGIN_REQUIRED" : "ERROR";
        await db.connection.update({ where, data: { status, errorCode: event.error.error_code, errorMessage: event.error.display_message ?? event.error.error_message ?? null } });
        return { handled: true, connectionId: connection.id, change: status };
      }
      case "LOGIN_REPAIRED":
        await db.connection.update({ where, data: { status: "CONNECTED", errorCode: null, errorMessage: null } });
        return { handled: true, connectionId: connection.id, change: "CONNECTED" };
      case "PENDING_EXPIRATION":
      case "PENDING_DISCONNECT": {
        const at = event.consent_expiration_time ? new Date(event.consent_expiration_time) : null;
        if (at && !Number.isNaN(at.getTime())) await db.connection.update({ where, data: { consentExpiresAt: at } });
        return { handled: true, connectionId: connection.id, change: "CONSENT_EXPIRY" };
      }
      case "USER_PERMISSION_REVOKED":
      case "USER_ACCOUNT_REVOKED":
        await db.connection.update({ where, data: { status: "LOGIN_REQUIRED", errorCode: event.webhook_code, errorMessage: "Access to this bank was revoked at the bank or at Plaid." } });
        return { handled: true, connectionId: connection.id, change: "LOGIN_REQUIRED" };
    }
  }
  return { handled: false, connectionId: connection.id };
}
