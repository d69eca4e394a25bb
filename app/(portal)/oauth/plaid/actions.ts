"use server";

import { z } from "zod";
import { bookAction } from "@/lib/app-context";
import { bookIdSchema } from "@/lib/books/ids";
import { consumeLinkSession } from "@/lib/connections/link-sessions";
import { completeReconnect, createConnectionFromLink, loadOwnedConnection } from "@/lib/connections/service";
import { AppError } from "@/lib/errors";
import { idSchema } from "@/lib/ids";
import { msg } from "@/lib/i18n/translate";

/**
 * The OAuth return page's finish: Plaid Link, re-opened there with the pending session's link token,
 * succeeded. Completes exactly like the in-page flow (new connection, or Reconnect of the same one)
 * after claiming the pending session once: a replay, another user's or an expired session, or a
 * session of another Book completes nothing.
 */
const input = z.object({
  bookId: bookIdSchema,
  sessionId: idSchema,
  publicToken: z.string().min(1).max(200),
  institutionId: z.string().max(64).nullable(),
});

export type OAuthOutcome =
  | { kind: "created"; connectionId: string }
  | { kind: "duplicate"; connectionId: string; institutionName: string }
  | { kind: "reconnected"; connectionId: string };

export const completeOAuthLink = bookAction("VIEWER", input, async ({ input, user, db, app }): Promise<OAuthOutcome> => {
  const session = await consumeLinkSession(db, { userId: user.id, bookId: input.bookId }, input.sessionId, app.clock.now());
  if (!session) throw new AppError("NOT_FOUND", msg("oauth.noSession"));
  const connectionsPath = `/books/${input.bookId}/automations/connections`;
  if (session.mode === "RECONNECT") {
    if (!session.connectionId) throw new AppError("NOT_FOUND", msg("server.notYourConnection"));
    const c = await loadOwnedConnection(db, user.id, session.connectionId);
    await completeReconnect(db, app.providers.get(c.provider), { ownerId: user.id, connectionId: c.id, bookId: input.bookId });
    await app.requestSync(c.id, "reconnect");
    app.revalidate(connectionsPath);
    return { kind: "reconnected", connectionId: c.id };
  }
  const provider = app.providers.forCountry(session.country);
  if (provider.name !== "PLAID") throw new AppError("INVALID_INPUT", msg("server.otherProvider"));
  const outcome = await createConnectionFromLink(db, provider, {
    ownerId: user.id,
    bookId: input.bookId,
    country: session.country,
    result: { provider: "PLAID", publicToken: input.publicToken, institutionId: input.institutionId },
  });
  if (outcome.kind === "created") await app.requestSync(outcome.connectionId, "connect");
  app.revalidate(connectionsPath);
  return outcome;
});

/** Link ended on the return page without success (denied at the bank, closed, stale): the session is over. */
export const abandonOAuthLink = bookAction("VIEWER", z.object({ bookId: bookIdSchema, sessionId: idSchema }), async ({ input, user, db, app }) => {
  await consumeLinkSession(db, { userId: user.id, bookId: input.bookId }, input.sessionId, app.clock.now());
  return { sessionId: input.sessionId };
});
