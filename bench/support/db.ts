import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { postgresAdapter } from "@/lib/db/postgres-adapter";
import { migratePostgres, openDatabase, type Database } from "@/lib/db/open";
import { pgliteAdapter } from "@/lib/db/pglite-prepared";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createScratchDatabase, postgresAnswers } from "../../tests/helpers/postgres";
import { countingClient, newCounter, type QueryCounter } from "../../tests/helpers/statement-counter";

/** DATABASE_PREPARED_STATEMENTS=false runs the bench without prepared statements, as the app then does (an A/B of lib/db/statement-names.ts). */
const PREPARED_STATEMENTS = process.env.DATABASE_PREPARED_STATEMENTS !== "false";

/**
 * The two databases the app supports, each behind a PrismaClient that counts the SQL statements
 * it sends (tests/helpers/statement-counter.ts: a transaction's BEGIN and COMMIT count as two).
 */
export type { QueryCounter };

export type BenchDb = {
  name: "pglite" | "postgres";
  label: string;
  prisma: PrismaClient;
  /** What lib/sync/queue.ts openSyncQueue needs (pglite instance or url). */
  database: Database;
  queries: QueryCounter;
  close(): Promise<void>;
};

/**
 * A migrated PGlite data directory, closed again. The first open of a new directory runs initdb:
 * slow (half a minute on a busy machine) and leaving ≈ 0.5 GB of RSS behind in that process. The
 * app usually starts on an existing one, and so does the bench, on copies (copyPgliteDir).
 */
export async function preparePgliteDir(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-bench-pglite-"));
  await (await openDatabase({ kind: "embedded", dataDir }, { migrate: true })).close();
  return dataDir;
}

export function copyPgliteDir(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "bc-bench-pglite-"));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

/** PGlite as the embedded default runs it: file-backed, in a prepared data directory (removed on close). */
export async function openPglite(dataDir: string): Promise<BenchDb> {
  const db = await openDatabase({ kind: "embedded", dataDir }, { migrate: true });
  const pglite = db.pglite!;
  const queries = newCounter();
  // The adapter lib/db/open.ts gives the app's client, on a client of our own that logs its queries.
  const prisma = countingClient(queries, (log) => new PrismaClient({ adapter: pgliteAdapter(pglite, { preparedStatements: PREPARED_STATEMENTS }), log }));
  return {
    name: "pglite",
    label: "PGlite (embedded, file-backed)",
    prisma,
    database: { ...db, prisma },
    queries,
    close: async () => {
      await prisma.$disconnect();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postgresAdminUrl(): Promise<string | null> {
  for (const url of [process.env.TEST_POSTGRES_URL, "postgres://postgres@127.0.0.1:5432/test"]) {
    if (url && (await postgresAnswers(url))) return url;
  }
  return null;
}

/** A scratch database on the PostgreSQL server, dropped on close; pool of 10 as lib/db/open.ts. */
export async function openPostgres(adminUrl: string): Promise<BenchDb> {
  const scratch = await createScratchDatabase(adminUrl, "bench");
  await migratePostgres(scratch.url);
  const queries = newCounter();
  const prisma = countingClient(queries, (log) => new PrismaClient({ adapter: postgresAdapter(scratch.url, { max: 10, preparedStatements: PREPARED_STATEMENTS }), log }));
  const version = (await prisma.$queryRaw<{ v: string }[]>`SELECT current_setting('server_version') AS v`)[0]?.v ?? "?";
  return {
    name: "postgres",
    label: `PostgreSQL ${version} (${new URL(adminUrl).host})`,
    prisma,
    database: { prisma, kind: "postgres", url: scratch.url, close: () => prisma.$disconnect() },
    queries,
    close: async () => {
      await prisma.$disconnect();
      await scratch.drop();
    },
  };
}
