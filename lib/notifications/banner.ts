import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDays } from "@/lib/dates";
import { connectionProblem, type ConnectionProblem } from "./problems";
import { NOTIFIED_ROLES } from "./recipients";

/**
 * The portal banner's content for one person: the problems of the connections they own, and of the
 * connections shared into Books where they are Editor or Owner — each with where to fix it.
 */
export type BannerItem = ConnectionProblem & { connectionId: string; href: string | null; mine: boolean };

export async function bannerItemsFor(db: PrismaClient, userId: string, now = new Date()): Promise<BannerItem[]> {
  const soon = addDays(now, 15);
  const rows = await db.connection.findMany({
    where: {
      AND: [
        { OR: [{ ownerId: userId }, { shares: { some: { book: { members: { some: { userId, role: { in: [...NOTIFIED_ROLES] } } } } } } }] },
        { OR: [{ status: { in: ["LOGIN_REQUIRED", "ERROR"] } }, { warningMessage: { not: null } }, { consentExpiresAt: { lt: soon } }] },
        { secret: { not: null } },
      ],
    },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      ownerId: true,
      institutionName: true,
      status: true,
      consentExpiresAt: true,
      warningMessage: true,
      shares: { orderBy: { createdAt: "asc" }, select: { bookId: true, book: { select: { members: { where: { userId }, select: { role: true } } } } } },
    },
  });
  const items: BannerItem[] = [];
  for (const c of rows) {
    const problem = connectionProblem(c, now);
    if (!problem) continue;
    const mine = c.ownerId === userId;
    // A Book this person is a member of (Editor/Owner for shared ones), where User Connections lists it.
    const book = c.shares.find((s) => s.book.members.some((m) => mine || (NOTIFIED_ROLES as readonly string[]).includes(m.role)));
    items.push({ ...problem, connectionId: c.id, mine, href: book ? `/books/${book.bookId}/automations/connections` : null });
  }
  return items;
}

/** How many problems the banner shows at most; the rest are counted ("12 more need attention"). */
export const BANNER_LIMIT = 5;

/**
 * What the banner shows of a person's problems: those that need Reconnect before consent
 * warnings, the newest first within each, at most `limit`, and how many more there are. A person
 * with a thousand connections gets a banner, not a page of them inside every page.
 */
export function bannerShown(items: readonly BannerItem[], limit = BANNER_LIMIT): { shown: BannerItem[]; more: number } {
  const order = [...items].reverse().sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "reconnect" ? -1 : 1));
  return { shown: order.slice(0, limit), more: Math.max(0, order.length - limit) };
}
