import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDays } from "@/lib/dates";
import { connectionProblem, type ConnectionProblem, type ProblemInput } from "./problems";
import { NOTIFIED_ROLES } from "./recipients";

/**
 * The portal banner's content for one person: the problems of the connections they own, and of the
 * connections shared into Books where they are Editor or Owner — each with where to fix it.
 */
export type BannerItem = ConnectionProblem & { connectionId: string; href: string | null; mine: boolean };

type BannerRow = ProblemInput & { id: string; ownerId: string; bookId: string | null };

/**
 * One statement, on every page: the person's connections (owned, or shared into a Book where they
 * are Editor or Owner) that may have a problem, each with the Book whose User Connections lists it
 * for them — the first share, by when it was made, into a Book they are a member of (Editor or
 * Owner for someone else's connection). The ORM's nested select sent three.
 */
export async function bannerItemsFor(db: PrismaClient, userId: string, now = new Date()): Promise<BannerItem[]> {
  const soon = addDays(now, 15);
  const roles = [...NOTIFIED_ROLES];
  const rows = await db.$queryRaw<BannerRow[]>`
    SELECT c.id, c."ownerId", c."institutionName", c.status::text AS status, c."consentExpiresAt", c."warningMessage", b."bookId"
    FROM connections c
    LEFT JOIN LATERAL (
      SELECT s."bookId" FROM connection_shares s JOIN book_members m ON m."bookId" = s."bookId" AND m."userId" = ${userId}
      WHERE s."connectionId" = c.id AND (c."ownerId" = ${userId} OR m.role::text = ANY(${roles}::text[]))
      ORDER BY s."createdAt" LIMIT 1) b ON true
    -- Someone else's connection is theirs to see only through a Book where they are Editor or Owner.
    WHERE (c."ownerId" = ${userId} OR b."bookId" IS NOT NULL)
      AND (c.status::text IN ('LOGIN_REQUIRED', 'ERROR') OR c."warningMessage" IS NOT NULL OR c."consentExpiresAt" < ${soon})
      AND c.secret IS NOT NULL
    ORDER BY c."createdAt"`;
  const items: BannerItem[] = [];
  for (const c of rows) {
    const problem = connectionProblem(c, now);
    if (!problem) continue;
    items.push({ ...problem, connectionId: c.id, mine: c.ownerId === userId, href: c.bookId ? `/books/${c.bookId}/automations/connections` : null });
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
