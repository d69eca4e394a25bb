import { createHash, randomFillSync } from "node:crypto";
import { z } from "zod";

/** Ids in URLs and action inputs: cuid-like tokens. Anything else is "not found", never a query. */
export const idSchema = z.string().regex(/^[a-z0-9]{20,40}$/i, "not a valid id");

export function isValidId(value: unknown): value is string {
  return idSchema.safeParse(value).success;
}

/** Ids for new rows (cuid-like, so `idSchema` accepts them), e.g. before a secret is sealed to the id. */
export function newId(): string {
  if (poolAt + ID_BYTES > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  let id = "c";
  for (let i = poolAt; i < poolAt + ID_BYTES; i++) id += ALPHABET[pool[i]! % 36];
  poolAt += ID_BYTES;
  return id;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const ID_BYTES = 24;
// Random bytes drawn 4 KiB at a time: a backfill makes tens of thousands of ids, and one
// randomBytes call per id cost more than the rest of making it. Each byte is used once.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/**
 * A stable reference to the provider's item (for uniqueness and webhook look-ups) that does not
 * reveal the item id: SHA-256 of a random 128-bit id cannot be reversed.
 */
export function itemRef(provider: string, itemId: string): string {
  return createHash("sha256").update(`${provider}:${itemId}`).digest("hex");
}
