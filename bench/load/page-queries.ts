/**
 * `npx tsx bench/load/page-queries.ts`: the SQL one User Connections page costs on the load seed
 * (bench/load/seed.ts: 1,000 connections, 5,000 integrations) — each statement's model, operation,
 * rows and milliseconds, from a Prisma query extension around the page's own loader. Three runs
 * (the first pays for connections and plans); the last one's statements are printed.
 *
 * PAGE_QUERIES_EXPLAIN="SELECT …;;SELECT …" also prints EXPLAIN (ANALYZE, BUFFERS) of each statement,
 * with $1 bound to the ids of 100 institution accounts (the page's fingerprint queries take those).
 * A scratch database on TEST_POSTGRES_URL, dropped at the end.
 */
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL } from "../../tests/helpers/postgres";
import { migrateAndSeed } from "./database";
import { LOAD_BOOK, LOAD_USER } from "./seed";

const scratch = await createScratchDatabase(process.env.TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL, "page_queries");
try {
  const { client } = await migrateAndSeed(scratch.url);
  await client.end();
  const { postgresAdapter } = await import("@/lib/db/postgres-adapter");
  const { PrismaClient } = await import("@/lib/generated/prisma/client");
  const { loadConnectionsPage } = await import("@/lib/sync/read/connections-page");
  const base = new PrismaClient({ adapter: postgresAdapter(scratch.url, { max: 10 }) });
  try {
    const log: { model: string; op: string; rows: number; ms: number }[] = [];
    const db = base.$extends({
      query: {
        $allOperations: async ({ model, operation, args, query }) => {
          const t0 = performance.now();
          const r: unknown = await query(args);
          log.push({ model: model ?? "raw", op: operation, rows: Array.isArray(r) ? r.length : 1, ms: performance.now() - t0 });
          return r;
        },
      },
    }) as unknown as typeof base;
    for (let i = 0; i < 3; i++) {
      log.length = 0;
      const t0 = performance.now();
      await loadConnectionsPage(db, { plaid: { mode: "local-sandbox" }, pluggy: { mode: "local-sandbox" } }, { userId: LOAD_USER.id, bookId: LOAD_BOOK.id, role: "OWNER" });
      console.log(`run ${i + 1}: ${(performance.now() - t0).toFixed(1)} ms, ${log.length} statements`);
    }
    console.log("\nstatements of the last run, in the order they finished (some run at once):");
    for (const l of log) console.log(`  ${l.model} ${l.op}: ${l.rows} rows, ${l.ms.toFixed(1)} ms`);

    const explain = (process.env.PAGE_QUERIES_EXPLAIN ?? "").split(";;").map((s) => s.trim()).filter(Boolean);
    if (explain.length) {
      const ids = (await base.institutionAccount.findMany({ take: 100, select: { id: true } })).map((r) => r.id);
      for (const sql of explain) {
        const plan = await base.$queryRawUnsafe<Record<string, string>[]>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, ids);
        console.log(`\n${sql}\n${plan.map((r) => Object.values(r)[0]).join("\n")}`);
      }
    }
  } finally {
    await base.$disconnect();
  }
} finally {
  await scratch.drop();
}
