/**
 * Crash drill (issue 6, Done when 2): `npm run drill:crash -- --kills 10 [--provider plaid|pluggy]
 * [--min-ms 50] [--max-ms 1500] [--after-ms 400] [--latency-ms 0] [--seed N] [--small] [--verbose]`.
 *
 * A Plaid login of 5 accounts × 24 months (user_5 on ins_109508, days_requested 730; `--small`:
 * user_good, 180 days; or Pluggy's user-ok, a year) is connected and every account linked to a
 * local Book; a sync is queued; then `tsx scripts/worker.ts` runs as a child process and is
 * SIGKILLed at random moments of the backfill (a quarter 50–1500 ms after its start-up, the others
 * 0–400 ms after the first page or Book batch it committed), `--kills` times, restarted each time.
 * After each kill the drill does at once what the pg-boss expiry, the lease expiry and the reaper
 * do after their timeouts (support/recover.ts). A last worker finishes; every Book Account must then equal the sandbox's
 * ground truth exactly. Exit code 1 on any mismatch.
 */
import { pathToFileURL } from "node:url";
import type { PgBoss } from "pg-boss";
import { enqueueSync, openSyncQueue } from "@/lib/sync/queue";
import { argNumber, argValue, fmt, secs, seededRandom, sleep, until } from "./support/cli";
import { connectPlaid, connectPluggy, daysAgo, linkAccounts } from "./support/connect";
import { progressOf, recoverAfterCrash, type Progress } from "./support/recover";
import { bookEntries, compareEntries, describeComparison, plaidExpected, pluggyExpected, pluggyHistoryFrom, type Entry } from "./support/truth";
import { spawnWorker, type WorkerProcess } from "./support/worker-process";
import { createWorld, NoPostgresError, type DrillWorld } from "./support/world";

export type CrashDrillOptions = {
  kills: number;
  provider?: "plaid" | "pluggy";
  minMs?: number;
  maxMs?: number;
  /** Longest delay after the worker's first committed progress. */
  afterMs?: number;
  /** Simulated Plaid latency per call (slows the fetch phase so more kills land in it). */
  latencyMs?: number;
  seed?: number;
  /** Smaller Plaid login for quick runs (default user_5, 730 days). */
  login?: { username: string; daysRequested: number };
  log?: (line: string) => void;
  /** Logs the last worker's progress as it goes. */
  verbose?: boolean;
};

export type CrashDrillResult = { ok: boolean; kills: number; killsDuringBackfill: number; phases: Record<string, number>; expected: number; summary: string; seconds: number };

type Life = { n: number; delayMs: number; phase: string; before: Progress; after: Progress };

function phaseOf(before: Progress, after: Progress, total: number): string {
  const runs = (p: Progress) => p.runs.RUNNING + p.runs.SUCCEEDED + p.runs.FAILED;
  if (after.dirty === 0 && after.posted >= total && after.runs.SUCCEEDED > before.runs.SUCCEEDED) return "after the backfill";
  if (runs(after) === runs(before)) return "start-up (no run yet)";
  const stored = after.stored > before.stored;
  const posted = after.posted > before.posted || after.inBook > before.inBook;
  if (stored && posted) return "fetching + posting";
  if (stored) return "fetching pages";
  if (posted) return after.inBook > after.posted ? "posting (Book ahead of the outbox)" : "posting";
  return "run started, nothing committed";
}

/** Resolves once the sync committed something new: a page stored, Book entries, or a finished run. */
async function waitForProgress(db: DrillWorld["db"]["prisma"], connectionId: string, bookId: string, before: Progress): Promise<void> {
  const end = Date.now() + 180_000;
  while (Date.now() < end) {
    const [stored, inBook, succeeded] = await Promise.all([
      db.bankTransaction.count({ where: { connectionId } }),
      db.ledgerTransaction.count({ where: { bookId, trashed: false } }),
      db.syncRun.count({ where: { connectionId, state: "SUCCEEDED" } }),
    ]);
    if (stored > before.stored || inBook > before.bookTotal || succeeded > before.runs.SUCCEEDED) return;
    await sleep(100);
  }
}

