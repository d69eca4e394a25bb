import { randomBytes } from "node:crypto";
import pg from "pg";
import { seedLoadData, type LoadSeedOptions, type SeedCounts } from "./seed";

/** The secrets the load servers run with, made fresh for each run. */
export type LoadSecrets = { AUTH_SECRET: string; TOKEN_ENCRYPTION_KEYS: string; PLUGGY_WEBHOOK_SECRET: string };

/**
 * What `npm run load` and `npm run load -- --instances 2` do to their empty database: make the
 * run's secrets, put them and DATABASE_URL into this process's environment (lib/ reads its
 * configuration from it on first use, the same as the servers'), migrate, and seed with bulk SQL
 * (bench/load/seed.ts). Returns the secrets, the counts seeded and the open client, which the
 * caller closes.
 */
export async function migrateAndSeed(url: string, seed: Partial<Omit<LoadSeedOptions, "seal">> = {}): Promise<{ secrets: LoadSecrets; seeded: SeedCounts; client: pg.Client; seconds: number }> {
  const secrets: LoadSecrets = {
    AUTH_SECRET: randomBytes(32).toString("base64"),
    TOKEN_ENCRYPTION_KEYS: `load:${randomBytes(32).toString("base64")}`,
    PLUGGY_WEBHOOK_SECRET: randomBytes(24).toString("base64url"),
  };
  Object.assign(process.env, { DATABASE_URL: url, ...secrets });
  const { migratePostgres, pgClientExecutor } = await import("@/lib/db/open");
  const { sealSecret } = await import("@/lib/connections/secret");
  await migratePostgres(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = performance.now();
    const seeded = await seedLoadData(pgClientExecutor(client), { ...seed, seal: sealSecret });
    return { secrets, seeded, client, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}
