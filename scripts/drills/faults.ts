/**
 * Fault drill (issue 6, Done when 3): `npm run drill:faults [-- --rate 0.1] [--days 30] [--step 1]
 * [--page-size 100] [--seed N] [--small] [--no-pluggy] [--verbose]`.
 *
 * In one process on PostgreSQL: a Plaid login (user_5, 5 accounts × 24 months; `--small`: user_good,
 * 90 days) and a Pluggy login (user-ok, a year; `--small`: 90 days), every account linked to a local
 * Book; then about `--rate` of provider calls fail — Plaid: 429, 500, timeouts (the client gives up
 * after 1 s, the sandbox answers after 1.5 s), TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION; Pluggy:
 * 429 and 5xx — and the Book has an outage on `--rate` of its calls (half before doing the work,
 * half losing the answer after). Syncs run as the worker runs them, again and again until each
 * connection converges (a run that finished with no Posting left dirty); the poster's backoff is
 * compressed by moving the poster's clock (`deps.now`) two hours per run instead of waiting. The
 * backfill first (Plaid pages of `--page-size`, so more calls and more mid-pagination cursors), then
 * `--days` sandbox days, a sync every `--step` days. After each step both Books must equal the
 * sandbox's ground truth exactly. Exit code 1 on any mismatch.
 */
import { pathToFileURL } from "node:url";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { PlaidProvider } from "@/lib/providers/plaid/provider";
import type { TransactionPage, TransactionPageOptions } from "@/lib/providers/transactions";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import { argNumber, argValue, fmt, secs, seededRandom } from "./support/cli";
import { connectPlaid, connectPluggy, daysAgo, linkAccounts } from "./support/connect";
import { flakyBook, type BookFaultStats } from "./support/flaky-book";
import { bookEntries, compareEntries, describeComparison, plaidExpected, pluggyExpected, pluggyHistoryFrom, type Entry } from "./support/truth";
import { createWorld, NoPostgresError } from "./support/world";

export type FaultDrillOptions = {
  rate?: number;
  days?: number;
  seed?: number;
  small?: boolean;
  pluggy?: boolean;
  /** Sandbox days between syncs after the backfill. */
  step?: number;
  /** Plaid /transactions/sync page size (smaller pages: more calls that can fail, more mid-pagination cursors). */
  pageSize?: number;
  /** Runs per connection and step before the drill gives up. */
  maxRuns?: number;
  log?: (line: string) => void;
  verbose?: boolean;
};

export type FaultDrillResult = {
  ok: boolean;
  runs: number;
  failedRuns: number;
  plaid: { calls: number; faults: number; rateLimit: number; serverError: number; timeout: number; syncMutation: number };
  pluggy: { calls: number; faults: number };
  book: BookFaultStats;
  summary: string;
  seconds: number;
};

const PLAID_TIMEOUT_MS = 1000;
const SLOW_ANSWER_MS = 1500;
const HOUR_MS = 3_600_000;

/** The app's PlaidProvider, asking for smaller pages. */
class SmallPagesPlaid extends PlaidProvider {
  constructor(
    api: ConstructorParameters<typeof PlaidProvider>[0],
    private readonly pageSize: number,
  ) {
    super(api);
  }
  override fetchTransactionsPage(secret: string, cursor: string | null, opts?: TransactionPageOptions): Promise<TransactionPage> {
    return super.fetchTransactionsPage(secret, cursor, { ...opts, count: this.pageSize });
  }
}

/** pluggy-sdk prints every failed request; the drill counts them instead. */
function quietPluggySdk(): { restore(): void; count(): number } {
  const original = console.error;
  let n = 0;
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("[Pluggy SDK] HTTP request failed")) n++;
    else original(...args);
  };
  return { restore: () => void (console.error = original), count: () => n };
}

type Target = { name: string; connectionId: string; provider: "plaid" | "pluggy"; bookAccounts: Set<string>; expected: () => Promise<Entry[]> };

