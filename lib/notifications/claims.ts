import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";

/**
 * One notification e-mail, claimed before it is sent (table notification_sends, unique per
 * connection, problem, recipient and epoch), so that ticks of several app instances or workers on
 * one database never both send it:
 *
 *   claim (INSERT … ON CONFLICT DO UPDATE … WHERE): one caller gets the row as SENDING; every
 *   other sees SENDING or SENT and skips. The update re-claims only a FAILED send (a later tick
 *   retries it) or a SENDING one whose claimer went silent for STALE_CLAIM_MS (it died mid-send:
 *   never lose a notification; this is the one case where a person may get it twice).
 *   sent → SENT (with the audit record, in one transaction); failed → FAILED.
 *
 * The epoch is what makes a problem news again: a Reconnect problem follows the connection's
 * lastSyncedAt (a successful sync in between starts it over); a consent warning's key already
 * carries its date, so its epoch is "".
 */
export type NotificationClaim = { connectionId: string; problem: string; recipientId: string; epoch: string };

/** Longer than any send may take (the SMTP transport's timeouts, lib/notifications/mailer.ts). */
export const STALE_CLAIM_MS = 10 * 60_000;

/** The claim's id when this caller now holds the send; null when another has it or sent it. */
export async function claimNotification(db: PrismaClient, c: NotificationClaim, now = new Date()): Promise<string | null> {
  const stale = new Date(now.getTime() - STALE_CLAIM_MS);
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO notification_sends (id, "connectionId", "recipientId", problem, epoch, state, attempts, "claimedAt")
    VALUES (${newId()}, ${c.connectionId}, ${c.recipientId}, ${c.problem}, ${c.epoch}, 'SENDING', 1, ${now})
    ON CONFLICT ("connectionId", problem, "recipientId", epoch) DO UPDATE
      SET state = 'SENDING', attempts = notification_sends.attempts + 1, "claimedAt" = EXCLUDED."claimedAt"
      WHERE notification_sends.state = 'FAILED' OR (notification_sends.state = 'SENDING' AND notification_sends."claimedAt" < ${stale})
    RETURNING id`;
  return rows[0]?.id ?? null;
}

export type ClaimDb = Pick<PrismaClient, "notificationSend">;

export async function markNotificationSent(db: ClaimDb, id: string, now = new Date()): Promise<void> {
  await db.notificationSend.update({ where: { id }, data: { state: "SENT", sentAt: now } });
}

/** The send failed: a later tick claims it again. */
export async function markNotificationFailed(db: ClaimDb, id: string): Promise<void> {
  await db.notificationSend.updateMany({ where: { id, state: "SENDING" }, data: { state: "FAILED" } });
}

export function claimEpoch(problem: { kind: "reconnect" | "consent" }, lastSyncedAt: Date | null): string {
  return problem.kind === "reconnect" && lastSyncedAt ? lastSyncedAt.toISOString() : "";
}
