/**
 * Writes a new migration for the changes in prisma/schema.prisma, offline.
 *
 *   npm run db:diff -- <name>
 *
 * The Prisma CLI downloads a native schema engine for `migrate dev`, which fails without internet.
 * This uses the schema engine's WebAssembly build instead, with an in-memory PGlite as the shadow
 * database: it replays the committed migrations there and diffs the result against the schema, so
 * the SQL is the same as `prisma migrate diff --from-migrations --to-schema` would print.
 */
import { readFile, readdir, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const root = path.resolve(import.meta.dirname, "..");
const migrationsDir = path.join(root, "prisma", "migrations");
const schemaPath = path.join(root, "prisma", "schema.prisma");

interface SchemaEngineLike {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

async function loadSchemaEngine(): Promise<{ new: (o: unknown, cb: (l: string) => void, a: object) => Promise<SchemaEngineLike> }> {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  const bg = (await import(path.join(pkgDir, "schema_engine_bg.js"))) as Record<string, unknown> & {
    __wbg_set_wasm: (w: unknown) => void;
    SchemaEngine: { new: (o: unknown, cb: (l: string) => void, a: object) => Promise<SchemaEngineLike> };
  };
  const bytes = await readFile(path.join(pkgDir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as WebAssembly.ModuleImports });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg.SchemaEngine;
}

async function main(): Promise<void> {
  const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  if (!name) throw new Error("usage: npm run db:diff -- <migration_name>");
  await mkdir(migrationsDir, { recursive: true });
  const dirs = (await readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (dir) => ({
      path: dir,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: await readFile(path.join(migrationsDir, dir, "migration.sql"), "utf8") },
      },
    })),
  );
  const schema = await readFile(schemaPath, "utf8");
  const SchemaEngine = await loadSchemaEngine();
  const pglite = new PGlite();
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite));
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => {}, factory);
  try {
    const result = await engine.diff({
      from: {
        tag: "migrations",
        baseDir: migrationsDir,
        lockfile: { path: "migration_lock.toml", content: 'provider = "postgresql"\n' },
        shadowDbInitScript: "",
        migrationDirectories,
      },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = result.stdout ?? "";
    if (result.exitCode === 0 || !sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
      console.log("No schema changes: no migration written.");
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "migration.sql"), sql);
    await writeFile(path.join(migrationsDir, "migration_lock.toml"), '# Do not edit: the migration provider.\nprovider = "postgresql"\n');
    console.log(`Wrote ${path.relative(root, dir)}/migration.sql`);
  } finally {
    engine.free();
    await pglite.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
