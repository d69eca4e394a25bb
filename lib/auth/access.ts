import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookRole } from "@/lib/generated/prisma/enums";
import { isValidId } from "@/lib/ids";
import { hasRole } from "./roles";

/**
 * The one authorization decision for Books, shared by pages, server actions and route handlers.
 * A stranger (or a malformed id) gets "not-found": the Book's existence is not revealed.
 */
export type BookAccess =
  | { kind: "ok"; role: BookRole; book: { id: string; name: string } }
  | { kind: "not-found" }
  | { kind: "forbidden"; role: BookRole; needed: BookRole; book: { id: string; name: string } };

export async function resolveBookAccess(prisma: PrismaClient, userId: string, bookId: unknown, needed: BookRole): Promise<BookAccess> {
  if (!isValidId(bookId)) return { kind: "not-found" };
  const member = await prisma.bookMember.findUnique({
    where: { bookId_userId: { bookId, userId } },
    select: { role: true, book: { select: { id: true, name: true } } },
  });
  if (!member) return { kind: "not-found" };
  if (!hasRole(member.role, needed)) return { kind: "forbidden", role: member.role, needed, book: member.book };
  return { kind: "ok", role: member.role, book: member.book };
}
