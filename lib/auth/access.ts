import { refreshBookMembership } from "@/lib/books";
import { isBookId } from "@/lib/books/ids";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookRole } from "@/lib/generated/prisma/enums";
import { hasRole } from "./roles";

/**
 * The one authorization decision for Books, shared by pages, server actions and route handlers.
 * A stranger (or a malformed id) gets "not-found": the Book's existence is not revealed.
 * Memberships are local rows; with Bkper Books they mirror Bkper's permissions (lib/books/bkper/mirror.ts),
 * and a Bkper Book the user has no row for yet is looked up in Bkper once before answering "not found".
 */
export type BookAccess =
  | { kind: "ok"; role: BookRole; book: { id: string; name: string } }
  | { kind: "not-found" }
  | { kind: "forbidden"; role: BookRole; needed: BookRole; book: { id: string; name: string } };

export async function resolveBookAccess(prisma: PrismaClient, userId: string, bookId: unknown, needed: BookRole): Promise<BookAccess> {
  if (!isBookId(bookId)) return { kind: "not-found" };
  const find = () =>
    prisma.bookMember.findUnique({
      where: { bookId_userId: { bookId, userId } },
      select: { role: true, book: { select: { id: true, name: true } } },
    });
  let member = await find();
  if (!member && (await refreshBookMembership(prisma, userId, bookId))) member = await find();
  if (!member) return { kind: "not-found" };
  if (!hasRole(member.role, needed)) return { kind: "forbidden", role: member.role, needed, book: member.book };
  return { kind: "ok", role: member.role, book: member.book };
}
