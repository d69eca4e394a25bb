/**
 * The rate limits' stores (lib/rate-limits/): the same sliding window in memory, in the database
 * (PGlite and PostgreSQL) and in Redis; and, for the shared ones, two limiter instances over two
 * separate clients of the same database / Redis — two app instances — obey ONE limit under
 * concurrent hits, where two memory limiters would each allow the limit.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { PrismaClient } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db/open";
import { FallbackRateLimiter } from "@/lib/rate-limits/fallback";
import { PostgresRateLimiter } from "@/lib/rate-limits/postgres";
import { RedisRateLimiter, type RedisEval } from "@/lib/rate-limits/redis";
import { MemoryRateLimiter, type RateLimiter } from "@/lib/security/rate-limit";
import { databaseBackends, secondClient } from "../helpers/databases";
import { testRedisUrl } from "../helpers/redis";

type Opts = { name: string; limit: number; windowMs: number; now: () => number };
/** Two "instances" of one store: `a` and `b` must share their windows. */
type Store = { name: string; a(o: Opts): RateLimiter; b(o: Opts): RateLimiter; setUp(): Promise<void>; tearDown(): Promise<void> };

const clock = (start = 1_000_000_000) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};
const unique = () => `t${randomBytes(5).toString("hex")}`;

function databaseStore(backend: ReturnType<typeof databaseBackends>[number]): Store {
  let first: Database;
  let second: PrismaClient;
  let closeSecond: () => Promise<void>;
  return {
    name: `database on ${backend.name}`,
    setUp: async () => {
      first = await backend.open();
      ({ prisma: second, close: closeSecond } = await secondClient(backend, first));
    },
    tearDown: async () => {
      await closeSecond?.();
      await first?.close();
    },
    a: (o) => new PostgresRateLimiter({ ...o, db: async () => first.prisma }),
    b: (o) => new PostgresRateLimiter({ ...o, db: async () => second }),
  };
}

const connectRedis = (url: string) => createClient({ url }).connect();

function redisStore(url: string): Store {
  const clients: Awaited<ReturnType<typeof connectRedis>>[] = [];
  const prefix = `bank-connections-test:${unique()}:`;
  return {
    name: "Redis",
    setUp: async () => {
      for (let i = 0; i < 2; i++) clients.push(await connectRedis(url));
    },
    tearDown: async () => {
      const keys = clients[0] ? await clients[0].keys(`${prefix}*`) : [];
      if (keys.length) await clients[0]!.del(keys);
      for (const c of clients) await c.close();
    },
    a: (o) => new RedisRateLimiter({ ...o, prefix, client: async () => clients[0] as RedisEval }),
    b: (o) => new RedisRateLimiter({ ...o, prefix, client: async () => clients[1] as RedisEval }),
  };
}

const redisUrl = testRedisUrl();
const stores: Store[] = [
  { name: "memory", setUp: async () => {}, tearDown: async () => {}, a: (o) => new MemoryRateLimiter(o), b: () => null as unknown as RateLimiter },
  ...databaseBackends().map(databaseStore),
  ...(redisUrl ? [redisStore(redisUrl)] : []),
];

