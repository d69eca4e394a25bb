import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Who hears about a connection's problem: its owner, and the Editors and Owners of the Books it is
 * shared into. Each with the Book where User Connections shows the connection to them.
 */
export type Recipient = { userId: string; email: string; name: string | null; bookId: string | null; owner: boolean };

export const NOTIFIED_ROLES = ["OWNER", "EDITOR"] as const;

export async function connectionRecipients(db: PrismaClient, connectionId: string): Promise<Recipient[]> {
  const c = await db.connection.findUnique({
    where: { id: connectionId },
    select: {
      ownerId: true,
      owner: { select: { email: true, name: true } },
      shares: {
        orderBy: { createdAt: "asc" },
        select: { bookId: true, book: { select: { members: { where: { role: { in: [...NOTIFIED_ROLES] } }, select: { userId: true, user: { select: { email: true, name: true } } } } } } },
      },
    },
  });
  if (!c) return [];
  const out = new Map<string, Recipient>();
  const firstShare = c.shares[0]?.bookId ?? null;
  out.set(c.ownerId, { userId: c.ownerId, email: c.owner.email, name: c.owner.name, bookId: firstShare, owner: true });
  for (const s of c.shares) {
    for (const m of s.book.members) {
      if (!out.has(m.userId)) out.set(m.userId, { userId: m.userId, email: m.user.email, name: m.user.name, bookId: s.bookId, owner: false });
    }
  }
  return [...out.values()];
}
