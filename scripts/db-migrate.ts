/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (production PostgreSQL), or to
 * the embedded database under DATA_DIR when DATABASE_URL is unset. Safe to run from several
 * machines at once (advisory lock). Prints one line per applied migration.
 */
import { ConfigError, getConfig } from "@/lib/config";
import { DataDirLockedError } from "@/lib/db/lock";
import { MigrationError } from "@/lib/db/migrate";
import { migratePostgres, openDatabase } from "@/lib/db/open";

async function main(): Promise<void> {
  const config = getConfig();
  let applied: string[];
  if (config.database.kind === "postgres") {
    applied = await migratePostgres(config.database.url);
  } else {
    const before = Date.now();
    const db = await openDatabase({ kind: "embedded", dataDir: config.dataDir }, { migrate: true });
    await db.close();
    applied = [`(embedded database in ${config.dataDir} is up to date, ${Date.now() - before} ms)`];
  }
  if (applied.length === 0) console.log("The database is up to date.");
  for (const name of applied) console.log(`applied ${name}`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof MigrationError) {
    for (const line of err.message.split("\n")) console.error(`db:migrate: ${line}`);
  } else {
    console.error(`db:migrate: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
  process.exit(1);
});
