import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/** Ids in URLs and action inputs: cuid-like tokens. Anything else is "not found", never a query. */
export const idSchema = z.string().regex(/^[a-z0-9]{20,40}$/i, "not a valid id");

export function isValidId(value: unknown): value is string {
  return idSchema.safeParse(value).success;
}

/** Ids for new rows (cuid-like, so `idSchema` accepts them), e.g. before a secret is sealed to the id. */
export function newId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(24);
  return "c" + Array.from(bytes, (b) => alphabet[b % 36]).join("");
}

/**
 * A stable reference to the provider's item (for uniqueness and webhook look-ups) that does not
 * reveal the item id: SHA-256 of a random 128-bit id cannot be reversed.
 */
export function itemRef(provider: string, itemId: string): string {
  return createHash("sha256").update(`${provider}:${itemId}`).digest("hex");
}
