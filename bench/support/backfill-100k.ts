/**
 * Section 4 of bench/sync-engine.bench.ts, in a process of its own so its RSS is the backfill's
 * and not the other sections' leftovers: a sandbox login with 100,000 stored bank transactions
 * (synthesized into bank_transactions), Save (Link Account) of its accounts, then the engine's
 * poster; RSS sampled every 50 ms from a worker thread. Prints `RESULT=<json>`.
 * Environment: BENCH_DB (pglite | postgres), BENCH_PGLITE_DIR (a migrated data directory to start
 * on, as the app does), BENCH_PG_ADMIN, BENCH_SANDBOX_URL, BENCH_ROWS, BENCH_BUDGET_MS.
 */
import { openPglite, openPostgres, preparePgliteDir } from "./db";
import { connect, createCtx, fmt, linkAll, log, mb, mustSync, rssSampler, timedPost } from "./engine";
import { synthesizeOver } from "./synth";
import { useEmbeddedSecrets as scratchSecrets } from "../../tests/helpers/secrets";

scratchSecrets();
const kind = process.env.BENCH_DB === "postgres" ? "postgres" : "pglite";
const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const budgetMs = process.env.BENCH_BUDGET_MS ? Number(process.env.BENCH_BUDGET_MS) : null;
const bdb = kind === "postgres" ? await openPostgres(process.env.BENCH_PG_ADMIN ?? "") : await openPglite(process.env.BENCH_PGLITE_DIR || (await preparePgliteDir()));
try {
  const ctx = await createCtx(bdb, process.env.BENCH_SANDBOX_URL ?? "");
  const rssOpen = process.memoryUsage.rss();
  const connectionId = await connect(ctx, `bench_100k_${kind}`, 30);
  await mustSync(ctx, connectionId);
  const accounts = await ctx.prisma.institutionAccount.findMany({ where: { connectionId }, select: { id: true, connectionId: true } });
  await synthesizeOver(ctx.prisma, accounts, rows);
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage.rss();
  const sampler = rssSampler();
  const tLink = performance.now();
  const link = await linkAll(ctx, connectionId);
  const saveQueueSeconds = (performance.now() - tLink) / 1000;
  log(`${kind} · 4. Save of ${accounts.length} accounts queued ${fmt(link.queued)} postings in ${saveQueueSeconds.toFixed(2)} s; posting${budgetMs !== null ? ` (time box ${budgetMs / 1000} s)` : ""}, RSS sampled every 50 ms…`);
  const run = await timedPost(ctx, connectionId, budgetMs);
  const { peak, samples } = await sampler.stop();
  const result = {
    database: bdb.label,
    storedTransactions: link.queued,
    saveQueueSeconds,
    run,
    rssAfterOpenMB: mb(rssOpen),
    rssBeforeMB: mb(rssBefore),
    peakRssMB: mb(peak),
    rssSamples: samples,
    heapUsedAfterMB: mb(process.memoryUsage().heapUsed),
    projectedFullSeconds: run.txPerSecond > 0 ? link.queued / run.txPerSecond : null,
  };
  process.stdout.write(`RESULT=${JSON.stringify(result)}\n`);
} finally {
  await bdb.close();
}
process.exit(0);
