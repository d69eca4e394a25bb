import { inject } from "vitest";
import { openDatabase, type Database } from "@/lib/db/open";
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
