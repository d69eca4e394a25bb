import { Prisma } from "@/lib/generated/prisma/client";

/** A timestamp parameter for Prisma's `timestamp(3)` columns, which hold UTC, in raw SQL. */
export const utcTimestamp = (d: Date): Prisma.Sql => Prisma.sql`${d.toISOString().replace("Z", "")}::timestamp`;
