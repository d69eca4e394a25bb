import { decrypt, DecryptionError, encrypt, rewrap } from "@/lib/crypto/envelope";
import type { EncryptedColumn } from "@/lib/crypto/rotate-keys";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { getTokenKeyring } from "@/lib/secrets";

/**
 * Pending Plaid Link sessions: what the OAuth return page (/oauth/plaid) needs to re-open Link with
 * the same link token after an OAuth bank sent the browser back — found from the signed-in user,
 * never from the URL, so it also works in a fresh tab or another browser. The link token is
 * encrypted at rest under the token keyring and bound to its row. A session finishes at most once.
 *
 * Key rotation re-wraps it too (`linkTokenColumn`, in lib/connections/secret.ts ENCRYPTED_COLUMNS);
 * one sealed under a key removed without rotating reads as no session (the user starts again).
 */

const context = (id: string) => `plaid-link-session:${id}:link-token`;

/** plaid_link_sessions.link_token, as `npm run keys:rotate` walks it (lib/crypto/rotate-keys.ts). */
export const linkTokenColumn: EncryptedColumn = {
  column: "plaid_link_sessions.link_token",
  batch: async (db, afterId, take) => {
    const rows = await db.plaidLinkSession.findMany({
      where: afterId ? { id: { gt: afterId } } : {},
      select: { id: true, linkToken: true },
      orderBy: { id: "asc" },
      take,
    });
    return rows.map((r) => ({ id: r.id, value: r.linkToken }));
  },
  rewrap: (keyring, id, value) => rewrap(keyring, value, context(id)),
  replace: async (db, id, previous, next) => (await db.plaidLinkSession.updateMany({ where: { id, linkToken: previous }, data: { linkToken: next } })).count === 1,
};

export type LinkSessionMode = "NEW" | "RECONNECT";

export type PendingLinkSession = {
  id: string;
  bookId: string;
  country: string;
  mode: LinkSessionMode;
  connectionId: string | null;
  linkToken: string;
  expiresAt: Date;
};

export type ClaimedLinkSession = Omit<PendingLinkSession, "linkToken">;

export type NewLinkSession = { userId: string; bookId: string; country: string; linkToken: string; expiresAt: string | Date; now: Date } & (
  | { mode: "NEW" }
  | { mode: "RECONNECT"; connectionId: string }
);

/** Records a Plaid link session the user just started; drops the user's finished and expired ones. */
export async function recordLinkSession(db: PrismaClient, s: NewLinkSession): Promise<string> {
  const id = newId();
  const expiresAt = new Date(s.expiresAt);
  if (Number.isNaN(expiresAt.getTime())) throw new Error("link session: the link token has no valid expiration");
  await db.$transaction([
    db.plaidLinkSession.deleteMany({ where: { userId: s.userId, OR: [{ expiresAt: { lte: s.now } }, { consumedAt: { not: null } }] } }),
    db.plaidLinkSession.create({
      data: {
        id,
        userId: s.userId,
        bookId: s.bookId,
        country: s.country,
        mode: s.mode,
        connectionId: s.mode === "RECONNECT" ? s.connectionId : null,
        linkToken: encrypt(getTokenKeyring(), s.linkToken, context(id)),
        expiresAt,
      },
    }),
  ]);
  return id;
}

/** The user's newest session that is neither finished nor expired; null when there is none. */
export async function findPendingLinkSession(db: PrismaClient, userId: string, now: Date): Promise<PendingLinkSession | null> {
  const row = await db.plaidLinkSession.findFirst({
    where: { userId, consumedAt: null, expiresAt: { gt: now } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  if (!row) return null;
  let linkToken: string;
  try {
    linkToken = decrypt(getTokenKeyring(), row.linkToken, context(row.id));
  } catch (err) {
    if (err instanceof DecryptionError) return null;
    throw err;
  }
  return { id: row.id, bookId: row.bookId, country: row.country, mode: row.mode, connectionId: row.connectionId, linkToken, expiresAt: row.expiresAt };
}

/**
 * Marks the user's session finished, atomically: true for exactly one caller, false when it is
 * someone else's, unknown, already finished or expired. Claim before completing, so a replayed
 * return completes nothing twice.
 */
export async function consumeLinkSession(db: PrismaClient, who: { userId: string; bookId: string }, id: string, now: Date): Promise<ClaimedLinkSession | null> {
  const claimed = await db.plaidLinkSession.updateMany({ where: { id, userId: who.userId, bookId: who.bookId, consumedAt: null, expiresAt: { gt: now } }, data: { consumedAt: now } });
  if (claimed.count !== 1) return null;
  const row = await db.plaidLinkSession.findUniqueOrThrow({ where: { id } });
  return { id: row.id, bookId: row.bookId, country: row.country, mode: row.mode, connectionId: row.connectionId, expiresAt: row.expiresAt };
}

/**
 * Link finished in the page itself (no OAuth bank): the user's pending sessions of that kind are
 * done, so a stale return URL later finds nothing instead of re-opening a finished Link.
 */
export async function finishPendingLinkSessions(db: PrismaClient, who: { userId: string; mode: LinkSessionMode; connectionId?: string }, now: Date): Promise<void> {
  await db.plaidLinkSession.updateMany({
    where: { userId: who.userId, mode: who.mode, consumedAt: null, ...(who.connectionId ? { connectionId: who.connectionId } : {}) },
    data: { consumedAt: now },
  });
}
