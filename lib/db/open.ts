import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { makePrivate, preparePrivateDataDir } from "@/lib/security/data-dir";
import { acquireDataDirLock } from "./lock";
import { applyMigrations } from "./migrate";
import { postgresAdapter } from "./postgres-adapter";
import { keepJsHeapCompact, pgliteStartParams } from "./pglite-settings";
import type { SqlExecutor } from "./sql";
import { pgliteAdapter } from "./pglite-prepared";

export type DatabaseTarget = { kind: "embedded"; dataDir: string } | { kind: "memory" } | { kind: "postgres"; url: string; preparedStatements?: boolean };

export type Database = {
  prisma: PrismaClient;
  kind: DatabaseTarget["kind"];
  /** The embedded PGlite instance (shared with pg-boss later); undefined on PostgreSQL. */
  pglite?: PGlite;
  /** The PostgreSQL URL; undefined on PGlite. */
  url?: string;
  close(): Promise<void>;
};

export function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    query: async <T,>(sql: string, params?: unknown[]) => ({ rows: (await db.query<T>(sql, params)).rows }),
    exec: async (sql: string) => {
      await db.exec(sql);
    },
  };
}

export function pgClientExecutor(client: pg.Client): SqlExecutor {
  return {
    query: async <T,>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as T[] }),
    exec: async (sql: string) => {
      await client.query(sql);
    },
  };
}

/** Applies pending migrations to a PostgreSQL database over one dedicated connection. */
export async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await applyMigrations(pgClientExecutor(client));
  } finally {
    await client.end();
  }
}

export async function openDatabase(target: DatabaseTarget, opts: { migrate: boolean }): Promise<Database> {
  if (target.kind === "postgres") {
    if (opts.migrate) await migratePostgres(target.url);
    const adapter = postgresAdapter(target.url, { max: 10, preparedStatements: target.preparedStatements });
    const prisma = new PrismaClient({ adapter });
    return { prisma, kind: "postgres", url: target.url, close: () => prisma.$disconnect() };
  }
  // Private files (lib/security/data-dir.ts): umask 077, DATA_DIR 0700, refused if others can write it.
  if (target.kind === "embedded") preparePrivateDataDir(target.dataDir);
  const release = target.kind === "embedded" ? acquireDataDirLock(target.dataDir) : () => {};
  try {
    // Memory settings for an in-process database (./pglite-settings.ts); the embedded default's
    // process also keeps its JavaScript heap near its live size.
    const options = { startParams: pgliteStartParams() };
    if (target.kind === "embedded") keepJsHeapCompact();
    const pglite = target.kind === "embedded" ? new PGlite(path.join(target.dataDir, "pglite"), options) : new PGlite(options);
    await pglite.waitReady;
    if (opts.migrate) await applyMigrations(pgliteExecutor(pglite));
    // PGlite writes its initial cluster 0666 and its relcache init files 0644 whatever the umask.
    if (target.kind === "embedded") makePrivate(path.join(target.dataDir, "pglite"));
    const prisma = new PrismaClient({ adapter: pgliteAdapter(pglite) });
    let closed = false;
    return {
      prisma,
      kind: target.kind,
      pglite,
      close: async () => {
        if (closed) return;
        closed = true;
        await prisma.$disconnect();
        await pglite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
