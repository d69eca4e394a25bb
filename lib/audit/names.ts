import type { AuditDb } from "./record";

/** The Book's name for an audit record's details (kept there so the record reads well later). */
export async function bookNameOf(db: AuditDb, bookId: string): Promise<string | undefined> {
  return (await db.book.findUnique({ where: { id: bookId }, select: { name: true } }))?.name;
}

/** "Checking •••• 0000": an institution account as people recognise it (never the full number). */
export function accountLabel(a: { name: string; mask: string | null }): string {
  return a.mask ? `${a.name} •••• ${a.mask}` : a.name;
}
