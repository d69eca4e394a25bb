import { getConfig } from "@/lib/config";
import { openDatabase, type Database } from "./open";
import { seedDemoData } from "./seed";

/**
 * The app's one database handle. Kept on globalThis so that every bundle Next.js builds
 * (pages, actions, route handlers) shares one PGlite instance and one lock.
 */
const g = globalThis as unknown as { __bankConnectionsDb?: Promise<Database> };

async function open(): Promise<Database> {
  const config = getConfig();
  const target = config.database.kind === "postgres" ? config.database : { kind: "embedded" as const, dataDir: config.dataDir };
  const db = await openDatabase(target, { migrate: config.autoMigrate });
  if (config.sandboxSignIn) await seedDemoData(db.prisma);
  // Close PGlite cleanly on shutdown (a checkpoint), then exit as the signal asked.
  const close = () => {
    const timer = setTimeout(() => process.exit(0), 3000);
    void db.close().finally(() => {
      clearTimeout(timer);
      process.exit(0);
    });
  };
  process.once("SIGTERM", close);
  process.once("SIGINT", close);
  return db;
}

export function getDatabase(): Promise<Database> {
  g.__bankConnectionsDb ??= open().catch((err: unknown) => {
    g.__bankConnectionsDb = undefined;
    throw err;
  });
  return g.__bankConnectionsDb;
}

export async function prisma() {
  return (await getDatabase()).prisma;
}
