"use server";

import { z } from "zod";
import { bookAction } from "@/lib/app-context";
import { getConfig } from "@/lib/config";
import { completeReconnect, connectionSecret, createConnectionFromLink, disconnectConnection, loadOwnedSharedConnection, providerFailure } from "@/lib/connections/service";
import { AppError } from "@/lib/errors";
import { bookIdSchema } from "@/lib/books/ids";
import { idSchema } from "@/lib/ids";
import { isCountry } from "@/lib/providers";
import type { Institution, LinkSession } from "@/lib/providers/types";
import { finishPendingLinkSessions, recordLinkSession } from "@/lib/connections/link-sessions";
import { enforceLinkSessionLimit } from "@/lib/rate-limits/limits";
import { msg } from "@/lib/i18n/translate";

/**
 * User Connections. Any member of the Book may connect their own bank from it (the connection is
 * theirs and is shared with this Book); only a connection's owner may Reconnect or Disconnect it,
 * and only from a Book it is shared with (the action is recorded in that Book's audit trail).
 */
const country = z.string().refine(isCountry, "server.chooseCountry");
/**
 * Per-item webhook URL. Real Pluggy gets none: its per-item deliveries carry no secret header, so
 * one account-level webhook with the header is registered at start (lib/providers/pluggy/webhooks.ts).
 */
const webhookUrl = (provider: "PLAID" | "PLUGGY") =>
  provider === "PLUGGY" && getConfig().pluggy.mode === "pluggy" ? undefined : `${getConfig().appUrl}/api/webhooks/${provider.toLowerCase()}`;

/** Plaid: where an OAuth bank sends the browser back (PLAID_REDIRECT_URI), on every link token. */
const redirectUri = (provider: "PLAID" | "PLUGGY") => {
  const uri = provider === "PLAID" ? getConfig().plaidRedirectUri : null;
  return uri ? { redirectUri: uri } : {};
};

async function provided<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw providerFailure(err);
  }
}

export const listBanks = bookAction(
  "VIEWER",
  z.object({ bookId: bookIdSchema, country, query: z.string().trim().max(80, "server.atMost80").optional() }),
  async ({ input, app }): Promise<Institution[]> => provided(() => app.providers.forCountry(input.country).listInstitutions(input.country, input.query)),
);

export const startLink = bookAction(
  "VIEWER",
  z.object({ bookId: bookIdSchema, country, institutionId: z.string().trim().min(1).max(64).optional() }),
  async ({ input, user, db, app }): Promise<LinkSession> => {
    await enforceLinkSessionLimit(user.id);
    const provider = app.providers.forCountry(input.country);
    const session = await provided(() =>
      provider.createLinkSession({
        userId: user.id,
        country: input.country,
        webhookUrl: webhookUrl(provider.name),
        ...redirectUri(provider.name),
        ...(input.institutionId ? { institutionId: input.institutionId } : {}),
      }),
    );
    // Kept server-side for the OAuth return page (an OAuth bank leaves this page and comes back there).
    if (session.provider === "PLAID") {
      await recordLinkSession(db, { userId: user.id, bookId: input.bookId, country: input.country, mode: "NEW", linkToken: session.linkToken, expiresAt: session.expiresAt, now: app.clock.now() });
    }
    return session;
  },
);

const linkResult = z.discriminatedUnion("provider", [
  z.object({ provider: z.literal("PLAID"), publicToken: z.string().min(1).max(200), institutionId: z.string().max(64).nullable() }),
  z.object({ provider: z.literal("PLUGGY"), itemId: z.string().uuid("server.notPluggyItem") }),
]);

export const completeLink = bookAction("VIEWER", z.object({ bookId: bookIdSchema, country, result: linkResult }), async ({ input, user, db, app }) => {
  const provider = app.providers.forCountry(input.country);
  if (provider.name !== input.result.provider) throw new AppError("INVALID_INPUT", msg("server.otherProvider"));
  const outcome = await createConnectionFromLink(db, provider, { ownerId: user.id, bookId: input.bookId, country: input.country, result: input.result });
  if (provider.name === "PLAID") await finishPendingLinkSessions(db, { userId: user.id, mode: "NEW" }, app.clock.now());
  // The first sync starts now: transactions are stored before anyone links an account.
  if (outcome.kind === "created") await app.requestSync(outcome.connectionId, "connect");
  app.revalidate(`/books/${input.bookId}/automations/connections`);
  return outcome;
});

const connectionInput = z.object({ bookId: bookIdSchema, connectionId: idSchema });

const reconnectInput = connectionInput.extend({ addAccounts: z.boolean().optional() });

export const startReconnect = bookAction("VIEWER", reconnectInput, async ({ input, user, db, app }): Promise<LinkSession> => {
  await enforceLinkSessionLimit(user.id);
  const c = await loadOwnedSharedConnection(db, user.id, input.connectionId, input.bookId);
  const provider = app.providers.get(c.provider);
  // While new accounts wait (or when asked), update mode lets the user choose the shared accounts again.
  const accountSelection = input.addAccounts === true || c.newAccountsAt !== null;
  const session = await provided(() =>
    provider.createLinkSession({ userId: user.id, country: c.country, update: { secret: connectionSecret(c), accountSelection }, webhookUrl: webhookUrl(provider.name), ...redirectUri(provider.name) }),
  );
  if (session.provider === "PLAID") {
    await recordLinkSession(db, {
      userId: user.id,
      bookId: input.bookId,
      country: c.country,
      mode: "RECONNECT",
      connectionId: c.id,
      linkToken: session.linkToken,
      expiresAt: session.expiresAt,
      now: app.clock.now(),
    });
  }
  return session;
});

export const finishReconnect = bookAction("VIEWER", connectionInput, async ({ input, user, db, app }) => {
  const c = await loadOwnedSharedConnection(db, user.id, input.connectionId, input.bookId);
  await completeReconnect(db, app.providers.get(c.provider), { ownerId: user.id, connectionId: c.id, bookId: input.bookId });
  if (c.provider === "PLAID") await finishPendingLinkSessions(db, { userId: user.id, mode: "RECONNECT", connectionId: c.id }, app.clock.now());
  await app.requestSync(c.id, "reconnect");
  app.revalidate(`/books/${input.bookId}/automations/connections`);
  return { connectionId: c.id };
});

export const disconnect = bookAction("VIEWER", connectionInput, async ({ input, user, db, app }) => {
  const c = await loadOwnedSharedConnection(db, user.id, input.connectionId, input.bookId);
  await disconnectConnection(db, app.providers.get(c.provider), { ownerId: user.id, connectionId: c.id, bookId: input.bookId });
  app.revalidate(`/books/${input.bookId}/automations/connections`);
  return { connectionId: c.id };
});
