import type { PrismaClient } from "@/lib/generated/prisma/client";
import { checkLimitOptions, retryAfterSeconds, type Clock, type RateLimitDecision, type RateLimiter } from "@/lib/security/rate-limit";

/**
 * A sliding-window limit kept in PostgreSQL (table rate_limit_windows), shared by every process on
 * the database. One row per limit and key holds the epoch-ms times of the hits allowed in the
 * window. A hit is ONE statement, INSERT … ON CONFLICT DO UPDATE: PostgreSQL locks the key's row
 * and computes the update from its latest committed version, so concurrent hits from any number
 * of connections are counted one after the other, never both against the same stale count. The
 * same statement drops the hits that left the window, appends this one when fewer than `limit`
 * remain, and returns whether it did. Rows whose newest hit has left the window are deleted now
 * and then (at most once per `pruneEveryMs` per limiter). Works alike on PGlite (one process).
 */
export type PostgresRateLimitOptions = {
  /** Namespaces the keys (one table for every limit). */
  name: string;
  limit: number;
  windowMs: number;
  db: () => Promise<PrismaClient>;
  now?: Clock;
  pruneEveryMs?: number;
};

type HitRow = { allowed: boolean; n: number; oldest: bigint | null };

export class PostgresRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly name: string;
  private readonly db: () => Promise<PrismaClient>;
  private readonly now: Clock;
  private readonly pruneEveryMs: number;
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(opts: PostgresRateLimitOptions) {
    checkLimitOptions(opts);
    this.name = opts.name;
    this.limit = opts.limit;
    this.windowMs = opts.windowMs;
    this.db = opts.db;
    this.now = opts.now ?? Date.now;
    this.pruneEveryMs = opts.pruneEveryMs ?? 60_000;
  }

  async hit(key: string): Promise<RateLimitDecision> {
    const db = await this.db();
    const now = Math.floor(this.now());
    const nowMs = BigInt(now);
    const cut = BigInt(now - this.windowMs);
    const expires = BigInt(now + this.windowMs);
    const limit = this.limit;
    const rows = await db.$queryRaw<HitRow[]>`
      INSERT INTO rate_limit_windows AS w ("key", hits, allowed, "expiresAtMs")
      VALUES (${`${this.name}:${key}`}, ARRAY[${nowMs}::bigint], true, ${expires}::bigint)
      ON CONFLICT ("key") DO UPDATE SET
        hits = CASE
          WHEN (SELECT count(*) FROM unnest(w.hits) t WHERE t > ${cut}::bigint) < ${limit}::int
            THEN ARRAY(SELECT t FROM unnest(w.hits) t WHERE t > ${cut}::bigint ORDER BY t) || ${nowMs}::bigint
          ELSE ARRAY(SELECT t FROM unnest(w.hits) t WHERE t > ${cut}::bigint ORDER BY t)
        END,
        allowed = (SELECT count(*) FROM unnest(w.hits) t WHERE t > ${cut}::bigint) < ${limit}::int,
        "expiresAtMs" = CASE
          WHEN (SELECT count(*) FROM unnest(w.hits) t WHERE t > ${cut}::bigint) < ${limit}::int THEN ${expires}::bigint
          ELSE w."expiresAtMs"
        END
      RETURNING allowed, cardinality(hits)::int AS n, hits[1] AS oldest`;
    const row = rows[0];
    if (!row) throw new Error("rate limit: the hit returned no row");
    this.maybePrune(db, now);
    if (row.allowed) return { ok: true, remaining: Math.max(0, limit - Number(row.n)) };
    return { ok: false, retryAfterSeconds: retryAfterSeconds(Number(row.oldest ?? now), this.windowMs, now) };
  }

  /** Deletes every window whose newest hit has left it (any limit's). Returns how many went. */
  async prune(now = this.now()): Promise<number> {
    const db = await this.db();
    this.lastPrune = now;
    return db.$executeRaw`DELETE FROM rate_limit_windows WHERE "expiresAtMs" <= ${BigInt(Math.floor(now))}::bigint`;
  }

  private maybePrune(db: PrismaClient, now: number): void {
    if (now - this.lastPrune < this.pruneEveryMs) return;
    this.lastPrune = now;
    void db.$executeRaw`DELETE FROM rate_limit_windows WHERE "expiresAtMs" <= ${BigInt(now)}::bigint`.catch((err: unknown) => {
      console.error(`[rate-limits] could not prune expired windows: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    });
  }
}
