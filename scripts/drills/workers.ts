/**
 * Workers drill (issue 6, Done when 4): `npm run drill:workers [-- --connections 200]
 * [--latency-ms 100] [--concurrency 4] [--days 90] [--workers 1,3] [--figures]` (`--figures`: also the
 * bench section `workers`, bench/support/figures.ts — `npm run bench` runs it so).
 *
 * PostgreSQL, `--connections` Plaid logins (each its own sandbox user on ins_109508 with
 * days_requested `--days`; the first of its 3–5 accounts linked to Acme Ltd from that date), the
 * sandbox answering every Plaid call after `--latency-ms` and keeping every login's history in memory
 * (setLoginDataCacheLimit: the simulated bank's CPU is not the workers'). For each worker count: the drill's data
 * is reset (stored transactions, postings, runs, cursors, the Book's drafts), that many
 * `npm run worker` processes (compiled, scripts/compiled.mjs) start (WORKER_CONCURRENCY `--concurrency`), a sync is queued for
 * every connection, and the clock runs until every connection has a SUCCEEDED run and no Posting is
 * left dirty (a Book call that failed is retried by the worker after its backoff). Then: every
 * connection synced, no Posting twice per (integration, bank transaction), no remote id twice in the
 * Book, no two runs of one connection overlapping, and the Book equals the sandbox's ground truth.
 * Prints each wall time, the speedup, and how busy the machine's CPUs were (a speedup needs free
 * cores: on a saturated machine more processes only add contention; `--concurrency 1` measures how
 * processes scale without in-process concurrency). Exit code 1 on any failed check.
 */
import os from "node:os";
import { pathToFileURL } from "node:url";
import type { PgBoss } from "pg-boss";
import { setLoginDataCacheLimit } from "@bank-connections/sandbox/data";
import { enqueueSync, openSyncQueue, SYNC_QUEUE } from "@/lib/sync/queue";
import { argNumber, argValue, fmt, secs, until } from "./support/cli";
import { busyShare, machineCpu, postgresCpuSeconds } from "./support/cpu";
import { connectPlaid, daysAgo, linkAccounts } from "./support/connect";
import { bookEntries, compareEntries, describeComparison, plaidExpected, type Entry } from "./support/truth";
import { spawnWorker, type WorkerProcess } from "./support/worker-process";
import { createWorld, NoPostgresError, type DrillWorld } from "./support/world";
import { writeFigures, type Figure } from "../../bench/support/figures";

export type WorkersDrillOptions = { connections?: number; latencyMs?: number; concurrency?: number; days?: number; workerCounts?: number[]; log?: (line: string) => void };
export type WorkersRun = {
  workers: number;
  seconds: number;
  runs: number;
  retries: number;
  byWorker: number[];
  /** How busy the machine was (0–1, every process on it), CPU seconds of the workers and of this process (sandbox banks, checks). */
  cpu: { machineBusy: number; cores: number; workers: number; drill: number; postgres: number };
  ok: boolean;
  problems: string[];
};
export type WorkersDrillResult = { ok: boolean; runs: WorkersRun[]; speedup: number; summary: string; connections: number; latencyMs: number; concurrency: number; transactions: number };

type Conn = { connectionId: string; accessToken: string; linked: Map<string, string> };

async function setUp(world: DrillWorld, n: number, days: number, log: (l: string) => void): Promise<Conn[]> {
  const start = daysAgo(days - 1);
  const out: Conn[] = [];
  let next = 0;
  const one = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      // A login that looks like an existing connection (same mask and name) is offered as a Reconnect: take another user.
      for (let attempt = 0; ; attempt++) {
        const c = await connectPlaid(world, { username: `drill_${i}${attempt ? `_${attempt}` : ""}`, daysRequested: days });
        if (!c) continue;
        out.push({ ...c, linked: await linkAccounts(world, c.connectionId, start, 1) });
        break;
      }
      if (out.length % 50 === 0) log(`  ${out.length}/${n} connections`);
    }
  };
  await Promise.all([one(), one(), one(), one()]);
  return out;
}

