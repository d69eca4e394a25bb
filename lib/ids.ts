import { z } from "zod";

/** Ids in URLs and action inputs: cuid-like tokens. Anything else is "not found", never a query. */
export const idSchema = z.string().regex(/^[a-z0-9]{20,40}$/i, "not a valid id");

export function isValidId(value: unknown): value is string {
  return idSchema.safeParse(value).success;
}
