import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDays } from "@/lib/dates";
import type { ProviderName } from "@/lib/providers/types";

/**
 * Webhook deliveries seen (WebhookEvent), to refuse replays and ignore duplicate deliveries.
 * A delivery is claimed before anything changes (unique per provider + dedupe key, so two copies
 * arriving at once cannot both pass), settled with its outcome afterwards, and released when its
 * handling failed, so that the provider's retry is handled rather than taken for a duplicate.
 */

export type WebhookClaim = { provider: ProviderName; dedupeKey: string; type: string };

/** True when this delivery is new; false when the same key was seen before. */
export async function claimWebhookEvent(db: PrismaClient, claim: WebhookClaim): Promise<boolean> {
  const { count } = await db.webhookEvent.createMany({
    data: [{ provider: claim.provider, dedupeKey: claim.dedupeKey, type: claim.type.slice(0, 100), outcome: "processing" }],
    skipDuplicates: true,
  });
  return count === 1;
}

export async function settleWebhookEvent(db: PrismaClient, claim: WebhookClaim, result: { outcome: string; connectionId?: string | null }): Promise<void> {
  await db.webhookEvent.update({
    where: { provider_dedupeKey: { provider: claim.provider, dedupeKey: claim.dedupeKey } },
    data: { outcome: result.outcome.slice(0, 100), connectionId: result.connectionId ?? null },
  });
}

export async function releaseWebhookEvent(db: PrismaClient, claim: WebhookClaim): Promise<void> {
  await db.webhookEvent.deleteMany({ where: { provider: claim.provider, dedupeKey: claim.dedupeKey } });
}

/**
 * Claims, runs `handle`, records its outcome. Null: a duplicate (nothing ran). A failing `handle`
 * releases the claim and rethrows.
 */
export async function handleOnce<T extends { outcome: string; connectionId?: string | null }>(
  db: PrismaClient,
  claim: WebhookClaim,
  handle: () => Promise<T>,
): Promise<T | null> {
  if (!(await claimWebhookEvent(db, claim))) return null;
  let result: T;
  try {
    result = await handle();
  } catch (err) {
    await releaseWebhookEvent(db, claim).catch(() => {});
    throw err;
  }
  await settleWebhookEvent(db, claim, result);
  return result;
}

/** Forgets deliveries older than `days` (a replay that old fails verification or is long handled). For the schedule's housekeeping. */
export async function pruneWebhookEvents(db: PrismaClient, days = 30, now = new Date()): Promise<number> {
  const { count } = await db.webhookEvent.deleteMany({ where: { receivedAt: { lt: addDays(now, -days) } } });
  return count;
}
