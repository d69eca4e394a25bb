/**
 * Section 4 of bench/sync-engine.bench.ts, in a process of its own so its RSS is the backfill's
 * and not the other sections' leftovers: a sandbox login with 100,000 stored bank transactions
 * (synthesized into bank_transactions), Save (Link Account) of its accounts, then the engine's
 * poster; RSS sampled every 50 ms from a worker thread, and where the memory is (V8 heap, external,
 * PGlite's WebAssembly memory) at each stage and after each poster round. Prints `RESULT=<json>`.
 * Environment: BENCH_DB (pglite | postgres), BENCH_PGLITE_DIR (a migrated data directory to start
 * on, as the app does), BENCH_PG_ADMIN, BENCH_SANDBOX_URL, BENCH_ROWS, BENCH_BUDGET_MS.
 */
import { openPglite, openPostgres, preparePgliteDir } from "./db";
import { connect, createCtx, fmt, linkAll, log, mb, mustSync, rssSampler, timedPost } from "./engine";
import { describeSample, maxSample, memorySample, type MemorySample } from "./memory";
import { synthesizeOver } from "./synth";
import { useEmbeddedSecrets as scratchSecrets } from "../../tests/helpers/secrets";

scratchSecrets();
const kind = process.env.BENCH_DB === "postgres" ? "postgres" : "pglite";
const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const budgetMs = process.env.BENCH_BUDGET_MS ? Number(process.env.BENCH_BUDGET_MS) : null;
const stages: MemorySample[] = [memorySample("process started")];
const bdb = kind === "postgres" ? await openPostgres(process.env.BENCH_PG_ADMIN ?? "") : await openPglite(process.env.BENCH_PGLITE_DIR || (await preparePgliteDir()));
try {
  const pglite = bdb.database.pglite;
  const stage = (name: string) => {
    const s = memorySample(name, pglite);
    stages.push(s);
    log(`${kind} · 4. memory ${describeSample(s)}`);
  };
  stage("database open (migrated)");
  const ctx = await createCtx(bdb, process.env.BENCH_SANDBOX_URL ?? "");
  stage("demo data seeded");
  const rssOpen = process.memoryUsage.rss();
  const connectionId = await connect(ctx, `bench_100k_${kind}`, 30);
  await mustSync(ctx, connectionId);
  stage("sandbox login connected and synced (30 days)");
  const accounts = await ctx.prisma.institutionAccount.findMany({ where: { connectionId }, select: { id: true, connectionId: true } });
  await synthesizeOver(ctx.prisma, accounts, rows);
  (globalThis as { gc?: () => void }).gc?.();
  stage(`${rows.toLocaleString("en-US")} bank transactions stored`);
  const rssBefore = process.memoryUsage.rss();
  const sampler = rssSampler();
  const tLink = performance.now();
  const link = await linkAll(ctx, connectionId);
  const saveQueueSeconds = (performance.now() - tLink) / 1000;
  stage("Save: Postings queued");
  const rounds: MemorySample[] = [];
  let round = 0;
  // BENCH_GC_ROUNDS=1 (diagnosis only: it lowers the peak) runs a full GC before every 10th round's
  // sample, which tells retained memory from garbage not yet collected.
  const gcRounds = process.env.BENCH_GC_ROUNDS === "1" ? (globalThis as { gc?: () => void }).gc : undefined;
  const onRound = () => {
    if (gcRounds && (round + 1) % 10 === 0) gcRounds();
    const s = memorySample(`poster round ${++round}${gcRounds && round % 10 === 0 ? " (after a full GC)" : ""}`, pglite);
    rounds.push(s);
    if (round % 10 === 0) log(`${kind} · 4. memory ${describeSample(s)}, ${ctx.stats.created.toLocaleString("en-US")} posted`);
  };
  log(`${kind} · 4. Save of ${accounts.length} accounts queued ${fmt(link.queued)} postings in ${saveQueueSeconds.toFixed(2)} s; posting${budgetMs !== null ? ` (time box ${budgetMs / 1000} s)` : ""}, RSS sampled every 50 ms…`);
  const run = await timedPost(ctx, connectionId, budgetMs, onRound);
  const { peak, samples } = await sampler.stop();
  const roundsMax = maxSample(`largest of each figure over ${rounds.length} poster rounds`, rounds);
  if (roundsMax) stages.push(roundsMax);
  stage("posting done");
  const result = {
    database: bdb.label,
    storedTransactions: link.queued,
    saveQueueSeconds,
    run,
    rssAfterOpenMB: mb(rssOpen),
    rssBeforeMB: mb(rssBefore),
    peakRssMB: mb(peak),
    rssSamples: samples,
    memoryStages: stages,
    heapUsedAfterMB: mb(process.memoryUsage().heapUsed),
    projectedFullSeconds: run.txPerSecond > 0 ? link.queued / run.txPerSecond : null,
  };
  process.stdout.write(`RESULT=${JSON.stringify(result)}\n`);
} finally {
  await bdb.close();
}
process.exit(0);
