import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { pgliteExecutor, pgClientExecutor } from "@/lib/db/open";
import { seedDemoData } from "@/lib/db/seed";
import { databaseBackends, type Backend } from "../helpers/databases";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

describe.each(databaseBackends())("migrations and demo data on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("applies every committed migration to an empty database and records it like Prisma does", async () => {
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: Date | null }[]>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    expect(rows.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("seeds the demo users and Books once, and a second run creates nothing", async () => {
    expect(await seedDemoData(db.prisma)).toEqual({ created: true });
    expect(await seedDemoData(db.prisma)).toEqual({ created: false });
    const acme = await db.prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" }, include: { members: { include: { user: true } } } });
    const roles = Object.fromEntries(acme.members.map((m) => [m.user.email, m.role]));
    expect(roles).toEqual({ "client@example.com": "OWNER", "bookkeeper@example.com": "EDITOR", "viewer@example.com": "VIEWER", "poster@example.com": "POSTER", "recorder@example.com": "RECORDER" });
    const practice = await db.prisma.book.findFirstOrThrow({ where: { name: "Bookkeeping Practice" }, include: { members: { include: { user: true } } } });
    expect(practice.members.map((m) => [m.user.email, m.role])).toEqual([["bookkeeper@example.com", "OWNER"]]);
    const padaria = await db.prisma.book.findFirstOrThrow({ where: { name: "Padaria Brasil" }, include: { members: { include: { user: true } } } });
    expect(padaria).toMatchObject({ currency: "BRL", locale: "pt-BR", timeZone: "America/Sao_Paulo", fractionDigits: 2 });
    expect(padaria.members.map((m) => [m.user.email, m.role])).toEqual([["padaria@example.com", "OWNER"]]);
    expect(await db.prisma.book.count()).toBe(3);
    expect(await db.prisma.ledgerAccount.count({ where: { bookId: acme.id } })).toBeGreaterThanOrEqual(3);
  });
});

// Each test boots a fresh PGlite (wasm): seconds when idle, far more on a busy 2-core machine.
describe("the migration runner", { timeout: 120_000 }, () => {
  it("is idempotent and refuses an edited migration", async () => {
    const pglite = new PGlite();
    const sql = pgliteExecutor(pglite);
    const migrations = await readMigrations();
    expect(await applyMigrations(sql, migrations)).toEqual(migrations.map((m) => m.name));
    expect(await applyMigrations(sql, migrations)).toEqual([]);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(applyMigrations(sql, edited)).rejects.toThrow(/edited after it was applied/);
    await pglite.close();
  });

  it("rolls back a failing migration and leaves no trace of it", async () => {
    const pglite = new PGlite();
    const sql = pgliteExecutor(pglite);
    const bad = [{ name: "0001_bad", sql: "CREATE TABLE a (id int); SELECT * FROM missing_table;", checksum: "x".repeat(64) }];
    await expect(applyMigrations(sql, bad)).rejects.toThrow(/0001_bad failed and was rolled back/);
    const tables = await pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'a'`);
    expect(tables.rows[0]?.n).toBe(0);
    const rows = await pglite.query(`SELECT * FROM "_prisma_migrations"`);
    expect(rows.rows).toHaveLength(0);
    await pglite.close();
  });

  it("exports a client executor for PostgreSQL", () => {
    expect(typeof pgClientExecutor(new pg.Client()).query).toBe("function");
  });
});
