import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { migratePostgres, openDatabase, type Database } from "@/lib/db/open";
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
  /** PGlite only: a second client on the same database through yieldingAdapter (what-if). */
  yieldingPrisma?: PrismaClient;
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

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

function yieldingQueryable<T extends SqlQueryable>(inner: T): T {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === "queryRaw" || prop === "executeRaw") {
        const method = target[prop].bind(target);
        return async (query: Parameters<typeof method>[0]) => {
          await nextMacrotask();
          return method(query);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * WHAT-IF, not the app's code: a driver adapter that lets the event loop run (setImmediate)
 * before every statement. PGlite executes synchronously inside this thread and its promises
 * resolve as microtasks, so without it a chain of queries never lets timers or I/O run.
 */
export function yieldingAdapter(inner: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    new Proxy(yieldingQueryable(adapter), {
      get(target, prop) {
        if (prop === "startTransaction") {
          return async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) => yieldingQueryable(await adapter.startTransaction(...args));
        }
        return Reflect.get(target, prop, target);
      },
    });
  return { provider: inner.provider, adapterName: inner.adapterName, connect: async () => wrap(await inner.connect()) };
}

/**
 * A migrated PGlite data directory, closed again. The first open of a new directory runs initdb,
 * which leaves ≈ 0.5 GB of RSS behind in that process; the app usually starts on an existing one.
 */
export async function preparePgliteDir(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-bench-pglite-"));
  await (await openDatabase({ kind: "embedded", dataDir }, { migrate: true })).close();
  return dataDir;
}

/** PGlite as the embedded default runs it: file-backed in a data directory (by default a new temporary one). */
export async function openPglite(opts: { dataDir?: string } = {}): Promise<BenchDb> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "bc-bench-pglite-"));
  const db = await openDatabase({ kind: "embedded", dataDir }, { migrate: true });
  const pglite = db.pglite!;
  const queries = newCounter();
  const prisma = counting(queries, (log) => new PrismaClient({ adapter: new PrismaPGlite(pglite), log }));
  const yieldingPrisma = counting(queries, (log) => new PrismaClient({ adapter: yieldingAdapter(new PrismaPGlite(pglite)), log }));
  return {
    name: "pglite",
    label: "PGlite (embedded, file-backed)",
    prisma,
    yieldingPrisma,
    database: { ...db, prisma },
    queries,
    close: async () => {
      await prisma.$disconnect();
      await yieldingPrisma.$disconnect();
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
