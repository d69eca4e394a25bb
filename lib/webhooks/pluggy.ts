import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDays, isoDay } from "@/lib/dates";
import { encodeMessage } from "@/lib/i18n/stored";
import { msg } from "@/lib/i18n/translate";
import { isProviderError } from "@/lib/providers/errors";
import type { BankProvider, ItemState } from "@/lib/providers/types";
import type { RequestSync } from "@/lib/sync/request";
import { itemRef } from "@/lib/ids";
import { connectionSecret } from "@/lib/connections/service";
import { noteNewAccounts, recordConsentExpiry } from "@/lib/connections/provider-accounts";
import { handleOnce } from "./events";

/**
 * Pluggy webhooks. The body only says which item and what kind of change: the item's state is
 * fetched again from Pluggy, and transactions are fetched by the sync engine, never read from here.
 */

const id = z.string().trim().min(1).max(200);

export const pluggyWebhookSchema = z
  .object({
    event: z.string().trim().min(1).max(100),
    eventId: id,
    itemId: id.optional(),
    accountId: id.nullish(),
    transactionIds: z.array(id).max(10_000).nullish(),
    triggeredBy: z.string().max(50).nullish(),
    error: z.object({ code: z.string().max(200), message: z.string().max(2000).nullish() }).nullish(),
    clientId: z.string().max(200).nullish(),
    clientUserId: z.string().max(255).nullish(),
  })
  .superRefine((b, ctx) => {
    if ((b.event.startsWith("item/") || b.event.startsWith("transactions/")) && !b.itemId) {
      ctx.addIssue({ code: "custom", path: ["itemId"], message: `${b.event} needs an itemId` });
    }
  });
export type PluggyWebhook = z.infer<typeof pluggyWebhookSchema>;

export type PluggyWebhookOutcome = { handled: boolean; outcome: string; connectionId?: string };

/** Constant-time comparison of the X-Webhook-Secret header with the configured secret. */
export function pluggySecretMatches(header: string | null | undefined, secret: string | undefined): boolean {
  if (!secret || !header) return false;
  const digest = (v: string) => createHash("sha256").update(v, "utf8").digest();
  return timingSafeEqual(digest(header), digest(secret));
}

export const DELETED_AT_PLUGGY = encodeMessage(msg("connectionNotes.deletedAtPluggy"));
const LOGIN_MESSAGE = encodeMessage(msg("connectionNotes.loginRejected"));
const ERROR_MESSAGE = encodeMessage(msg("connectionNotes.updateFailed"));
/** Execution errors that pass by themselves (the bank's site is down): retried later, the connection stays healthy. */
const TRANSIENT = new Set(["SITE_NOT_AVAILABLE", "CONNECTION_ERROR"]);
/** How long the item's state may take to fetch: Pluggy counts a slow answer as a failed delivery. */
const ITEM_FETCH_TIMEOUT_MS = 4_000;
const RECONCILE_DEFAULT_DAYS = 90;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

type Conn = { id: string; secret: string | null; status: string };

/** What a Pluggy webhook handler is given: the database, the Pluggy provider, the way to ask for a sync, and the time. */
export type PluggyWebhookDeps = { db: PrismaClient; provider: BankProvider; requestSync: RequestSync; now(): Date };

async function applyItemState({ db, provider, requestSync }: PluggyWebhookDeps, c: Conn, state: ItemState, secret: string): Promise<PluggyWebhookOutcome> {
  const connectionId = c.id;
  // The item's consent, as Pluggy dates it (Open Finance consents have no fixed length).
  await recordConsentExpiry(db, c.id, state);
  switch (state.status) {
    case "OK":
      // An item that gained accounts at the bank: the owner is asked to add them (update mode).
      await withTimeout(provider.getAccounts(secret), ITEM_FETCH_TIMEOUT_MS)
        .then((accounts) => noteNewAccounts(db, c.id, accounts))
        .catch(() => false);
      // Only a broken connection is repaired here; a running sync keeps its own status.
      await db.connection.updateMany({ where: { id: c.id, status: { in: ["LOGIN_REQUIRED", "ERROR"] } }, data: { status: "CONNECTED", errorCode: null, errorMessage: null } });
      await requestSync(c.id, "webhook");
      return { handled: true, outcome: "sync_queued", connectionId };
    case "UPDATING":
      // Pluggy is collecting: its item/updated follows.
      return { handled: true, outcome: "item_updating", connectionId };
    case "LOGIN_REQUIRED":
      await db.connection.update({ where: { id: c.id }, data: { status: "LOGIN_REQUIRED", errorCode: state.errorCode, errorMessage: state.errorMessage ?? LOGIN_MESSAGE } });
      return { handled: true, outcome: "login_required", connectionId };
    case "ERROR":
      if (state.errorCode && TRANSIENT.has(state.errorCode)) return { handled: true, outcome: "institution_unavailable", connectionId };
      await db.connection.update({ where: { id: c.id }, data: { status: "ERROR", errorCode: state.errorCode, errorMessage: state.errorMessage ?? ERROR_MESSAGE } });
      return { handled: true, outcome: "error", connectionId };
  }
}

