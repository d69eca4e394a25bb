import { recordAudit } from "@/lib/audit/record";
import { addDays } from "@/lib/dates";
import { encodeMessage } from "@/lib/i18n/stored";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { claimEpoch, claimNotification, markNotificationFailed, markNotificationSent } from "./claims";
import type { Mailer } from "./mailer";
import { connectionProblem } from "./problems";
import { connectionRecipients } from "./recipients";
import { renderProblemMail } from "./render";

/**
 * E-mails about connection problems, from the worker's tick. Once per problem and person across
 * ticks, restarts and app instances: each e-mail is CLAIMED before it is sent (lib/notifications/
 * claims.ts: one row per connection, problem, recipient and epoch, inserted with ON CONFLICT), so
 * two instances' ticks at the same moment cannot both send it; marked sent together with its
 * "notification.email" audit event, or failed (a later tick retries it) when the SMTP server
 * refused it. A recipient who already has an audit record for the connection's current problem
 * (sent before the claims existed) is not written to again either.
 * A Reconnect problem starts over after a successful sync (lastSyncedAt moves past the record);
 * a consent warning is keyed by its expiry date, so a new date is a new problem.
 */
export type NotifyResult = { sent: number; failed: number };

const ACTION = "notification.email";

async function alreadyNotified(db: PrismaClient, connectionId: string, key: string, since: Date | null): Promise<Set<string>> {
  const rows = await db.auditEvent.findMany({
    where: { action: ACTION, connectionId, ...(since ? { at: { gt: since } } : {}) },
    select: { details: true },
  });
  const done = new Set<string>();
  for (const r of rows) {
    const d = r.details as Record<string, unknown> | null;
    if (d && d.problem === key && typeof d.recipientId === "string") done.add(d.recipientId);
  }
  return done;
}

export async function notifyConnectionProblems(db: PrismaClient, mailer: Mailer, opts: { appUrl: string; now?: Date }): Promise<NotifyResult> {
  const now = opts.now ?? new Date();
  const soon = addDays(now, 15);
  const result: NotifyResult = { sent: 0, failed: 0 };
  const candidates = await db.connection.findMany({
    where: { secret: { not: null }, OR: [{ status: { in: ["LOGIN_REQUIRED", "ERROR"] } }, { warningMessage: { not: null } }, { consentExpiresAt: { lt: soon } }] },
    select: { id: true, institutionName: true, status: true, consentExpiresAt: true, warningMessage: true, lastSyncedAt: true },
    orderBy: { id: "asc" },
  });
  for (const c of candidates) {
    const problem = connectionProblem(c, now);
    if (!problem) continue;
    const since = problem.kind === "reconnect" ? c.lastSyncedAt : null;
    const done = await alreadyNotified(db, c.id, problem.key, since);
    const epoch = claimEpoch(problem, c.lastSyncedAt);
    for (const r of await connectionRecipients(db, c.id)) {
      if (done.has(r.userId)) continue;
      const claim = await claimNotification(db, { connectionId: c.id, problem: problem.key, recipientId: r.userId, epoch }, now);
      if (!claim) continue; // another tick (this instance's or another's) has it, or sent it
      const mail = renderProblemMail(problem, r, opts.appUrl);
      try {
        await mailer.send(mail);
      } catch (err) {
        result.failed++;
        console.error(`[notifications] could not e-mail about ${c.id}: ${err instanceof Error ? err.message.split("\n")[0] : "failed"}`);
        await markNotificationFailed(db, claim);
        continue;
      }
      await db.$transaction(async (tx) => {
        await markNotificationSent(tx, claim, now);
        await recordAudit(tx, {
          action: ACTION,
          actorId: null,
          connectionId: c.id,
          details: { system: true, problem: problem.key, institution: c.institutionName, recipientId: r.userId, recipient: r.name ?? r.email, subject: mail.subject, title: encodeMessage(problem.title) },
        });
      });
      result.sent++;
    }
  }
  return result;
}