export async function runCrashDrill(opts: CrashDrillOptions): Promise<CrashDrillResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const provider = opts.provider ?? "plaid";
  const minMs = opts.minMs ?? 50;
  const maxMs = opts.maxMs ?? 1500;
  const afterMs = opts.afterMs ?? 400;
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seededRandom(seed);
  const t0 = Date.now();
  const world: DrillWorld = await createWorld(`crash_${provider}`);
  let boss: PgBoss | null = null;
  const spawned: WorkerProcess[] = [];
  const spawn = () => {
    const w = spawnWorker(world.env);
    spawned.push(w);
    return w;
  };
  try {
    const { prisma } = world.db;
    let connectionId: string;
    let expected: () => Promise<Entry[]>;
    let bookAccounts: Set<string>;
    if (provider === "plaid") {
      const login = opts.login ?? { username: "user_5", daysRequested: 730 };
      const c = await connectPlaid(world, login);
      if (!c) throw new Error("the sandbox login was taken for a duplicate");
      connectionId = c.connectionId;
      const start = daysAgo(login.daysRequested - 1);
      const linked = await linkAccounts(world, connectionId, start);
      bookAccounts = new Set(linked.values());
      expected = () => plaidExpected(world, c.accessToken, linked, start);
      log(`crash drill (seed ${seed}): Plaid ${login.username} on ins_109508, ${linked.size} accounts × ${login.daysRequested} days linked to Acme Ltd from ${start}`);
    } else {
      const c = await connectPluggy(world);
      connectionId = c.connectionId;
      const start = daysAgo(360);
      const historyFrom = await pluggyHistoryFrom(world, 365);
      const linked = await linkAccounts(world, connectionId, start);
      bookAccounts = new Set(linked.values());
      expected = () => pluggyExpected(world, c.itemId, linked, start, historyFrom);
      log(`crash drill (seed ${seed}): Pluggy user-ok, ${linked.size} accounts × a year linked to Acme Ltd from ${start}`);
    }
    const total = (await expected()).length;
    if (opts.latencyMs) await world.sandbox.plaidSandbox.setFaults({ latencyMs: opts.latencyMs });
    boss = await openSyncQueue(world.db);
    await enqueueSync(boss, prisma, connectionId, "manual");
    log(`ground truth: ${fmt(total)} transactions; sync queued; killing the worker ${opts.kills} times, ${minMs}–${maxMs} ms after its start-up or 0–${afterMs} ms after its first progress`);

    const lives: Life[] = [];
    while (lives.length < opts.kills) {
      const before = await progressOf(prisma, connectionId, world.bookId, provider);
      const spawnedAt = Date.now();
      const worker = spawn();
      await worker.started;
      const startupMs = Date.now() - spawnedAt;
      // A random moment: a quarter of the kills come 50–1500 ms after the start-up; the others
      // 0–400 ms after the first work this worker commits (a page stored, a batch in the Book),
      // while the next page or batch is in flight — so kills land in every phase of the backfill
      // whatever the speed of the machine.
      const afterProgress = random() >= 0.25;
      if (afterProgress) await Promise.race([waitForProgress(prisma, connectionId, world.bookId, before), worker.exited]);
      const delayMs = Math.round(afterProgress ? random() * afterMs : minMs + random() * (maxMs - minMs));
      await Promise.race([sleep(delayMs), worker.exited]);
      await worker.crash();
      const after = await progressOf(prisma, connectionId, world.bookId, provider);
      const phase = phaseOf(before, after, total);
      const rec = await recoverAfterCrash(boss, prisma, connectionId);
      lives.push({ n: lives.length + 1, delayMs, phase, before, after });
      const lr = after.lastRun;
      const run = lr ? `last run ${lr.state}${lr.errorCode ? ` ${lr.errorCode}` : ""} ${lr.pages} pages/${lr.posted} posted` : "no run";
      log(
        `kill ${String(lives.length).padStart(2)}: ${String(delayMs).padStart(4)} ms after ${afterProgress ? "its first progress" : "start-up"} (start-up took ${secs(startupMs)}) — ${phase}.` +
          ` Runs ${after.runs.SUCCEEDED} ok/${after.runs.FAILED} failed/${after.runs.RUNNING} running, ${run}; stored ${fmt(after.stored)},` +
          ` postings dirty ${fmt(after.dirty)}/posted ${fmt(after.posted)}, Book ${fmt(after.inBook)}/${fmt(total)}.` +
          ` Recovery: ${rec.jobsFailed} job failed, lease ${rec.leaseCleared ? "cleared" : "was free"}, ${rec.runsReaped} run reaped.`,
      );
    }

    log("last worker: runs until the backfill is done");
    const since = new Date();
    const last = spawn();
    await last.started;
    let shown = "";
    await until(
      "the backfill to finish",
      async () => {
        const p = await progressOf(prisma, connectionId, world.bookId, provider);
        const conn = await prisma.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { status: true, errorCode: true, errorMessage: true } });
        if (conn.status === "ERROR" || conn.status === "LOGIN_REQUIRED") throw new Error(`the sync cannot finish: connection ${conn.status} (${conn.errorCode}: ${conn.errorMessage})`);
        const line = `stored ${p.stored}, dirty ${p.dirty}, posted ${p.posted}, in the Book ${p.inBook}`;
        if (opts.verbose && line !== shown) log(`  +${secs(Date.now() - since.getTime())}: ${(shown = line)}`);
        const done = await prisma.syncRun.findFirst({ where: { connectionId, state: "SUCCEEDED", startedAt: { gte: since } } });
        return done && p.dirty === 0 && p.runs.RUNNING === 0 ? p : null;
      },
      300_000,
      250,
    );
    await last.stop();
    const runs = await prisma.syncRun.findMany({ where: { connectionId }, orderBy: { startedAt: "asc" }, select: { state: true, startedAt: true, finishedAt: true, pages: true, added: true, posted: true, errorCode: true } });
    for (const r of runs) log(`  run ${r.state}${r.errorCode ? ` ${r.errorCode}` : ""}: ${r.pages} pages, ${r.added} added, ${r.posted} posted, ${r.finishedAt ? secs(r.finishedAt.getTime() - r.startedAt.getTime()) : "?"}`);
    const final = await progressOf(prisma, connectionId, world.bookId, provider);
    const cmp = compareEntries(await expected(), await bookEntries(world, provider, bookAccounts));
    const phases: Record<string, number> = {};
    for (const l of lives) phases[l.phase] = (phases[l.phase] ?? 0) + 1;
    const during = lives.filter((l) => l.phase !== "after the backfill").length;
    const seconds = (Date.now() - t0) / 1000;
    const summary =
      `Crash drill (${provider}, seed ${seed}): the worker was SIGKILLed ${lives.length} times (${during} during the backfill; ` +
      `${Object.entries(phases).map(([k, v]) => `${v}× ${k}`).join(", ")}), restarted each time, and a last worker finished the job ` +
      `(${final.runs.SUCCEEDED} runs succeeded, ${final.runs.FAILED} closed as interrupted or failed). ` +
      `${cmp.ok ? "The Book equals the sandbox's ground truth exactly" : "MISMATCH"}: ${describeComparison(cmp)}. ` +
      `${fmt(final.stored)} bank transactions stored, ${fmt(final.posted)} postings posted, 0 dirty; ${secs(Date.now() - t0)} in all.`;
    log(summary);
    return { ok: cmp.ok, kills: lives.length, killsDuringBackfill: during, phases, expected: total, summary, seconds };
  } finally {
    await Promise.all(spawned.map((w) => w.crash()));
    await boss?.stop({ graceful: false }).catch(() => undefined);
    await world.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const provider = argValue(argv, "provider") ?? "plaid";
  if (provider !== "plaid" && provider !== "pluggy") throw new Error("--provider: plaid or pluggy");
  const seedArg = argValue(argv, "seed");
  const result = await runCrashDrill({
    kills: argNumber(argv, "kills", 10),
    provider,
    minMs: argNumber(argv, "min-ms", 50),
    maxMs: argNumber(argv, "max-ms", 1500),
    afterMs: argNumber(argv, "after-ms", 400),
    latencyMs: argNumber(argv, "latency-ms", 0),
    verbose: argValue(argv, "verbose") === "true",
    ...(argValue(argv, "small") === "true" ? { login: { username: "user_good", daysRequested: 180 } } : {}),
    ...(seedArg ? { seed: Number(seedArg) } : {}),
  });
  process.exit(result.ok ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof NoPostgresError ? `crash drill: ${err.message}` : err);
    process.exit(1);
  });
}