async function applyItemEvent(deps: PluggyWebhookDeps, c: Conn): Promise<PluggyWebhookOutcome> {
  const { db, provider, requestSync } = deps;
  const secret = connectionSecret(c);
  let state: ItemState;
  try {
    state = await withTimeout(provider.getItemState(secret), ITEM_FETCH_TIMEOUT_MS);
  } catch (err) {
    if (isProviderError(err) && err.kind === "ITEM_NOT_FOUND") {
      await db.connection.update({ where: { id: c.id }, data: { status: "ERROR", errorCode: "ITEM_DELETED", errorMessage: DELETED_AT_PLUGGY } });
      return { handled: true, outcome: "item_deleted", connectionId: c.id };
    }
    // Pluggy did not answer: the sync finds out (and records) the item's state itself.
    await requestSync(c.id, "webhook");
    return { handled: true, outcome: "state_unavailable_sync_queued", connectionId: c.id };
  }
  return applyItemState(deps, c, state, secret);
}

/** Where a sync must look again after deletions: the earliest stored date among them, else 90 days back. */
export async function reconcileFromFor(db: PrismaClient, connectionId: string, transactionIds: readonly string[], now: Date): Promise<string> {
  if (transactionIds.length > 0) {
    const found = await db.bankTransaction.aggregate({ where: { connectionId, providerTransactionId: { in: [...transactionIds] } }, _min: { date: true } });
    if (found._min.date) return isoDay(found._min.date);
  }
  return isoDay(addDays(now, -RECONCILE_DEFAULT_DAYS));
}

export async function applyPluggyWebhook(deps: PluggyWebhookDeps, event: PluggyWebhook): Promise<PluggyWebhookOutcome> {
  const { db, requestSync } = deps;
  if (!event.itemId) return { handled: false, outcome: "ignored" };
  const c = await db.connection.findUnique({
    where: { provider_itemRef: { provider: "PLUGGY", itemRef: itemRef("PLUGGY", event.itemId) } },
    select: { id: true, secret: true, status: true },
  });
  if (!c) return { handled: false, outcome: "unknown_item" };
  if (!c.secret || c.status === "DISCONNECTED") return { handled: false, outcome: "disconnected", connectionId: c.id };
  if (event.event.startsWith("item/")) return applyItemEvent(deps, c);
  switch (event.event) {
    case "transactions/created":
    case "transactions/updated":
      await requestSync(c.id, "webhook");
      return { handled: true, outcome: "sync_queued", connectionId: c.id };
    case "transactions/deleted":
      await requestSync(c.id, "webhook", { reconcileFrom: await reconcileFromFor(db, c.id, event.transactionIds ?? [], deps.now()) });
      return { handled: true, outcome: "sync_queued", connectionId: c.id };
  }
  return { handled: false, outcome: "ignored", connectionId: c.id };
}

/** A delivery handled once per eventId: a second copy (Pluggy retries, or sends twice) changes nothing. */
export async function receivePluggyWebhook(deps: PluggyWebhookDeps, event: PluggyWebhook): Promise<{ duplicate: true } | ({ duplicate: false } & PluggyWebhookOutcome)> {
  const claim = { provider: "PLUGGY" as const, dedupeKey: event.eventId, type: event.event };
  const outcome = await handleOnce(deps.db, claim, () => applyPluggyWebhook(deps, event));
  return outcome ? { duplicate: false, ...outcome } : { duplicate: true };
}
