import type { TestProject } from "vitest/node";
import { DEFAULT_TEST_POSTGRES_URL, postgresAnswers } from "./postgres";
import { DEFAULT_TEST_REDIS_URL, redisAnswers } from "./redis";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
    redisUrl: string | null;
  }
}

/**
 * Decides once per run whether the PostgreSQL half of the database tests can run.
 * scripts/test.sh sets TEST_POSTGRES_URL (a running server or a throwaway cluster it started).
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
  const ok = await postgresAnswers(url);
  if (!ok) {
    const msg = `\n!!! PostgreSQL did not answer at ${url}: the PostgreSQL half of the database tests is SKIPPED.\n!!! Run the suite with \`npm test\` (it starts a throwaway cluster) or set TEST_POSTGRES_URL.\n`;
    console.warn(msg);
    if (process.env.REQUIRE_POSTGRES === "true") throw new Error("REQUIRE_POSTGRES=true but PostgreSQL is not reachable");
  }
  project.provide("postgresUrl", ok ? url : null);

  // Redis: only the Redis store of the shared rate limits needs it (REDIS_URL).
  const redisUrl = process.env.TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
  const redisOk = await redisAnswers(redisUrl);
  if (!redisOk) {
    console.warn(`\n!!! Redis did not answer at ${redisUrl}: the Redis rate-limit tests are SKIPPED (set TEST_REDIS_URL).\n`);
    if (process.env.REQUIRE_REDIS === "true") throw new Error("REQUIRE_REDIS=true but Redis is not reachable");
  }
  project.provide("redisUrl", redisOk ? redisUrl : null);
}
