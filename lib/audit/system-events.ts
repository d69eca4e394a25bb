import { createHash } from "node:crypto";
import { getConfig } from "@/lib/config";
import { itemRef } from "@/lib/ids";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { clientIp } from "@/lib/security/client-ip";
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
  /** Who sent it (the client IP): only hashed into the in-memory rate key, never stored. */
  source?: string | null;
};

/**
 * Refused webhooks are recorded at most PER_SOURCE per sender, provider and reason, and at most
 * PER_PROVIDER per provider, per minute and process: a flood of forged requests — from one address
 * or from many — cannot fill the table. The next record says how many were left out.
 */
export const REJECTION_LIMITS = { perSource: 5, perProvider: 30, windowMs: 60_000 } as const;
const MAX_TRACKED_SOURCES = 5_000;
type Window = { start: number; count: number; skipped: number };
const windows = new Map<string, Window>();

function windowFor(key: string, now: number): Window {
  let w = windows.get(key);
  if (!w || now - w.start >= REJECTION_LIMITS.windowMs) {
    w = { start: now, count: 0, skipped: w?.skipped ?? 0 };
    windows.set(key, w);
  }
  return w;
}

function forgetOldWindows(now: number): void {
  if (windows.size <= MAX_TRACKED_SOURCES) return;
  for (const [key, w] of windows) if (now - w.start >= REJECTION_LIMITS.windowMs) windows.delete(key);
  // Still too many live senders: the per-provider cap holds anyway, so start the per-source count over.
  if (windows.size > MAX_TRACKED_SOURCES) for (const key of windows.keys()) if (key.includes("|")) windows.delete(key);
}

const sourceKey = (provider: string, reason: string, source: string | null | undefined) =>
  `${provider}|${reason}|${createHash("sha256").update(source || "unknown").digest("base64url").slice(0, 16)}`;

export function rejectionBudget(provider: string, now = Date.now(), reason = "", source?: string | null): { record: boolean; skipped: number } {
  forgetOldWindows(now);
  const perProvider = windowFor(provider, now);
  const perSource = windowFor(sourceKey(provider, reason, source), now);
  if (perProvider.count >= REJECTION_LIMITS.perProvider || perSource.count >= REJECTION_LIMITS.perSource) {
    perProvider.skipped++;
    return { record: false, skipped: 0 };
  }
  perProvider.count++;
  perSource.count++;
  const skipped = perProvider.skipped;
  perProvider.skipped = 0;
  return { record: true, skipped };
}

/** For tests: forget the per-minute windows. */
export function resetRejectionBudget(): void {
  windows.clear();
}

/** The sender of a request, for the rate key only: the same rule as the rate limits (TRUST_PROXY). */
export function requestSource(headers: Headers): string | null {
  const ip = clientIp(headers, getConfig().trustProxy);
  return ip === "unknown" ? null : ip;
}

/** `open` gives the database (the route's prisma()); it is not even opened past the per-minute budget. */
export async function recordWebhookRejection(open: () => Promise<PrismaClient>, r: WebhookRejection): Promise<void> {
  const reason = r.reason.slice(0, 60);
  const budget = rejectionBudget(r.provider, Date.now(), reason, r.source);
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
        reason,
        institution: connection?.institutionName,
        skippedBefore: budget.skipped || undefined,
      },
    });
  } catch (err) {
    console.error(`[audit] could not record a refused webhook: ${err instanceof Error ? err.message.split("\n")[0] : "failed"}`);
  }
}