async function reset(world: DrillWorld, boss: PgBoss): Promise<void> {
  const db = world.db.prisma;
  await boss.deleteAllJobs(SYNC_QUEUE);
  await db.$executeRaw`DELETE FROM ledger_transactions WHERE "bookId" = ${world.bookId} AND properties->>'provider' = 'plaid'`;
  await db.$executeRaw`DELETE FROM postings`;
  await db.$executeRaw`DELETE FROM bank_transactions`;
  await db.$executeRaw`DELETE FROM sync_runs`;
  // Not due on the schedule: only the drill's jobs run (each run sets the next due time itself).
  await db.$executeRaw`UPDATE connections SET "syncCursor" = NULL, "syncStartCursor" = NULL, "lastSyncedAt" = NULL, "syncLeaseOwner" = NULL, "syncLeaseUntil" = NULL, "nextSyncAt" = now() + interval '1 day'`;
  await db.$executeRawUnsafe("VACUUM ANALYZE");
}

async function checks(world: DrillWorld, conns: Conn[], want: Entry[]): Promise<string[]> {
  const db = world.db.prisma;
  const problems: string[] = [];
  const synced = await db.syncRun.groupBy({ by: ["connectionId"], where: { state: "SUCCEEDED" } });
  if (synced.length !== conns.length) problems.push(`${conns.length - synced.length} connections without a successful run`);
  const one = (rows: { n: number }[]) => rows[0]?.n ?? 0;
  const doubled = one(await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM postings GROUP BY "integrationId", "bankTransactionId" HAVING count(*) > 1) d`);
  if (doubled) problems.push(`${doubled} bank transactions with two Postings in one integration`);
  const overlapping = one(await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM sync_runs a JOIN sync_runs b ON a."connectionId" = b."connectionId" AND a.id < b.id
    WHERE a."startedAt" < COALESCE(b."finishedAt", now()) AND b."startedAt" < COALESCE(a."finishedAt", now())`);
  if (overlapping) problems.push(`${overlapping} pairs of runs of one connection at the same time`);
  const dirty = one(await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM postings WHERE dirty`);
  if (dirty) problems.push(`${dirty} postings still dirty`);
  const failed = await db.syncRun.groupBy({ by: ["errorCode", "errorMessage"], where: { state: "FAILED" }, _count: true });
  if (failed.length) problems.push(`failed runs: ${failed.map((f) => `${f._count}× ${f.errorCode}: ${f.errorMessage}`).join("; ")}`);
  const cmp = compareEntries(want, await bookEntries(world, "plaid", new Set(conns.flatMap((c) => [...c.linked.values()]))));
  if (!cmp.ok) problems.push(describeComparison(cmp));
  return problems;
}

export async function runWorkersDrill(opts: WorkersDrillOptions = {}): Promise<WorkersDrillResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const n = opts.connections ?? 200;
  const latencyMs = opts.latencyMs ?? 100;
  const concurrency = opts.concurrency ?? 4;
  const days = opts.days ?? 90;
  const counts = opts.workerCounts ?? [1, 3];
  // The simulated bank keeps every login's history (about 3 MB each): with its default of 64 it
  // regenerated one on almost every call of the 200 logins, and that CPU is the workers' to measure.
  const cacheBefore = setLoginDataCacheLimit(Math.max(64, n + 16));
  const world = await createWorld("workers");
  let boss: PgBoss | null = null;
  const running: WorkerProcess[] = [];
  try {
    const t0 = Date.now();
    log(`workers drill: setting up ${n} Plaid connections (${days} days each, 1 account linked)…`);
    const conns = await setUp(world, n, days, log);
    const want = (await Promise.all(conns.map((c) => plaidExpected(world, c.accessToken, c.linked, daysAgo(days - 1))))).flat();
    log(`set up in ${secs(Date.now() - t0)}: ${fmt(want.length)} transactions to post; sandbox latency ${latencyMs} ms per Plaid call`);
    await world.sandbox.plaidSandbox.setFaults({ latencyMs });
    boss = await openSyncQueue(world.db);
    const runs: WorkersRun[] = [];
    for (const workers of counts) {
      await reset(world, boss);
      for (let i = 0; i < workers; i++) running.push(spawnWorker(world.env, { concurrency }));
      await Promise.all(running.map((w) => w.started));
      const callsBefore = world.sandbox.plaidStats.calls;
      const cpuBefore = { machine: machineCpu(), drill: process.cpuUsage(), workers: running.reduce((a, w) => a + w.cpuSeconds(), 0), postgres: postgresCpuSeconds() };
      const started = Date.now();
      for (const c of conns) await enqueueSync(boss, world.db.prisma, c.connectionId, "manual");
      // Done: every connection has a successful run and nothing waits in the outbox (a Book call
      // that failed is retried by a job the worker queued for the posting's backoff time).
      await until(
        "every connection to sync",
        async () => {
          const db = world.db.prisma;
          if ((await db.syncRun.groupBy({ by: ["connectionId"], where: { state: "SUCCEEDED" } })).length < conns.length) return false;
          return (await db.posting.count({ where: { dirty: true } })) === 0 && (await db.syncRun.count({ where: { state: "RUNNING" } })) === 0;
        },
        30 * 60_000,
        250,
      );
      const seconds = (Date.now() - started) / 1000;
      const drillCpu = process.cpuUsage(cpuBefore.drill);
      const cpu = {
        machineBusy: busyShare(cpuBefore.machine, machineCpu()),
        cores: cpuBefore.machine.cores,
        workers: running.reduce((a, w) => a + w.cpuSeconds(), 0) - cpuBefore.workers,
        drill: (drillCpu.user + drillCpu.system) / 1e6,
        postgres: postgresCpuSeconds() - cpuBefore.postgres,
      };
      await Promise.all(running.splice(0).map((w) => w.stop()));
      const byWorker = (await world.db.prisma.syncRun.groupBy({ by: ["worker"], _count: true })).map((g) => g._count).sort((a, b) => b - a);
      const total = byWorker.reduce((a, b) => a + b, 0);
      const retries = await world.db.prisma.syncRun.count({ where: { trigger: "retry" } });
      const problems = await checks(world, conns, want);
      runs.push({ workers, seconds, runs: total, retries, byWorker, cpu, ok: problems.length === 0, problems });
      log(
        `${workers} worker${workers > 1 ? "s" : ""} × concurrency ${concurrency}: ${n} connections synced in ${secs(seconds * 1000)} ` +
          `(${(n / seconds).toFixed(1)} connections/s; ${total} runs of which ${retries} retries of postings the Book refused, per worker ${byWorker.join("/")}; ${world.sandbox.plaidStats.calls - callsBefore} Plaid calls; ` +
          `CPU: machine ${Math.round(cpu.machineBusy * 100)}% busy on ${cpu.cores} cores, workers ${cpu.workers.toFixed(1)} s, PostgreSQL ${cpu.postgres.toFixed(1)} s, sandbox ${cpu.drill.toFixed(1)} s) — ` +
          (problems.length ? `FAILED: ${problems.join("; ")}` : "every connection synced, no duplicate posting, Book = ground truth"),
      );
    }
    const first = runs[0]!;
    const last = runs[runs.length - 1]!;
    const speedup = first.seconds / last.seconds;
    const ok = runs.every((r) => r.ok);
    const summary =
      `Workers drill: ${n} Plaid connections (${days} days, 1 linked account each, ${fmt(want.length)} transactions), sandbox latency ${latencyMs} ms per call, WORKER_CONCURRENCY ${concurrency}: ` +
      runs.map((r) => `${r.workers} worker${r.workers > 1 ? "s" : ""} ${secs(r.seconds * 1000)}`).join(", ") +
      ` — speedup ${speedup.toFixed(2)}× with ${last.workers} workers over ${first.workers}. ${ok ? "Every run: every connection synced, no duplicate posting, no overlapping runs, Book = ground truth." : "CHECKS FAILED."}`;
    log(summary);
    return { ok, runs, speedup, summary, connections: n, latencyMs, concurrency, transactions: want.length };
  } finally {
    await Promise.all(running.map((w) => w.stop(5_000)));
    await boss?.stop({ graceful: false }).catch(() => undefined);
    await world.close();
    setLoginDataCacheLimit(cacheBefore);
  }
}

/**
 * The bench section `workers` (bench/run.sh): the speedup with its goal, each wall time, and the
 * workers' CPU per sync — the figure that says whether the machine or the code limited the speedup
 * (a latency-bound sync costs little CPU; N workers only scale while N × that fits the free cores).
 */
export function writeWorkersFigures(r: WorkersDrillResult, loadBefore: number[]): string {
  const first = r.runs[0];
  const last = r.runs[r.runs.length - 1];
  const load = `load ${loadBefore.map((x) => x.toFixed(1)).join("/")} → ${os.loadavg().map((x) => x.toFixed(1)).join("/")} on ${os.cpus().length} cores`;
  const busy = last ? `, machine ${Math.round(last.cpu.machineBusy * 100)}% busy` : "";
  const checks = r.ok ? "" : "; CHECKS FAILED (see details)";
  const figures: Figure[] = [
    { key: "workers.scaleOut", label: `${last?.workers ?? "?"} workers ÷ ${first?.workers ?? "?"} worker, ${r.connections} connections, ${r.latencyMs} ms provider latency`, backend: "postgres", value: r.runs.length > 1 ? r.speedup : null, unit: "×", digits: 2, goal: { op: ">=", value: 2.7 }, note: `${load}${busy}${checks}` },
    ...r.runs.map((run): Figure => ({ key: `workers.wall.${run.workers}`, label: `${run.workers} worker${run.workers > 1 ? "s" : ""} × concurrency ${r.concurrency}: wall`, backend: "postgres", value: run.seconds, unit: "s", digits: 1 })),
    ...r.runs.map((run): Figure => ({ key: `workers.cpuPerSync.${run.workers}`, label: `${run.workers} worker${run.workers > 1 ? "s" : ""}: worker CPU per sync`, backend: "postgres", value: run.runs ? (run.cpu.workers * 1000) / run.runs : null, unit: "ms", digits: 0 })),
    ...r.runs.map((run): Figure => ({ key: `workers.postgresCpuPerSync.${run.workers}`, label: `${run.workers} worker${run.workers > 1 ? "s" : ""}: PostgreSQL CPU per sync`, backend: "postgres", value: run.runs ? (run.cpu.postgres * 1000) / run.runs : null, unit: "ms", digits: 0 })),
  ];
  return writeFigures("workers", figures, { summary: r.summary, ok: r.ok, transactions: r.transactions, runs: r.runs, loadAverage: { start: loadBefore, end: os.loadavg() } });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const loadBefore = os.loadavg();
  const result = await runWorkersDrill({
    connections: argNumber(argv, "connections", 200),
    latencyMs: argNumber(argv, "latency-ms", 100),
    concurrency: argNumber(argv, "concurrency", 4),
    days: argNumber(argv, "days", 90),
    workerCounts: (argValue(argv, "workers") ?? "1,3").split(",").map(Number),
  });
  if (argv.includes("--figures")) console.log(`figures written to ${writeWorkersFigures(result, loadBefore)}`);
  process.exit(result.ok ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof NoPostgresError ? `workers drill: ${err.message}` : err);
    process.exit(1);
  });
}
