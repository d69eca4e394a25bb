import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isoDay } from "@/lib/dates";
import { Prisma } from "@/lib/generated/prisma/client";
import type { BookRole } from "@/lib/generated/prisma/enums";
import { isLocalBookId } from "../ids";
import type { BookInfo } from "../types";
import type { BkperBookEntry } from "./gateway";

/**
 * Bkper Books mirrored into the local `books` and `book_members` tables, so the one access decision
 * (lib/auth/access.ts), Connection shares and Integrations keep working on Bkper Books unchanged:
 * - each Bkper Book the user can open → a `books` row with Bkper's id, name and settings;
 * - the user's Bkper permission → their `book_members` role there;
 * - a Bkper Book no longer listed for the user → their membership removed (the row stays: others,
 *   Integrations and the audit trail may point at it).
 * Only rows that changed are written. Books the portal keeps itself (cuid ids) are never touched.
 */

type BookRow = { name: string; currency: string; fractionDigits: number; timeZone: string; locale: string; lockDate: Date | null; closingDate: Date | null };

const day = (iso: string | null): Date | null => (iso ? new Date(`${iso}T00:00:00Z`) : null);
const iso = (d: Date | null): string | null => (d ? isoDay(d) : null);

function rowOf(info: BookInfo): BookRow {
  return {
    name: info.name,
    currency: info.currency,
    fractionDigits: info.fractionDigits,
    timeZone: info.timeZone,
    locale: info.locale,
    lockDate: day(info.lockDate),
    closingDate: day(info.closingDate),
  };
}

function same(a: BookRow, b: BookRow): boolean {
  return (
    a.name === b.name &&
    a.currency === b.currency &&
    a.fractionDigits === b.fractionDigits &&
    a.timeZone === b.timeZone &&
    a.locale === b.locale &&
    iso(a.lockDate) === iso(b.lockDate) &&
    iso(a.closingDate) === iso(b.closingDate)
  );
}

const isUniqueViolation = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";

/** Once more after a unique violation: a concurrent page load created the same row first. */
async function raceSafe<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return write();
  }
}

async function writeEntry(db: PrismaClient, userId: string, entry: BkperBookEntry, existing: BookRow | undefined, role: BookRole | undefined): Promise<void> {
  const id = entry.info.id;
  const data = rowOf(entry.info);
  if (!existing) await raceSafe(() => db.book.upsert({ where: { id }, create: { id, ...data }, update: data }));
  else if (!same(existing, data)) await db.book.update({ where: { id }, data });
  if (role === undefined) {
    await raceSafe(() => db.bookMember.upsert({ where: { bookId_userId: { bookId: id, userId } }, create: { bookId: id, userId, role: entry.role }, update: { role: entry.role } }));
  } else if (role !== entry.role) {
    await db.bookMember.update({ where: { bookId_userId: { bookId: id, userId } }, data: { role: entry.role } });
  }
}

/** After listing the user's Bkper Books: mirror them all and drop the memberships of Books no longer listed. */
export async function mirrorBookList(db: PrismaClient, userId: string, entries: BkperBookEntry[]): Promise<void> {
  const ids = entries.map((e) => e.info.id);
  const [books, members] = await Promise.all([
    db.book.findMany({ where: { id: { in: ids } } }),
    db.bookMember.findMany({ where: { userId }, select: { bookId: true, role: true } }),
  ]);
  const bookById = new Map<string, BookRow>(books.map((b) => [b.id, b]));
  const roleByBook = new Map(members.map((m) => [m.bookId, m.role]));
  for (const e of entries) await writeEntry(db, userId, e, bookById.get(e.info.id), roleByBook.get(e.info.id));
  const listed = new Set(ids);
  const gone = members.map((m) => m.bookId).filter((id) => !listed.has(id) && !isLocalBookId(id));
  if (gone.length > 0) await db.bookMember.deleteMany({ where: { userId, bookId: { in: gone } } });
}

/** After reading one Bkper Book for the user: mirror it, or drop the membership when Bkper no longer shares it (null). */
export async function mirrorBook(db: PrismaClient, userId: string, bookId: string, entry: BkperBookEntry | null): Promise<void> {
  if (!entry) {
    if (!isLocalBookId(bookId)) await db.bookMember.deleteMany({ where: { userId, bookId } });
    return;
  }
  const [book, member] = await Promise.all([
    db.book.findUnique({ where: { id: entry.info.id } }),
    db.bookMember.findUnique({ where: { bookId_userId: { bookId: entry.info.id, userId } }, select: { role: true } }),
  ]);
  await writeEntry(db, userId, entry, book ?? undefined, member?.role);
}
