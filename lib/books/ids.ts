import { z } from "zod";

/**
 * Book ids in URLs and action inputs. Local Books have cuids (25 lowercase letters and digits, starting
 * with "c"); Bkper Books have Bkper's own ids, URL-safe base64 (letters of both cases, digits, "-" and "_",
 * about 40–60 characters). Anything else is "not found", never a query.
 */
export const bookIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, "not a valid Book id");

export function isBookId(value: unknown): value is string {
  return bookIdSchema.safeParse(value).success;
}

/** Ids the portal gives its own Books (Prisma's cuid()): never a Bkper Book id. */
export function isLocalBookId(id: string): boolean {
  return /^c[a-z0-9]{24}$/.test(id);
}

/** Account ids: local cuids or Bkper's ids (same alphabet as Book ids). */
export const bookAccountIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,160}$/, "not a valid Account id");
