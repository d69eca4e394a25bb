import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Sessions that sign-out ends. The session stays a JWT in an httpOnly cookie (Auth.js), but each
 * sign-in also gets a random session id (`sid` in the JWT) and a row in `auth_sessions` (the
 * Auth.js session table, unused by its JWT strategy): the row holds only the SHA-256 of the id,
 * the user and an expiry. Every session read (the jwt callback, lib/auth/config.ts) looks the row
 * up by its primary key; no row — signed out here, signed out everywhere, expired — and the cookie
 * is refused at once, wherever it was copied to. A JWT without an `sid` (issued before this
 * existed) is refused too: signing in again is the price of that upgrade.
 *
 * The expiry slides like the cookie's (SESSION_MAX_AGE_SECONDS after the last visit), written at
 * most once per SESSION_UPDATE_AGE_SECONDS; expired rows of a user go at that user's next sign-in.
 */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

/** Only the hash is stored: a copy of the table names no session a cookie could be forged for. */
const keyOf = (sid: string) => createHash("sha256").update(sid, "utf8").digest("base64url");
const expiryFrom = (now: Date) => new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);

/** Records a new session for `userId`; returns its id (for the JWT). */
export async function startSession(db: PrismaClient, userId: string, now: Date = new Date()): Promise<string> {
  const sid = randomBytes(32).toString("base64url");
  await db.session.create({ data: { sessionToken: keyOf(sid), userId, expires: expiryFrom(now) } });
  await db.session.deleteMany({ where: { userId, expires: { lt: now } } });
  return sid;
}

/** True while the session exists, belongs to `userId` and has not expired; slides its expiry. */
export async function isSessionLive(db: PrismaClient, sid: string, userId: string, now: Date = new Date()): Promise<boolean> {
  const key = keyOf(sid);
  const row = await db.session.findUnique({ where: { sessionToken: key }, select: { userId: true, expires: true } });
  if (!row || row.userId !== userId || row.expires.getTime() <= now.getTime()) return false;
  const age = SESSION_MAX_AGE_SECONDS * 1000 - (row.expires.getTime() - now.getTime());
  if (age >= SESSION_UPDATE_AGE_SECONDS * 1000) await db.session.updateMany({ where: { sessionToken: key }, data: { expires: expiryFrom(now) } });
  return true;
}

/** Ends one session (sign-out). */
export async function endSession(db: PrismaClient, sid: string): Promise<void> {
  await db.session.deleteMany({ where: { sessionToken: keyOf(sid) } });
}

/** Ends every session of the user, on every device ("Sign out everywhere"); returns how many. */
export async function endAllSessions(db: PrismaClient, userId: string): Promise<number> {
  return (await db.session.deleteMany({ where: { userId } })).count;
}
