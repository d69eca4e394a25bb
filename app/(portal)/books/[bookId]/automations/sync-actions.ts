"use server";

import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { bookAction } from "@/lib/app-context";
import { AppError } from "@/lib/errors";
import { idSchema } from "@/lib/ids";
import { syncNowDecision } from "@/lib/sync/read/status";
import { connectionForSync } from "@/lib/sync/read/views";
import { msg } from "@/lib/i18n/translate";

/**
 * Sync now: the connection's owner, or an Editor/Owner of a Book it is shared with, queues a sync
 * (deduplicated by the queue). Not for a disconnected connection or one waiting for a new login.
 */
export const syncNowAction = bookAction("VIEWER", z.object({ bookId: idSchema, connectionId: idSchema }), async ({ input, user, db, role, book, app }) => {
  const c = await connectionForSync(db, user.id, input.bookId, input.connectionId);
  if (!c) throw new AppError("NOT_FOUND", msg("server.connectionNotFound"));
  const decision = syncNowDecision(c, role);
  if (!decision.ok) throw new AppError(decision.code, decision.message);
  await app.requestSync(c.id, "manual");
  await recordAudit(db, { action: "connection.sync_now", actorId: user.id, bookId: input.bookId, connectionId: c.id, details: { institution: c.institutionName, book: book.name } });
  app.revalidate(`/books/${input.bookId}/automations`, "layout");
  return { connectionId: c.id, message: msg("sync.queued") };
});
