import { inject } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { openDatabase, type Database } from "@/lib/db/open";
import { pgliteAdapter } from "@/lib/db/pglite-prepared";
import { createScratchDatabase } from "./postgres";

/**
 * The database-backed tests run on both engines the app supports: PGlite (the embedded default)
 * and PostgreSQL (production). Use `describe.each(databaseBackends())`.
 */
export type Backend = { name: "pglite" | "postgres"; open(): Promise<Database & { url?: string }> };

export function databaseBackends(): Backend[] {
  const pgUrl = inject("postgresUrl");
  const list: Backend[] = [
    { name: "pglite", open: () => openDatabase({ kind: "memory" }, { migrate: true }) },
  ];
  if (pgUrl) {
    list.push({
      name: "postgres",
      open: async () => {
        const scratch = await createScratchDatabase(pgUrl, "t");
        const db = await openDatabase({ kind: "postgres", url: scratch.url }, { migrate: true });
        return {
          ...db,
          url: scratch.url,
          close: async () => {
            await db.close();
            await scratch.drop();
          },
        };
      },
    });
  }
  return list;
}

/**
 * A second client on the database `backend` opened, as a second app instance would have: on
 * PostgreSQL another pool (another PrismaClient) on the same database; PGlite is one process by
 * design, so another PrismaClient over the same instance.
 */
export async function secondClient(backend: Backend, database: Database & { url?: string }): Promise<{ prisma: PrismaClient; close: () => Promise<void> }> {
  if (backend.name === "postgres") {
    const other = await openDatabase({ kind: "postgres", url: database.url! }, { migrate: false });
    return { prisma: other.prisma, close: other.close };
  }
  const prisma = new PrismaClient({ adapter: pgliteAdapter(database.pglite!) });
  return { prisma, close: () => prisma.$disconnect() };
}