export async function runFaultDrill(opts: FaultDrillOptions = {}): Promise<FaultDrillResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const rate = opts.rate ?? 0.1;
  const days = opts.days ?? 30;
  const stepDays = opts.step ?? 1;
  const pageSize = opts.pageSize ?? 100;
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const maxRuns = opts.maxRuns ?? 40;
  const pluggyDays = opts.small ? 90 : 365;
  const t0 = Date.now();
  const world = await createWorld("faults", { plaidTimeoutMs: PLAID_TIMEOUT_MS, pluggyHistoryDays: pluggyDays });
  const quiet = quietPluggySdk();
  try {
    const { prisma } = world.db;
    const { sandbox } = world;
    const targets: Target[] = [];
    const login = opts.small ? { username: "user_good", daysRequested: 90 } : { username: "user_5", daysRequested: 730 };
    const plaid = await connectPlaid(world, login);
    if (!plaid) throw new Error("the sandbox login was taken for a duplicate");
    const plaidStart = daysAgo(login.daysRequested - 1);
    const plaidLinked = await linkAccounts(world, plaid.connectionId, plaidStart);
    targets.push({ name: `Plaid ${login.username}`, connectionId: plaid.connectionId, provider: "plaid", bookAccounts: new Set(plaidLinked.values()), expected: () => plaidExpected(world, plaid.accessToken, plaidLinked, plaidStart) });
    if (opts.pluggy ?? true) {
      const pluggy = await connectPluggy(world);
      const start = daysAgo(pluggyDays - 5);
      const historyFrom = await pluggyHistoryFrom(world, pluggyDays);
      const linked = await linkAccounts(world, pluggy.connectionId, start);
      targets.push({ name: "Pluggy user-ok", connectionId: pluggy.connectionId, provider: "pluggy", bookAccounts: new Set(linked.values()), expected: () => pluggyExpected(world, pluggy.itemId, linked, start, historyFrom) });
    }
    for (const t of targets) log(`fault drill (seed ${seed}): ${t.name}, ${t.bookAccounts.size} accounts linked, ${fmt((await t.expected()).length)} transactions to post`);

    // The faults, from here on (connecting is not the sync engine's business).
    const random = seededRandom(seed);
    await sandbox.plaidSandbox.setFaults({
      rateLimit: { rate: rate * 0.35 },
      serverError: { rate: rate * 0.35 },
      timeout: { rate: rate * 0.3, delayMs: SLOW_ANSWER_MS },
      syncMutation: { rate },
    });
    sandbox.setTimeoutThreshold(SLOW_ANSWER_MS);
    const every = Math.max(1, Math.round(2 / rate));
    sandbox.pluggySandbox.control.setFaults({ rateLimit: { every }, serverError: { every } });
    sandbox.pluggySandbox.control.clearRequestLog();
    const plaidBefore = { ...sandbox.plaidStats };
    const book: BookFaultStats = { calls: 0, down: 0, answerLost: 0 };
    let skewMs = 0;
    const plaidPaged = new SmallPagesPlaid(sandbox.plaidApi, pageSize);
    const deps: EngineDeps = {
      providerFor: (n) => (n === "PLAID" ? plaidPaged : sandbox.pluggy),
      gatewayFor: (u) => flakyBook(new LocalBookGateway(prisma, u), rate, random, book),
      workerId: "drill-faults",
      now: () => new Date(Date.now() + skewMs),
    };

    let runs = 0;
    let failedRuns = 0;
    const errors: Record<string, number> = {};
    const converge = async (t: Target, step: string) => {
      for (let i = 0; i < maxRuns; i++) {
        skewMs += 2 * HOUR_MS; // every backoff (≤ 75 min) is due at the next run
        const r = await syncConnection(prisma, deps, t.connectionId, { trigger: i === 0 ? "manual" : "retry" });
        runs++;
        if (r.status === "failed") {
          failedRuns++;
          const code = (await prisma.syncRun.findUniqueOrThrow({ where: { id: r.runId } })).errorCode ?? "?";
          errors[code] = (errors[code] ?? 0) + 1;
        }
        if (r.status === "busy" || r.status === "skipped") throw new Error(`${t.name}: sync ${r.status}`);
        const dirty = await prisma.posting.count({ where: { dirty: true, integration: { institutionAccount: { connectionId: t.connectionId } } } });
        if (r.status === "done" && dirty === 0) return i + 1;
      }
      throw new Error(`${t.name} did not converge within ${maxRuns} runs (${step})`);
    };
    const check = async (step: string): Promise<string | null> => {
      for (const t of targets) {
        const cmp = compareEntries(await t.expected(), await bookEntries(world, t.provider, t.bookAccounts));
        if (!cmp.ok) return `${t.name} after ${step}: ${describeComparison(cmp)}`;
      }
      return null;
    };

    let problem: string | null = null;
    const steps = ["the backfill", ...Array.from({ length: Math.ceil(days / stepDays) }, (_, k) => `day ${Math.min(days, (k + 1) * stepDays)}`)];
    for (const [k, step] of steps.entries()) {
      if (k > 0) {
        await sandbox.plaidSandbox.advanceClock(Math.min(stepDays, days - (k - 1) * stepDays));
        await sandbox.pluggySandbox.control.advanceClock(0);
        await sandbox.pluggySandbox.control.settleAll();
      }
      const took: string[] = [];
      for (const t of targets) took.push(`${t.name} ${await converge(t, step)} runs`);
      problem = await check(step);
      if (problem || k === 0 || k === steps.length - 1 || opts.verbose) log(`${step}: converged (${took.join(", ")}); ${problem ? `MISMATCH — ${problem}` : "both Books equal ground truth"}`);
      if (problem) break;
    }

    const p = sandbox.plaidStats;
    const plaidStats = {
      calls: p.calls - plaidBefore.calls,
      rateLimit: p.rateLimit - plaidBefore.rateLimit,
      serverError: p.serverError - plaidBefore.serverError,
      timeout: p.timeout - plaidBefore.timeout,
      syncMutation: p.syncMutation - plaidBefore.syncMutation,
      faults: 0,
    };
    plaidStats.faults = plaidStats.rateLimit + plaidStats.serverError + plaidStats.timeout + plaidStats.syncMutation;
    const pluggyLog = sandbox.pluggySandbox.control.requestLog();
    const pluggyStats = { calls: pluggyLog.length, faults: pluggyLog.filter((e) => e.fault).length };
    const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : "0%");
    const seconds = (Date.now() - t0) / 1000;
    const summary =
      `Fault drill (seed ${seed}, rate ${rate}): ${problem ? "MISMATCH" : "both Books converged to the sandbox's ground truth exactly"} after the backfill and ${days} sandbox days, in ${runs} sync runs (Plaid pages of ${pageSize}, a sync every ${stepDays} day${stepDays > 1 ? "s" : ""}; ${failedRuns} failed and retried: ` +
      `${Object.entries(errors).map(([k, v]) => `${v}× ${k}`).join(", ") || "none"}). Faults fired — Plaid: ${plaidStats.faults} of ${plaidStats.calls} calls (${pct(plaidStats.faults, plaidStats.calls)}: ` +
      `${plaidStats.rateLimit} × 429, ${plaidStats.serverError} × 500, ${plaidStats.timeout} timeouts, ${plaidStats.syncMutation} × mutation during pagination); ` +
      `Pluggy: ${pluggyStats.faults} of ${pluggyStats.calls} requests (${pct(pluggyStats.faults, pluggyStats.calls)}; pluggy-sdk retries a 429 twice by itself, ${quiet.count()} failures reached the provider); ` +
      `Book: ${book.down + book.answerLost} of ${book.calls} calls (${book.down} down, ${book.answerLost} answers lost after the work was done). ${secs(Date.now() - t0)} in all.` +
      (problem ? ` ${problem}` : "");
    log(summary);
    return { ok: problem === null, runs, failedRuns, plaid: plaidStats, pluggy: pluggyStats, book, summary, seconds };
  } finally {
    quiet.restore();
    await world.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seedArg = argValue(argv, "seed");
  const result = await runFaultDrill({
    rate: argNumber(argv, "rate", 0.1),
    days: argNumber(argv, "days", 30),
    step: argNumber(argv, "step", 1),
    pageSize: argNumber(argv, "page-size", 100),
    verbose: argValue(argv, "verbose") === "true",
    small: argValue(argv, "small") === "true",
    pluggy: argValue(argv, "no-pluggy") !== "true",
    ...(seedArg ? { seed: Number(seedArg) } : {}),
  });
  process.exit(result.ok ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof NoPostgresError ? `fault drill: ${err.message}` : err);
    process.exit(1);
  });
}
