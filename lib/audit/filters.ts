import { z } from "zod";
import { en } from "@/lib/i18n/messages/en";
import { AUDIT_ACTION_NAMES, type AuditAction } from "./actions";

/**
 * The audit view's query string (?action=…&connection=…&before=…), parsed with zod. A bad value is
 * dropped with a note the page shows (in English, the dictionary's `audit.notes`; AuditNotes shows
 * it in the reader's language); it never fails the page.
 */
export type AuditFilters = { action?: AuditAction; connectionId?: string; before?: AuditCursor };
export type AuditCursor = { at: Date; id: string };

const one = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().trim().optional());
const actionSchema = z.enum(AUDIT_ACTION_NAMES);
const idSchema = z.string().regex(/^[a-z0-9]{8,40}$/);
const cursorSchema = z
  .string()
  .regex(/^\d{13}_[a-z0-9]{8,40}$/)
  .transform((v): AuditCursor => {
    const [ms, id] = v.split("_") as [string, string];
    return { at: new Date(Number(ms)), id };
  });

export function encodeCursor(c: AuditCursor): string {
  return `${String(c.at.getTime()).padStart(13, "0")}_${c.id}`;
}

export function parseAuditFilters(raw: Record<string, string | string[] | undefined>): { filters: AuditFilters; notes: string[] } {
  const filters: AuditFilters = {};
  const notes: string[] = [];
  const action = one.safeParse(raw.action).data;
  if (action) {
    const parsed = actionSchema.safeParse(action);
    if (parsed.success) filters.action = parsed.data;
    else notes.push(en.audit.notes.action);
  }
  const connection = one.safeParse(raw.connection).data;
  if (connection) {
    const parsed = idSchema.safeParse(connection);
    if (parsed.success) filters.connectionId = parsed.data;
    else notes.push(en.audit.notes.connection);
  }
  const before = one.safeParse(raw.before).data;
  if (before) {
    const parsed = cursorSchema.safeParse(before);
    if (parsed.success && !Number.isNaN(parsed.data.at.getTime())) filters.before = parsed.data;
    else notes.push(en.audit.notes.before);
  }
  return { filters, notes };
}

/** The query string for a filter set (empty values left out). */
export function auditQuery(f: { action?: string; connection?: string; before?: string }): string {
  const q = new URLSearchParams();
  if (f.action) q.set("action", f.action);
  if (f.connection) q.set("connection", f.connection);
  if (f.before) q.set("before", f.before);
  const s = q.toString();
  return s ? `?${s}` : "";
}
