import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { keysetPage, keysetQuery, type KeysetPage, type PageStart } from "@/lib/pagination/keyset";

const visibleConnections = (userId: string, bookId: string): Prisma.ConnectionWhereInput => ({ OR: [{ ownerId: userId }, { shares: { some: { bookId } } }] });

const connectionSelect = (bookId: string) =>
  ({
    id: true,
    ownerId: true,
    provider: true,
    institutionName: true,
    country: true,
    status: true,
    errorMessage: true,
    consentExpiresAt: true,
    warningMessage: true,
    newAccountsAt: true,
    lastSyncedAt: true,
    createdAt: true,
    owner: { select: { name: true, email: true } },
    shares: { where: { bookId }, select: { bookId: true } },
    accounts: {
      where: { hidden: false },
      orderBy: [{ type: "asc" }, { name: "asc" }],
      select: { id: true, name: true, mask: true, type: true, subtype: true, currency: true, balanceCurrent: true },
    },
  }) satisfies Prisma.ConnectionSelect;

type ConnectionRow = Prisma.ConnectionGetPayload<{ select: ReturnType<typeof connectionSelect> }>;

const toVisible = (userId: string) => (r: ConnectionRow) => ({
  ...r,
  mine: r.ownerId === userId,
  sharedWithBook: r.shares.length > 0,
  accounts: r.accounts.map((a) => ({ ...a, balanceCurrent: a.balanceCurrent?.toFixed(2) ?? null })),
});

/**
 * What the User Connections page may show: the user's own connections and those shared with the
 * Book. Selected field by field — the encrypted secret and the item reference never leave here.
 */
export async function listVisibleConnections(db: PrismaClient, userId: string, bookId: string, page: { skip?: number; take?: number } = {}) {
  const rows = await db.connection.findMany({
    where: visibleConnections(userId, bookId),
    select: connectionSelect(bookId),
    // id breaks createdAt ties, so that pages never overlap.
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    ...(page.skip ? { skip: page.skip } : {}),
    ...(page.take ? { take: page.take } : {}),
  });
  return rows.map(toVisible(userId));
}

/** One page of what listVisibleConnections lists, read by keyset from a cursor (or from an offset: the first page, a just-made connection's). */
export async function pageVisibleConnections(db: PrismaClient, userId: string, bookId: string, start: PageStart, size: number): Promise<KeysetPage<VisibleConnection>> {
  const q = keysetQuery(start, size);
  const rows = await db.connection.findMany({ ...q, where: { AND: [visibleConnections(userId, bookId), q.where] }, select: connectionSelect(bookId) });
  return keysetPage(start, size, rows.map(toVisible(userId)));
}

/** How many connections the User Connections page has to show (for its pages). */
export async function countVisibleConnections(db: PrismaClient, userId: string, bookId: string): Promise<number> {
  return db.connection.count({ where: visibleConnections(userId, bookId) });
}

/**
 * Where a connection the user may see stands in the page's order (0-based), and its institution's
 * name; null when it is not one the user may see. For the page that shows a just-made connection.
 */
export async function visibleConnectionPosition(db: PrismaClient, userId: string, bookId: string, id: string): Promise<{ index: number; institutionName: string } | null> {
  const c = await db.connection.findFirst({ where: { AND: [{ id }, visibleConnections(userId, bookId)] }, select: { createdAt: true, institutionName: true } });
  if (!c) return null;
  const before = await db.connection.count({
    where: { AND: [visibleConnections(userId, bookId), { OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: id } }] }] },
  });
  return { index: before, institutionName: c.institutionName };
}

/** A page of a list: 1-based `page`, clamped to the pages there are. */
export function pageOf(requested: number | string | string[] | undefined, total: number, pageSize: number): { page: number; pageCount: number; skip: number; take: number } {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const n = Number(Array.isArray(requested) ? requested[0] : requested);
  const page = Number.isInteger(n) && n >= 1 ? Math.min(n, pageCount) : 1;
  return { page, pageCount, skip: (page - 1) * pageSize, take: pageSize };
}

export type VisibleConnection = Awaited<ReturnType<typeof listVisibleConnections>>[number];
