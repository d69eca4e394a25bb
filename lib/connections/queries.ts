import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * What the User Connections page may show: the user's own connections and those shared with the
 * Book. Selected field by field — the encrypted secret and the item reference never leave here.
 */
export async function listVisibleConnections(db: PrismaClient, userId: string, bookId: string) {
  const rows = await db.connection.findMany({
    where: { OR: [{ ownerId: userId }, { shares: { some: { bookId } } }] },
    select: {
      id: true,
      ownerId: true,
      provider: true,
      institutionName: true,
      country: true,
      status: true,
      errorMessage: true,
      consentExpiresAt: true,
      warningMessage: true,
      lastSyncedAt: true,
      createdAt: true,
      owner: { select: { name: true, email: true } },
      shares: { where: { bookId }, select: { bookId: true } },
      accounts: {
        where: { hidden: false },
        orderBy: [{ type: "asc" }, { name: "asc" }],
        select: { id: true, name: true, mask: true, type: true, subtype: true, currency: true, balanceCurrent: true },
      },
    },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({
    ...r,
    mine: r.ownerId === userId,
    sharedWithBook: r.shares.length > 0,
    accounts: r.accounts.map((a) => ({ ...a, balanceCurrent: a.balanceCurrent?.toFixed(2) ?? null })),
  }));
}

export type VisibleConnection = Awaited<ReturnType<typeof listVisibleConnections>>[number];
