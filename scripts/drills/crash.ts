/**
 * Crash drill (issue 6, Done when 2; issue 15, Done when 2): `npm run drill:crash -- [--rounds 5]
 * [--kills 1] [--provider plaid|pluggy] [--min-ms 50] [--max-ms 1500] [--after-ms 400]
 * [--latency-ms 0] [--seed N] [--small] [--verbose]`.
 *
 * Each round is a backfill of its own: a new member of the demo world with a Book of their own
 * connects a Plaid login of 5 accounts × 24 months (user_5 on ins_109508, days_requested 730;
 * `--small`: user_good, 180 days; or Pluggy's user-ok, a year) and links every account; a sync is
 * queued and `npm run worker` (compiled, scripts/compiled.mjs) runs as a child process. It is SIGKILLed at a random moment of
 * the backfill (a quarter 50–1500 ms after its start-up, the others 0–400 ms after the first page
 * or Book batch it committed), `--kills` times per round, and a new worker is started at once after
 * each kill, as a supervisor (systemd, a container restart) would. Nothing is helped along: the dead
 * worker's lease runs out (15 s, lib/sync/lease.ts), the new worker's reaper closes its run and
 * queues the sync again (lib/sync/schedule.ts), and the retry resumes from the stored cursor and
 * the dirty Postings.
 *
 * Recovery = from the last kill of a round to the moment every integration of the connection shows
 * **Active** again on the Book Integrations page (lib/sync/read) with a run started after the kill
 * finished. The drill prints it per round and the median over the rounds; then each round's Book must
 * equal the sandbox's ground truth exactly (every transaction once). Exit code 1 on any mismatch.
 */
import { pathToFileURL } from "node:url";
import type { PgBoss } from "pg-boss";
import { enqueueSync, openSyncQueue } from "@/lib/sync/queue";
import { argNumber, argValue, fmt, secs, seededRandom, sleep, until } from "./support/cli";
import { connectPlaid, connectPluggy, daysAgo, linkAccounts } from "./support/connect";
import { integrationsActive, progressOf, type Progress } from "./support/recover";
import { bookEntries, compareEntries, describeComparison, plaidExpected, pluggyExpected, pluggyHistoryFrom, type Entry } from "./support/truth";
import { spawnWorker, type WorkerProcess } from "./support/worker-process";
import { createWorld, NoPostgresError, type DrillWorld } from "./support/world";

export type CrashDrillOptions = {
  /** Backfills, each killed `kills` times; the recovery figure is their median. Default 5. */
  rounds?: number;
  /** Kills per round. Default 1. */
  kills?: number;
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
  /** Logs each round's progress while it recovers. */
  verbose?: boolean;
};

export type RoundResult = {
  round: number;
  ok: boolean;
  expected: number;
  /** Where each kill landed. */
  phases: string[];
  /** Seconds from each kill to the first run the next worker started. */
  resumedSeconds: number[];
  /** Seconds from the round's last kill to every integration Active, the retry finished. */
  recoverySeconds: number;
  comparison: string;
};

export type CrashDrillResult = {
  ok: boolean;
  kills: number;
  killsDuringBackfill: number;
  phases: Record<string, number>;
  expected: number;
  rounds: RoundResult[];
  /** The median over the rounds of kill → Active (seconds). */
  medianRecoverySeconds: number;
  maxRecoverySeconds: number;
  summary: string;
  seconds: number;
};

function phaseOf(before: Progress, after: Progress, total: number): string {
  const runs = (p: Progress) => p.runs.RUNNING + p.runs.SUCCEEDED + p.runs.FAILED;
  // Everything posted and no run open: the backfill ended before the kill (in this window, or before
  // it — a small login's backfill can finish before the next worker's turn), nothing is left to resume.
  if (after.dirty === 0 && after.posted >= total && after.runs.SUCCEEDED > 0 && (after.runs.SUCCEEDED > before.runs.SUCCEEDED || after.runs.RUNNING === 0)) return "after the backfill";
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
    const [stored, inBook, succeeded, dirty, running] = await Promise.all([
      db.bankTransaction.count({ where: { connectionId } }),
      db.ledgerTransaction.count({ where: { bookId, trashed: false } }),
      db.syncRun.count({ where: { connectionId, state: "SUCCEEDED" } }),
      db.posting.count({ where: { dirty: true, integration: { institutionAccount: { connectionId } } } }),
      db.syncRun.count({ where: { connectionId, state: "RUNNING" } }),
    ]);
    if (stored > before.stored || inBook > before.bookTotal || succeeded > before.runs.SUCCEEDED) return;
    // Nothing left that could progress (a small backfill finished before this worker's turn): the
    // kill lands on an idle worker, "after the backfill".
    if (stored > 0 && dirty === 0 && running === 0) return;
    await sleep(100);
  }
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** One round's own member and Book (so rounds never share an item, a login check or a remote id). */
async function roundWorld(world: DrillWorld, round: number): Promise<DrillWorld> {
  const { prisma } = world.db;
  const user = await prisma.user.create({ data: { email: `crash-round-${round}@example.com`, name: `Crash Round ${round}` } });
  const book = await prisma.book.create({ data: { name: `Crash drill ${round}`, members: { create: [{ userId: user.id, role: "OWNER" }] } } });
  return { ...world, clientId: user.id, bookId: book.id };
}

