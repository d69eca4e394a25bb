import { createHash } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { encodeMessage } from "@/lib/i18n/stored";
import { msg } from "@/lib/i18n/translate";
import { toProviderError } from "@/lib/providers/plaid/errors";
import type { RequestSync } from "@/lib/sync/request";
import { itemRef } from "@/lib/ids";
import { handleOnce } from "./events";

/**
 * What a verified Plaid webhook changes on a connection. Only the item id is taken from the body to
 * find the connection; transactions are fetched by the sync engine, never read from the body.
 */
export const plaidWebhookSchema = z.object({
  webhook_type: z.string().min(1).max(100),
  webhook_code: z.string().min(1).max(100),
  item_id: z.string().min(1).max(200).optional(),
  error: z
    .object({ error_type: z.string(), error_code: z.string(), error_message: z.string().nullish(), display_message: z.string().nullish() })
    .nullish(),
  consent_expiration_time: z.string().nullish(),
  disconnect_time: z.string().nullish(),
});
export type PlaidWebhook = z.infer<typeof plaidWebhookSchema>;

export type WebhookOutcome = {
  handled: boolean;
  /** Recorded on the WebhookEvent: what the delivery led to. */
  outcome: string;
  connectionId?: string;
  change?: string;
};

/** TRANSACTIONS codes that mean "there is something new to fetch". */
const SYNC_CODES = new Set(["SYNC_UPDATES_AVAILABLE", "DEFAULT_UPDATE", "INITIAL_UPDATE", "HISTORICAL_UPDATE", "TRANSACTIONS_REMOVED"]);

export function consentWarning(at: Date): string {
  return encodeMessage(msg("connectionNotes.consentWarning", { date: { date: at.toISOString().slice(0, 10) } }));
}

function parseTime(v: string | null | undefined): Date | null {
  if (!v) return null;
  const at = new Date(v);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** What a Plaid webhook handler is given: the database and the way to ask for a sync. */
export type PlaidWebhookDeps = { db: PrismaClient; requestSync: RequestSync };

export async function applyPlaidWebhook({ db, requestSync }: PlaidWebhookDeps, event: PlaidWebhook): Promise<WebhookOutcome> {
  if (!event.item_id) return { handled: false, outcome: "no_item" };
  const connection = await db.connection.findUnique({
    where: { provider_itemRef: { provider: "PLAID", itemRef: itemRef("PLAID", event.item_id) } },
    select: { id: true, secret: true, status: true },
  });
  // Plaid retries anything but a 2xx for a day: an item we do not hold is answered, not refused.
  if (!connection) return { handled: false, outcome: "unknown_item" };
  const connectionId = connection.id;
  if (!connection.secret || connection.status === "DISCONNECTED") return { handled: false, outcome: "disconnected", connectionId };
  const where = { id: connectionId };

  if (event.webhook_type === "TRANSACTIONS" && SYNC_CODES.has(event.webhook_code)) {
    await requestSync(connectionId, "webhook");
    return { handled: true, outcome: "sync_queued", connectionId, change: "SYNC_QUEUED" };
  }
  if (event.webhook_type === "ITEM") {
    switch (event.webhook_code) {
      case "ERROR": {
        if (!event.error) return { handled: false, outcome: "ignored", connectionId };
        const typed = toProviderError({ response: { status: 400, data: event.error } });
        const status = typed.kind === "REAUTH_REQUIRED" ? "LOGIN_REQUIRED" : "ERROR";
        await db.connection.update({ where, data: { status, errorCode: event.error.error_code, errorMessage: event.error.display_message ?? event.error.error_message ?? null } });
        return { handled: true, outcome: status === "LOGIN_REQUIRED" ? "login_required" : "error", connectionId, change: status };
      }
      case "LOGIN_REPAIRED":
        // Only a broken connection is repaired here; a running sync keeps its own status.
        await db.connection.updateMany({ where: { ...where, status: { in: ["LOGIN_REQUIRED", "ERROR"] } }, data: { status: "CONNECTED", errorCode: null, errorMessage: null } });
        await requestSync(connectionId, "webhook");
        return { handled: true, outcome: "connected", connectionId, change: "CONNECTED" };
      case "PENDING_EXPIRATION":
      case "PENDING_DISCONNECT": {
        const at = parseTime(event.consent_expiration_time) ?? parseTime(event.disconnect_time);
        if (!at) return { handled: false, outcome: "ignored", connectionId };
        await db.connection.update({ where, data: { consentExpiresAt: at, warningMessage: consentWarning(at) } });
        return { handled: true, outcome: "consent_warning", connectionId, change: "CONSENT_EXPIRY" };
      }
      case "NEW_ACCOUNTS_AVAILABLE":
        // Plaid shares new accounts only after update mode with account selection: the owner is asked to add them.
        await db.connection.update({ where, data: { newAccountsAt: new Date() } });
        return { handled: true, outcome: "new_accounts", connectionId, change: "NEW_ACCOUNTS" };
      case "USER_PERMISSION_REVOKED":
      case "USER_ACCOUNT_REVOKED":
        await db.connection.update({ where, data: { status: "LOGIN_REQUIRED", errorCode: event.webhook_code, errorMessage: encodeMessage(msg("connectionNotes.revoked")) } });
        return { handled: true, outcome: "login_required", connectionId, change: "LOGIN_REQUIRED" };
    }
  }
  return { handled: false, outcome: "ignored", connectionId };
}

/** What verification established about a delivery (lib/providers/plaid/webhook-verify.ts). */
export type VerifiedPlaidDelivery = { kid: string; iat: number; bodySha256: string };

/**
 * The dedupe key of a delivery: the SHA-256 of what its signature SIGNS — the key id, the issue
 * time and the body's hash — never of the signature's bytes. An ECDSA signature has more than one
 * encoding that verifies (s or n−s; the unused low bits of the last base64url character, both
 * accepted by jose), so a key over the raw JWT let a re-encoded copy pass as new within the
 * 5-minute window. Plaid signs every delivery, retries included, anew (a new iat), so a retry is
 * still new. Never stored in clear.
 */
export function plaidDedupeKey(d: VerifiedPlaidDelivery): string {
  return createHash("sha256").update(JSON.stringify(["plaid-webhook", d.kid, d.iat, d.bodySha256.toLowerCase()])).digest("hex");
}

/**
 * A verified delivery, handled once: the same signed content again — however its signature is
 * encoded — is a replay and changes nothing.
 */
export async function receivePlaidWebhook(deps: PlaidWebhookDeps, args: { verified: VerifiedPlaidDelivery; event: PlaidWebhook }): Promise<{ replay: true } | ({ replay: false } & WebhookOutcome)> {
  const claim = { provider: "PLAID" as const, dedupeKey: plaidDedupeKey(args.verified), type: `${args.event.webhook_type}/${args.event.webhook_code}` };
  const outcome = await handleOnce(deps.db, claim, () => applyPlaidWebhook(deps, args.event));
  return outcome ? { replay: false, ...outcome } : { replay: true };
}
