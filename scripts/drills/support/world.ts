import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sandboxApiKeysIn } from "@/lib/secrets";
import { openDatabase, type Database } from "@/lib/db/open";
import { seedDemoData } from "@/lib/db/seed";
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, postgresAnswers } from "@/tests/helpers/postgres";
import { startDrillSandbox, type DrillSandbox } from "./sandbox";

/**
 * A drill's world: the sandbox banks, a scratch PostgreSQL database (migrated, demo data seeded)
 * and the environment a worker process needs to reach both (DATABASE_URL, TOKEN_ENCRYPTION_KEYS,
 * APP_URL) — also applied to this process, so in-process code decrypts with the same key.
 */
export type DrillWorld = {
  db: Database;
  databaseUrl: string;
  sandbox: DrillSandbox;
  /** The environment of worker processes (and of this process). */
  env: Record<string, string>;
  /** The demo client and their Book, Acme Ltd. */
  clientId: string;
  bookId: string;
  close(): Promise<void>;
};

export class NoPostgresError extends Error {
  constructor(readonly url: string) {
    super(`PostgreSQL did not answer at ${url}. Start one (source scripts/ensure-postgres.sh) or set TEST_POSTGRES_URL.`);
    this.name = "NoPostgresError";
  }
}

export function adminPostgresUrl(): string {
  return process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
}

/** Applies variables to this process and forgets the parsed configuration and provider clients built from the old ones. */
export function applyEnv(vars: Record<string, string>): void {
  for (const [k, v] of Object.entries(vars)) process.env[k] = v;
  const g = globalThis as { __bankConnectionsConfig?: unknown; __bankProviders?: unknown };
  g.__bankConnectionsConfig = undefined;
  g.__bankProviders = undefined;
}

export async function createWorld(label: string, opts: { plaidTimeoutMs?: number; pluggyHistoryDays?: number } = {}): Promise<DrillWorld> {
  const admin = adminPostgresUrl();
  if (!(await postgresAnswers(admin))) throw new NoPostgresError(admin);
  const scratch = await createScratchDatabase(admin, `drill_${label}`);
  // The worker's DATA_DIR holds the sandbox keys it sends (lib/secrets.ts); the drill's clients use the same.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `drill-${label}-`));
  const sandbox = await startDrillSandbox({ ...opts, keys: sandboxApiKeysIn(dataDir) });
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: scratch.url,
    TOKEN_ENCRYPTION_KEYS: `drill:${randomBytes(32).toString("base64")}`,
    APP_URL: sandbox.appUrl,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    SYNC_WORKER: "off",
  };
  applyEnv(env);
  let db: Database | null = null;
  try {
    db = await openDatabase({ kind: "postgres", url: scratch.url }, { migrate: true });
    await seedDemoData(db.prisma);
    const clientId = (await db.prisma.user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    const bookId = (await db.prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    const opened = db;
    return {
      db: opened,
      databaseUrl: scratch.url,
      sandbox,
      env,
      clientId,
      bookId,
      close: async () => {
        await opened.close().catch(() => undefined);
        await sandbox.close().catch(() => undefined);
        await scratch.drop().catch(() => undefined);
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await db?.close().catch(() => undefined);
    await sandbox.close().catch(() => undefined);
    await scratch.drop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
