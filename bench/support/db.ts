import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { migratePostgres, openDatabase, type Database } from "@/lib/db/open";
import { yieldingAdapter } from "@/lib/db/yielding-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createScratchDatabase, postgresAnswers } from "../../tests/helpers/postgres";

/**
 * The two databases the app supports, each behind a PrismaClient that counts the SQL statements
 * it sends (Prisma's `query` log events). A transaction's BEGIN is issued by the driver adapter and
 * not logged; its COMMIT/ROLLBACK is — so `statements` adds one per COMMIT/ROLLBACK seen.
 */
export type QueryCounter = {
  statements: number;
  transactions: number;
  /** Statement kinds (their first words) → count and total ms, since the last reset. */
  profile: Map<string, { count: number; ms: number }>;
  reset(): void;
  /** The statement kinds that took the most time, for the report. */
  top(n: number): { statement: string; count: number; ms: number }[];
};

export type BenchDb = {
  name: "pglite" | "postgres";
  label: string;
  prisma: PrismaClient;
  /** What lib/sync/queue.ts openSyncQueue needs (pglite instance or url). */
  database: Database;
  queries: QueryCounter;
  close(): Promise<void>;
};

function newCounter(): QueryCounter {
  return {
    statements: 0,
    transactions: 0,
    profile: new Map(),
    reset() {
      this.statements = 0;
      this.transactions = 0;
      this.profile.clear();
    },
    top(n) {
      return [...this.profile].map(([statement, v]) => ({ statement, count: v.count, ms: Math.round(v.ms) })).sort((a, b) => b.ms - a.ms).slice(0, n);
    },
  };
}

function counting(queries: QueryCounter, make: (log: { emit: "event"; level: "query" }[]) => PrismaClient): PrismaClient {
  const prisma = make([{ emit: "event", level: "query" }]);
  (prisma as unknown as { $on(ev: "query", cb: (e: { query: string; duration: number }) => void): void }).$on("query", (e) => {
    queries.statements++;
    const key = e.query.replace(/\s+/g, " ").trim().replace(/"public"\./g, "").slice(0, 70);
    const p = queries.profile.get(key) ?? { count: 0, ms: 0 };
    p.count++;
    p.ms += Number(e.duration) || 0;
    queries.profile.set(key, p);
    // PostgreSQL logs "COMMIT"; PGlite's adapter logs '-- Implicit "COMMIT" query via underlying driver'.
    if (/^(COMMIT|ROLLBACK)$|Implicit "(COMMIT|ROLLBACK)"/.test(e.query)) {
      queries.statements++; // the BEGIN the adapter sent
      queries.transactions++;
    }
  });
  return prisma;
}

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
  const prisma = counting(queries, (log) => new PrismaClient({ adapter: yieldingAdapter(new PrismaPGlite(pglite)), log }));
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
  const prisma = counting(queries, (log) => new PrismaClient({ adapter: new PrismaPg({ connectionString: scratch.url, max: 10 }), log }));
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