describe.each(stores)("rate limits in $name", (store) => {
  beforeAll(() => store.setUp(), 180_000);
  afterAll(() => store.tearDown());

  it("allows `limit` hits per window, refuses the next with the seconds to wait, recovers as hits leave the window", async () => {
    const c = clock();
    const l = store.a({ name: unique(), limit: 3, windowMs: 60_000, now: c.now });
    expect(await l.hit("a")).toEqual({ ok: true, remaining: 2 });
    c.advance(10_000);
    expect(await l.hit("a")).toEqual({ ok: true, remaining: 1 });
    expect(await l.hit("a")).toEqual({ ok: true, remaining: 0 });
    expect(await l.hit("a")).toEqual({ ok: false, retryAfterSeconds: 50 });
    c.advance(49_000);
    expect(await l.hit("a")).toEqual({ ok: false, retryAfterSeconds: 1 });
    c.advance(1_000);
    // The first hit has left the window: one more is allowed, and refused attempts were not counted.
    expect(await l.hit("a")).toEqual({ ok: true, remaining: 0 });
    expect((await l.hit("a")).ok).toBe(false);
    expect((await l.hit("b")).ok).toBe(true); // keys apart
    c.advance(60_000);
    expect(await l.hit("a")).toEqual({ ok: true, remaining: 2 });
  });

  it("is a sliding window: hits at the end of one minute still count at the start of the next", async () => {
    const c = clock(0);
    const l = store.a({ name: unique(), limit: 2, windowMs: 60_000, now: c.now });
    c.advance(59_000);
    await l.hit("k");
    await l.hit("k");
    c.advance(2_000);
    expect(await l.hit("k")).toEqual({ ok: false, retryAfterSeconds: 58 });
  });

  it.skipIf(store.name === "memory")("two instances (two clients of one store) obey ONE limit under concurrent hits", async () => {
    const c = clock();
    const name = unique();
    const a = store.a({ name, limit: 10, windowMs: 60_000, now: c.now });
    const b = store.b({ name, limit: 10, windowMs: 60_000, now: c.now });
    const hits = Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).hit("ip:198.51.100.7"));
    const decisions = await Promise.all(hits);
    expect(decisions.filter((d) => d.ok)).toHaveLength(10);
    // Each allowed hit saw a different count: no two were counted against the same stale window.
    expect(new Set(decisions.flatMap((d) => (d.ok ? [d.remaining] : []))).size).toBe(10);
    expect(decisions.filter((d) => !d.ok).every((d) => !d.ok && d.retryAfterSeconds === 60)).toBe(true);
    // Either instance now refuses the key, and both recover together.
    expect((await a.hit("ip:198.51.100.7")).ok).toBe(false);
    expect((await b.hit("ip:198.51.100.7")).ok).toBe(false);
    c.advance(60_000);
    expect((await b.hit("ip:198.51.100.7")).ok).toBe(true);
  });
});

describe("what the shared stores are for", () => {
  it("two memory limiters (the old per-process limits) each allow the limit: 2 instances, 2× the limit", async () => {
    const a = new MemoryRateLimiter({ limit: 10, windowMs: 60_000 });
    const b = new MemoryRateLimiter({ limit: 10, windowMs: 60_000 });
    const decisions = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).hit("k")));
    expect(decisions.filter((d) => d.ok)).toHaveLength(20);
  });
});

describe.each(databaseBackends())("database store housekeeping on $name", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
  }, 180_000);
  afterAll(() => db?.close());

  it("deletes windows whose newest hit has left them, and keeps the live ones", async () => {
    const c = clock(2_000_000_000);
    const l = new PostgresRateLimiter({ name: "prune", limit: 5, windowMs: 60_000, now: c.now, db: async () => db.prisma, pruneEveryMs: Number.POSITIVE_INFINITY });
    await l.hit("old");
    c.advance(30_000);
    await l.hit("live");
    c.advance(30_000); // "old" has just left its window; "live" has 30 s to go
    expect(await l.prune()).toBe(1);
    const keys = (await db.prisma.rateLimitWindow.findMany({ select: { key: true } })).map((r) => r.key);
    expect(keys).toEqual(["prune:live"]);
  });

  it("prunes by itself while counting (at most once per pruneEveryMs)", async () => {
    const c = clock(3_000_000_000);
    const l = new PostgresRateLimiter({ name: "auto", limit: 5, windowMs: 1_000, now: c.now, db: async () => db.prisma, pruneEveryMs: 5_000 });
    for (let i = 0; i < 5; i++) {
      await l.hit(`k${i}`);
      c.advance(2_000);
    }
    await expect.poll(async () => db.prisma.rateLimitWindow.count({ where: { key: { startsWith: "auto:" } } })).toBeLessThanOrEqual(2);
  });
});

describe("a shared store that cannot answer", () => {
  it("falls back to counting in this process: neither everyone locked out nor unlimited", async () => {
    const broken: RateLimiter = { limit: 2, windowMs: 60_000, hit: () => Promise.reject(new Error("connection refused")) };
    const l = new FallbackRateLimiter(broken, "test");
    const errors = console.error;
    console.error = () => {};
    try {
      expect((await l.hit("k")).ok).toBe(true);
      expect((await l.hit("k")).ok).toBe(true);
      expect((await l.hit("k")).ok).toBe(false);
    } finally {
      console.error = errors;
    }
    expect(l.fallbacks).toBe(3);
  });

  it("a store that hangs counts as down after the timeout", async () => {
    const hanging: RateLimiter = { limit: 1, windowMs: 60_000, hit: () => new Promise(() => {}) };
    const l = new FallbackRateLimiter(hanging, "test", { timeoutMs: 50 });
    const errors = console.error;
    console.error = () => {};
    try {
      expect((await l.hit("k")).ok).toBe(true);
      expect((await l.hit("k")).ok).toBe(false);
    } finally {
      console.error = errors;
    }
  });
});