export async function runCrashDrill(opts: CrashDrillOptions): Promise<CrashDrillResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const provider = opts.provider ?? "plaid";
  const roundsWanted = opts.rounds ?? 5;
  const killsPerRound = opts.kills ?? 1;
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
    if (opts.latencyMs) await world.sandbox.plaidSandbox.setFaults({ latencyMs: opts.latencyMs });
    boss = await openSyncQueue(world.db);
    const login = opts.login ?? { username: "user_5", daysRequested: 730 };
    log(
      `crash drill (seed ${seed}): ${roundsWanted} rounds of a ${provider === "plaid" ? `Plaid ${login.username} backfill (${login.daysRequested} days)` : "Pluggy user-ok backfill (a year)"}, ` +
        `the worker SIGKILLed ${killsPerRound}× per round (${minMs}–${maxMs} ms after its start-up or 0–${afterMs} ms after its first progress) and restarted at once; ` +
        `recovery = last kill → every integration Active`,
    );
    const rounds: RoundResult[] = [];
    for (let n = 1; n <= roundsWanted; n++) {
      const rw = await roundWorld(world, n);
      let connectionId: string;
      let expected: () => Promise<Entry[]>;
      let bookAccounts: Set<string>;
      if (provider === "plaid") {
        const c = await connectPlaid(rw, login);
        if (!c) throw new Error("the sandbox login was taken for a duplicate");
        connectionId = c.connectionId;
        const start = daysAgo(login.daysRequested - 1);
        const linked = await linkAccounts(rw, connectionId, start);
        bookAccounts = new Set(linked.values());
        expected = () => plaidExpected(rw, c.accessToken, linked, start);
      } else {
        const c = await connectPluggy(rw);
        connectionId = c.connectionId;
        const start = daysAgo(360);
        const historyFrom = await pluggyHistoryFrom(rw, 365);
        const linked = await linkAccounts(rw, connectionId, start);
        bookAccounts = new Set(linked.values());
        expected = () => pluggyExpected(rw, c.itemId, linked, start, historyFrom);
      }
      const total = (await expected()).length;
      await enqueueSync(boss, prisma, connectionId, "manual");

      const phases: string[] = [];
      const resumedSeconds: number[] = [];
      let worker = spawn();
      let spawnedAt = Date.now();
      let killedAt = 0;
      for (let k = 1; k <= killsPerRound; k++) {
        const before = await progressOf(prisma, connectionId, rw.bookId, provider);
        await worker.started;
        const startupMs = Date.now() - spawnedAt;
        // A random moment: a quarter of the kills come 50–1500 ms after the start-up; the others
        // 0–400 ms after the first work this worker commits (a page stored, a batch in the Book),
        // while the next page or batch is in flight — so kills land in every phase of the backfill
        // whatever the speed of the machine.
        const afterProgress = random() >= 0.25;
        if (afterProgress) await Promise.race([waitForProgress(prisma, connectionId, rw.bookId, before), worker.exited]);
        const delayMs = Math.round(afterProgress ? random() * afterMs : minMs + random() * (maxMs - minMs));
        await Promise.race([sleep(delayMs), worker.exited]);
        await worker.crash();
        killedAt = Date.now();
        // The supervisor starts a new worker at once; it knows nothing of the one that died.
        worker = spawn();
        spawnedAt = Date.now();
        const after = await progressOf(prisma, connectionId, rw.bookId, provider);
        const phase = phaseOf(before, after, total);
        phases.push(phase);
        const resumed = await until(
          "a run of the new worker",
          async () => (await prisma.syncRun.findFirst({ where: { connectionId, startedAt: { gt: new Date(killedAt) } }, select: { startedAt: true } }))?.startedAt ?? (phase === "after the backfill" ? new Date(killedAt) : null),
          240_000,
          100,
        );
        resumedSeconds.push(Math.max(0, resumed.getTime() - killedAt) / 1000);
        log(
          `round ${n}, kill ${k}: ${String(delayMs).padStart(4)} ms after ${afterProgress ? "its first progress" : "start-up"} (start-up took ${secs(startupMs)}) — ${phase};` +
            ` stored ${fmt(after.stored)}, posted ${fmt(after.posted)}, Book ${fmt(after.inBook)}/${fmt(total)}; a new run started ${secs(resumed.getTime() - killedAt)} after the kill`,
        );
      }

      let shown = "";
      await until(
        "every integration Active again",
        async () => {
          const conn = await prisma.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { status: true, errorCode: true, errorMessage: true } });
          if (conn.status === "ERROR" || conn.status === "LOGIN_REQUIRED") throw new Error(`the sync cannot finish: connection ${conn.status} (${conn.errorCode}: ${conn.errorMessage})`);
          if (opts.verbose) {
            const p = await progressOf(prisma, connectionId, rw.bookId, provider);
            const line = `stored ${p.stored}, dirty ${p.dirty}, posted ${p.posted}, in the Book ${p.inBook}`;
            if (line !== shown) log(`  +${secs(Date.now() - killedAt)}: ${(shown = line)}`);
          }
          const retried = await prisma.syncRun.findFirst({ where: { connectionId, state: "SUCCEEDED", startedAt: { gt: new Date(killedAt) } }, select: { id: true } });
          const settled = phases.at(-1) === "after the backfill" || retried !== null;
          return settled && (await integrationsActive(prisma, rw.bookId, connectionId));
        },
        300_000,
        100,
      );
      const recoverySeconds = (Date.now() - killedAt) / 1000;
      await worker.stop();
      const cmp = compareEntries(await expected(), await bookEntries(rw, provider, bookAccounts));
      rounds.push({ round: n, ok: cmp.ok, expected: total, phases, resumedSeconds, recoverySeconds, comparison: describeComparison(cmp) });
      log(`round ${n}: kill → Active ${recoverySeconds.toFixed(1)} s; ${cmp.ok ? "every transaction exactly once" : "MISMATCH"}: ${describeComparison(cmp)}`);
    }

    const phases: Record<string, number> = {};
    for (const p of rounds.flatMap((r) => r.phases)) phases[p] = (phases[p] ?? 0) + 1;
    const kills = rounds.reduce((s, r) => s + r.phases.length, 0);
    const during = rounds.flatMap((r) => r.phases).filter((p) => p !== "after the backfill").length;
    const recoveries = rounds.map((r) => r.recoverySeconds);
    const resumed = rounds.flatMap((r) => r.resumedSeconds);
    const ok = rounds.every((r) => r.ok);
    const medianRecoverySeconds = median(recoveries);
    const maxRecoverySeconds = Math.max(...recoveries);
    const seconds = (Date.now() - t0) / 1000;
    const summary =
      `Crash drill (${provider}, seed ${seed}): ${rounds.length} backfills, the worker SIGKILLed ${kills} times (${during} during the backfill; ` +
      `${Object.entries(phases).map(([k, v]) => `${v}× ${k}`).join(", ")}) and restarted at once. ` +
      `Kill → Active: median ${medianRecoverySeconds.toFixed(1)} s (${recoveries.map((s) => s.toFixed(1)).join(", ")} s; max ${maxRecoverySeconds.toFixed(1)} s); ` +
      `kill → the retry's run started: median ${median(resumed).toFixed(1)} s. ` +
      `${ok ? "Every Book equals the sandbox's ground truth exactly: every transaction once" : "MISMATCH"} ` +
      `(${rounds.map((r) => `${fmt(r.expected)}`).join(" + ")} transactions); ${secs(Date.now() - t0)} in all.`;
    log(summary);
    return { ok, kills, killsDuringBackfill: during, phases, expected: rounds.reduce((s, r) => s + r.expected, 0), rounds, medianRecoverySeconds, maxRecoverySeconds, summary, seconds };
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
    rounds: argNumber(argv, "rounds", 5),
    kills: argNumber(argv, "kills", 1),
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
