import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookRole } from "@/lib/generated/prisma/enums";
import { resolveBookAccess } from "./access";
import { safeCallbackUrl } from "./callback-url";
import type { SessionUser } from "./session";

/** Page guards: signed-out → sign-in (and back), stranger → not found, too weak a role → not allowed. */

export function signInUrl(returnTo: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(returnTo)}`;
}

/**
 * What the guards need of the request, asked at each call: who is signed in, the database, and a
 * request header (the URL the proxy passed along). The app passes it in (lib/app-context).
 */
export type GuardRequest = { user(): Promise<SessionUser | null>; db(): Promise<PrismaClient>; header(name: string): Promise<string | null> };

/** The page guards, bound to the way the app resolves a request. */
export function pageGuards(resolve: () => GuardRequest) {
  /** `fallback` is used only when the proxy did not pass the requested URL along. */
  async function requireUser(fallback: string): Promise<SessionUser> {
    const request = resolve();
    const user = await request.user();
    if (!user) redirect(signInUrl(safeCallbackUrl(await request.header("x-return-to"), fallback)));
    return user;
  }

  // Once per request and arguments (React's cache), as layouts and pages ask for the same Book.
  const bookAccessFor = cache(async (userId: string, bookId: string, needed: BookRole) => resolveBookAccess(await resolve().db(), userId, bookId, needed));

  async function requireBookPage(bookId: string, needed: BookRole, returnTo: string) {
    const user = await requireUser(returnTo);
    const access = await bookAccessFor(user.id, bookId, needed);
    if (access.kind === "not-found") notFound();
    if (access.kind === "forbidden") forbidden();
    return { user, role: access.role, book: access.book };
  }

  return { requireUser, requireBookPage };
}
