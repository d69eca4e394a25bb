import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { SYSTEM_ACTIONS } from "./actions";
import { encodeCursor, type AuditFilters } from "./filters";

/**
 * Reading the audit trail: a Book's events (what was done in it, plus the system events of the
 * connections it is or was shared with), and one connection's events across Books for its owner.
 * Newest first, keyset-paged on (at, id).
 */
export const AUDIT_PAGE_SIZE = 50;

export type AuditRow = {
  id: string;
  at: Date;
  action: string;
  actor: { name: string | null; email: string } | null;
  bookId: string | null;
  bookName: string | null;
  connectionId: string | null;
  details: Record<string, unknown>;
};

export type AuditPage = { rows: AuditRow[]; next: string | null };

/** The connections a Book's audit trail covers: shared with it now, or connected/shared there before (even once disconnected). */
export async function bookAuditConnections(db: PrismaClient, bookId: string): Promise<{ id: string; institution: string }[]> {
  const [shared, named] = await Promise.all([
    db.connectionShare.findMany({ where: { bookId }, select: { connectionId: true, connection: { select: { institutionName: true } } } }),
    // Every connection reaches a Book by a Connect or a Share there: those events name it for good.
    db.auditEvent.findMany({ where: { bookId, action: { in: ["connection.connect", "connection.share"] }, connectionId: { not: null } }, select: { connectionId: true, details: true } }),
  ]);
  const out = new Map<string, string>();
  for (const s of shared) out.set(s.connectionId, s.connection.institutionName);
  for (const n of named) if (n.connectionId && !out.has(n.connectionId)) out.set(n.connectionId, institutionOf(n.details) ?? "A disconnected bank");
  return [...out].map(([id, institution]) => ({ id, institution })).sort((a, b) => a.institution.localeCompare(b.institution) || a.id.localeCompare(b.id));
}

function institutionOf(details: Prisma.JsonValue): string | null {
  if (details && typeof details === "object" && !Array.isArray(details) && typeof details.institution === "string") return details.institution;
  return null;
}

function keyset(f: AuditFilters): Prisma.AuditEventWhereInput {
  if (!f.before) return {};
  return { OR: [{ at: { lt: f.before.at } }, { at: f.before.at, id: { lt: f.before.id } }] };
}

async function page(db: PrismaClient, where: Prisma.AuditEventWhereInput, size: number): Promise<AuditPage> {
  const found = await db.auditEvent.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: size + 1,
    select: { id: true, at: true, action: true, bookId: true, connectionId: true, details: true, actor: { select: { name: true, email: true } }, book: { select: { name: true } } },
  });
  const rows = found.slice(0, size).map((e) => ({
    id: e.id,
    at: e.at,
    action: e.action,
    actor: e.actor,
    bookId: e.bookId,
    bookName: e.book?.name ?? null,
    connectionId: e.connectionId,
    details: e.details && typeof e.details === "object" && !Array.isArray(e.details) ? (e.details as Record<string, unknown>) : {},
  }));
  const last = rows.at(-1);
  return { rows, next: found.length > size && last ? encodeCursor(last) : null };
}

/** One page of a Book's audit trail. The caller has checked the reader may see it (lib/audit/access.ts). */
export async function listBookAudit(db: PrismaClient, bookId: string, f: AuditFilters, size = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const connections = (await bookAuditConnections(db, bookId)).map((c) => c.id);
  const scope: Prisma.AuditEventWhereInput = {
    OR: [{ bookId }, { bookId: null, action: { in: [...SYSTEM_ACTIONS] }, connectionId: { in: connections } }],
  };
  const filters: Prisma.AuditEventWhereInput[] = [scope, keyset(f)];
  if (f.action) filters.push({ action: f.action });
  if (f.connectionId) filters.push({ connectionId: f.connectionId });
  return page(db, { AND: filters }, size);
}

/** One page of a connection's events in every Book — for its owner only; anyone else gets null. */
export async function listConnectionHistory(
  db: PrismaClient,
  userId: string,
  connectionId: string,
  f: AuditFilters,
  size = AUDIT_PAGE_SIZE,
): Promise<{ connection: { id: string; institutionName: string }; page: AuditPage } | null> {
  const connection = await db.connection.findUnique({ where: { id: connectionId }, select: { id: true, ownerId: true, institutionName: true } });
  if (!connection || connection.ownerId !== userId) return null;
  const filters: Prisma.AuditEventWhereInput[] = [{ connectionId }, keyset(f)];
  if (f.action) filters.push({ action: f.action });
  return { connection: { id: connection.id, institutionName: connection.institutionName }, page: await page(db, { AND: filters }, size) };
}
