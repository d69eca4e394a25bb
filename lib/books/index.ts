import { getConfig, type AppConfig } from "@/lib/config";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { BkperBookGateway } from "./bkper/gateway";
import { GoogleTokenSource } from "./bkper/google-token-source";
import { sharedRateLimiter } from "./bkper/limits";
import { MirroredBkperGateway } from "./bkper/mirrored-gateway";
import type { BookGateway } from "./gateway";
import { isBookId } from "./ids";
import { LocalBookGateway } from "./local/gateway";

export type { BookGateway } from "./gateway";

/** Where Books live, as the gateway needs it (from `BOOKS`, `BKPER_API_*` and the Google sign-in keys). */
export type BooksSettings =
  | { kind: "local" }
  | {
      kind: "bkper";
      apiUrl: string;
      apiKey?: string;
      google: { clientId: string; clientSecret: string; tokenUrl?: string };
      /** Transport tuning (tests): see BkperClientOptions. */
      client?: { retryBaseDelayMs?: number; timeoutMs?: number };
    };

export function booksSettings(config: AppConfig = getConfig()): BooksSettings {
  if (config.books.kind === "local") return { kind: "local" };
  // lib/config.ts refuses BOOKS=bkper without Google keys; this only keeps the types honest.
  if (!config.google) throw new Error("BOOKS=bkper needs AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET");
  return { kind: "bkper", apiUrl: config.books.apiUrl, apiKey: config.books.apiKey, google: config.google };
}

/**
 * The Book gateway for a user. Local Books by default; with BOOKS=bkper, the user's Bkper Books reached
 * with their Google token from their Auth.js account row (renewed with the stored refresh token), so it
 * works without a request too — background posting calls it with the integration creator's id.
 */
export function bookGatewayFor(db: PrismaClient, userId: string): BookGateway {
  return createBookGateway(db, userId, booksSettings());
}

export function createBookGateway(db: PrismaClient, userId: string, settings: BooksSettings): BookGateway {
  if (settings.kind === "local") return new LocalBookGateway(db, userId);
  const tokens = new GoogleTokenSource({ db, userId, clientId: settings.google.clientId, clientSecret: settings.google.clientSecret, tokenUrl: settings.google.tokenUrl });
  // Bkper's call rate is paced per quota: the dedicated-quota key when one is set, else the user's Google account (lib/books/bkper/limits.ts).
  const rateLimiter = sharedRateLimiter(settings.apiKey ? `key:${settings.apiKey}` : `user:${userId}`);
  return new MirroredBkperGateway(db, userId, BkperBookGateway.fromTokens(tokens, { ...settings.client, baseUrl: settings.apiUrl, apiKey: settings.apiKey, rateLimiter }));
}

/**
 * With Bkper Books, a Book the user has no local membership for yet (shared a moment ago, opened by a
 * link) is looked up in Bkper and mirrored. True when the user now has a membership there. Never throws:
 * a Bkper that cannot answer leaves the Book "not found" for now.
 */
export async function refreshBookMembership(db: PrismaClient, userId: string, bookId: string, settings?: BooksSettings): Promise<boolean> {
  if (!isBookId(bookId)) return false;
  try {
    const s = settings ?? booksSettings();
    if (s.kind === "local") return false;
    return (await createBookGateway(db, userId, s).getBook(bookId)) !== null;
  } catch (err) {
    console.error(`[books] could not look up Book ${bookId} in Bkper: ${err instanceof Error ? err.message.split("\n")[0] : "failed"}`);
    return false;
  }
}
