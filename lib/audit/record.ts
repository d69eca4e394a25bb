import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { AuditAction } from "./actions";

/**
 * The one way to write the audit trail. Append-only: nothing in the code updates or deletes an
 * AuditEvent (tests/audit/append-only.test.ts keeps it so). Works inside a transaction too, so an
 * action and its record commit together.
 */
export type AuditDb = PrismaClient | Prisma.TransactionClient;

export type AuditDetails = Record<string, string | number | boolean | null | undefined>;

export type AuditInput = {
  action: AuditAction;
  /** Who did it; null for the system (sync engine, webhooks). */
  actorId?: string | null;
  /** The Book it was done in; null when no Book is involved (a webhook, a background sync). */
  bookId?: string | null;
  connectionId?: string | null;
  /** Names and values to describe the event later, even after the connection is gone. Never secrets nor IPs. */
  details?: AuditDetails;
};

const MAX_TEXT = 500;

/** Keys that could carry a credential or an address; never written, whatever a caller passes. */
const FORBIDDEN_KEY = /token|secret|password|credential|authorization|cookie|^ip$|ipaddress|remoteaddr/i;

/** Short, JSON-safe details: undefined and forbidden keys dropped, long text cut. */
export function cleanDetails(details: AuditDetails = {}): Prisma.InputJsonObject {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined || FORBIDDEN_KEY.test(key)) continue;
    if (typeof value === "number" && !Number.isFinite(value)) continue;
    out[key] = typeof value === "string" && value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value;
  }
  return out;
}

export async function recordAudit(db: AuditDb, input: AuditInput): Promise<{ id: string }> {
  return db.auditEvent.create({
    data: {
      action: input.action,
      actorId: input.actorId ?? null,
      bookId: input.bookId ?? null,
      connectionId: input.connectionId ?? null,
      details: cleanDetails(input.details),
    },
    select: { id: true },
  });
}
