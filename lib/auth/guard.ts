import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import { prisma } from "@/lib/db";
import type { BookRole } from "@/lib/generated/prisma/enums";
import { resolveBookAccess } from "./access";
import { safeCallbackUrl } from "./callback-url";
import { getSessionUser, type SessionUser } from "./session";

/** Page guards: signed-out → sign-in (and back), stranger → not found, too weak a role → not allowed. */

export function signInUrl(returnTo: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(returnTo)}`;
}

/** `fallback` is used only when the proxy did not pass the requested URL along. */
export async function requireUser(fallback: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(signInUrl(safeCallbackUrl((await headers()).get("x-return-to"), fallback)));
  return user;
}

const bookAccessFor = cache(async (userId: string, bookId: string, needed: BookRole) =>
  resolveBookAccess(await prisma(), userId, bookId, needed),
);

export async function requireBookPage(bookId: string, needed: BookRole, returnTo: string) {
  const user = await requireUser(returnTo);
  const access = await bookAccessFor(user.id, bookId, needed);
  if (access.kind === "not-found") notFound();
  if (access.kind === "forbidden") forbidden();
  return { user, role: access.role, book: access.book };
}
