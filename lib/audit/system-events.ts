import { itemRef } from "@/lib/connections/secret";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit } from "./record";

/**
 * Audit records the system writes on its own (no actor): sync failures and refused webhooks.
 * Neither may break what it records, so both swallow their own errors (logged in one line).
 */

/** Failure codes that are waiting, not failing: the provider is still collecting (retried in seconds). */
const NOT_A_FAILURE = new Set(["ITEM_UPDATING"]);

export type SyncFailureInput = {
  connectionId: string;
  institution: string;
  trigger: string;
  code: string;
  message: string;
  /** The status the failure put the connection in, if it changed it. */
  status: "LOGIN_REQUIRED" | "ERROR" | null;
};

export async function recordSyncFailure(db: PrismaClient, f: SyncFailureInput): Promise<void> {
  if (NOT_A_FAILURE.has(f.code)) return;
  try {
    await recordAudit(db, {
      action: "sync.failed",
      actorId: null,
      connectionId: f.connectionId,
      details: { system: true, institution: f.institution, trigger: f.trigger, code: f.code, message: f.message, status: f.status },
    });
  } catch (err) {
    console.error(`[audit] could not record a sync failure: ${err instanceof Error ? err.message.split("\n")[0] : "failed"}`);
  }
}

export type WebhookRejection = {
  provider: "PLAID" | "PLUGGY";
  /** missing_header, bad_signature, too_old, replayed, wrong_secret, … */
  reason: string;
  /** Only from a verified body (a replay): finds the connection. Never from an unverified one. */
  verifiedItemId?: string;
};

/**
 * Refused webhooks are recorded at most LIMIT per provider and minute per process, so that a flood of
 * forged requests cannot fill the table; the next record says how many were left out.
 */
const LIMIT = 30;
type Window = { start: number; count: number; skipped: number };
const windows = new Map<string, Window>();

export function rejectionBudget(provider: string, now = Date.now()): { record: boolean; skipped: number } {
  let w = windows.get(provider);
  if (!w || now - w.start >= 60_000) {
    const skipped = w?.skipped ?? 0;
    w = { start: now, count: 0, skipped };
    windows.set(provider, w);
  }
  if (w.count >= LIMIT) {
    w.skipped++;
    return { record: false, skipped: 0 };
  }
  w.count++;
  const skipped = w.skipped;
  w.skipped = 0;
  return { record: true, skipped };
}

/** For tests: forget the per-minute windows. */
export function resetRejectionBudget(): void {
  windows.clear();
}

/** `open` gives the database (the route's prisma()); it is not even opened past the per-minute budget. */
export async function recordWebhookRejection(open: () => Promise<PrismaClient>, r: WebhookRejection): Promise<void> {
  const budget = rejectionBudget(r.provider);
  if (!budget.record) return;
  try {
    const db = await open();
    let connection: { id: string; institutionName: string } | null = null;
    if (r.verifiedItemId) {
      connection = await db.connection.findUnique({
        where: { provider_itemRef: { provider: r.provider, itemRef: itemRef(r.provider, r.verifiedItemId) } },
        select: { id: true, institutionName: true },
      });
    }
    await recordAudit(db, {
      action: "webhook.rejected",
      actorId: null,
      bookId: null,
      connectionId: connection?.id ?? null,
      details: {
        system: true,
        provider: r.provider,
        reason: r.reason.slice(0, 60),
        institution: connection?.institutionName,
        skippedBefore: budget.skipped || undefined,
      },
    });
  } catch (err) {
    console.error(`[audit] could not record a refused webhook: ${err instanceof Error ? err.message.split("\n")[0] : "failed"}`);
  }
}
