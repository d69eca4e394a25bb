import { createHash, randomUUID } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import type { SqlExecutor } from "./sql";

/**
 * Applies prisma/migrations/* in order, like `prisma migrate deploy`, without Prisma's native
 * schema engine (which cannot be downloaded offline). It keeps Prisma's own `_prisma_migrations`
 * table and checksums, so the Prisma CLI sees the same history where it is available.
 */

export type Migration = { name: string; sql: string; checksum: string };

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

export function migrationsDir(): string {
  return path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations");
}

export async function readMigrations(dir: string = migrationsDir()): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// Same advisory lock key as Prisma's migrate, so concurrent deploys wait for each other.
const ADVISORY_LOCK = 72707369;

type Row = { migration_name: string; checksum: string; finished_at: Date | string | null; rolled_back_at: Date | string | null };

/** Applies what is missing; returns the names applied now. Safe to run concurrently on PostgreSQL. */
export async function applyMigrations(db: SqlExecutor, migrations?: Migration[]): Promise<string[]> {
  const list = migrations ?? (await readMigrations());
  await db.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK]);
  try {
    await db.exec(CREATE_TABLE);
    const { rows } = await db.query<Row>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const failed = rows.find((r) => r.finished_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} failed earlier and was not rolled back; fix the database by hand, then mark it rolled back.`,
      );
    }
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const known = new Set(list.map((m) => m.name));
    const unknown = [...applied.keys()].filter((n) => !known.has(n));
    if (unknown.length > 0) {
      throw new MigrationError(`The database has migrations this version does not know (${unknown.join(", ")}): is the app older than the database?`);
    }
    const done: string[] = [];
    for (const m of list) {
      const checksum = applied.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new MigrationError(`Migration ${m.name} was edited after it was applied (checksum differs). Add a new migration instead.`);
        }
        continue;
      }
      const id = randomUUID();
      await db.exec("BEGIN");
      try {
        await db.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
          [id, m.checksum, m.name],
        );
        await db.exec(m.sql);
        await db.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
        await db.exec("COMMIT");
      } catch (err) {
        await db.exec("ROLLBACK");
        throw new MigrationError(`Migration ${m.name} failed and was rolled back: ${err instanceof Error ? err.message : String(err)}`);
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK]);
  }
}
