import { postgresAdapter } from "@/lib/db/postgres-adapter";
import type { Database } from "@/lib/db/open";
import { pgliteAdapter } from "@/lib/db/pglite-prepared";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * A PrismaClient that counts the SQL statements it sends (Prisma's `query` log events), for the
 * bench (bench/support/db.ts) and for tests that hold a code path to a number of statements.
 * A transaction's BEGIN is issued by the driver adapter and not logged; its COMMIT/ROLLBACK is —
 * so `statements` adds one per COMMIT/ROLLBACK seen. Statement counts are deterministic; times are not.
 */
export type QueryCounter = {
  statements: number;
  transactions: number;
  /** Statement kinds (their first words) → count and total ms, since the last reset. */
  profile: Map<string, { count: number; ms: number }>;
  /** Every statement's text since the last reset, when made with `{ keepText: true }`. */
  texts: string[];
  reset(): void;
  /** The statement kinds that took the most time, for the report. */
  top(n: number): { statement: string; count: number; ms: number }[];
};

export function newCounter(opts: { keepText?: boolean } = {}): QueryCounter & { keepText: boolean } {
  return {
    keepText: opts.keepText ?? false,
    statements: 0,
    transactions: 0,
    profile: new Map(),
    texts: [],
    reset() {
      this.statements = 0;
      this.transactions = 0;
      this.profile.clear();
      this.texts = [];
    },
    top(n) {
      return [...this.profile].map(([statement, v]) => ({ statement, count: v.count, ms: Math.round(v.ms) })).sort((a, b) => b.ms - a.ms).slice(0, n);
    },
  };
}

type QueryEvent = { query: string; duration: number };

/** A client made by `make` with query logging on, its statements counted into `queries`. */
export function countingClient(queries: QueryCounter & { keepText?: boolean }, make: (log: { emit: "event"; level: "query" }[]) => PrismaClient): PrismaClient {
  const prisma = make([{ emit: "event", level: "query" }]);
  (prisma as unknown as { $on(ev: "query", cb: (e: QueryEvent) => void): void }).$on("query", (e) => {
    queries.statements++;
    const text = e.query.replace(/\s+/g, " ").trim().replace(/"public"\./g, "");
    if (queries.keepText) queries.texts.push(text);
    const key = text.slice(0, 70);
    const p = queries.profile.get(key) ?? { count: 0, ms: 0 };
    p.count++;
    p.ms += Number(e.duration) || 0;
    queries.profile.set(key, p);
    // PostgreSQL logs "COMMIT"; PGlite's adapter logs '-- Implicit "COMMIT" query via underlying driver'.
    if (/^(COMMIT|ROLLBACK)$|Implicit "(COMMIT|ROLLBACK)"/.test(e.query)) {
      queries.statements++; // the BEGIN the adapter sent
      queries.transactions++;
    }
  });
  return prisma;
}

/** A second, counting client on an open database (its PGlite instance, or its PostgreSQL URL). */
export function countingPrisma(db: Database & { url?: string }, opts: { keepText?: boolean } = {}): { prisma: PrismaClient; queries: QueryCounter } {
  const queries = newCounter(opts);
  const pglite = db.pglite;
  const url = db.url;
  if (pglite) return { prisma: countingClient(queries, (log) => new PrismaClient({ adapter: pgliteAdapter(pglite), log })), queries };
  if (!url) throw new Error("countingPrisma: the database has neither a PGlite instance nor a URL");
  return { prisma: countingClient(queries, (log) => new PrismaClient({ adapter: postgresAdapter(url, { max: 4 }), log })), queries };
}
