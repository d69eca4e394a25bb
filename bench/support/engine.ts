import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { Products } from "plaid";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { createConnectionFromLink } from "@/lib/connections/service";
import { seedDemoData } from "@/lib/db/seed";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { linkAccount } from "@/lib/integrations/service";
import { createPlaidClient } from "@/lib/providers/plaid/client";
import { PlaidProvider } from "@/lib/providers/plaid/provider";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import { postOutbox } from "@/lib/sync/poster";
import type { BenchDb } from "./db";
import { gatewayStats, InstrumentedGateway, type GatewayStats } from "./gateway";
import { DAY_MS, daysAgo } from "@/lib/dates";

/** What the bench sections share: the app's engine wired to the sandbox bank and a local Book. */

export { DAY_MS, daysAgo };
export const INSTITUTION = "ins_109508";
export const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const T0 = performance.now();
export const log = (msg: string) => console.log(`[bench ${((performance.now() - T0) / 1000).toFixed(0).padStart(3)}s] ${msg}`);

/** The offline Plaid sandbox in its own process (bench/support/sandbox-server.ts). */
export async function startSandbox(): Promise<{ url: string; child: ChildProcess; stop(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "sandbox-server.ts")], { cwd: path.resolve(import.meta.dirname, "..", ".."), stdio: ["pipe", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("the sandbox server did not start within 180 s")), 180_000);
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /SANDBOX_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on("exit", (code) => reject(new Error(`the sandbox server exited (${code})`)));
  });
  return {
    url,
    child,
    stop: () => {
      child.stdin?.end();
      child.kill("SIGTERM");
    },
  };
}

export type Ctx = {
  bdb: BenchDb;
  prisma: PrismaClient;
  plaid: PlaidProvider;
  plaidApi: ReturnType<typeof createPlaidClient>;
  client: string;
  acme: string;
  stats: GatewayStats;
  deps: EngineDeps;
};

/** Seeds the demo data (Clara Client, Acme Ltd) and wires the engine to the sandbox. */
export async function createCtx(bdb: BenchDb, sandboxUrl: string): Promise<Ctx> {
  const prisma = bdb.prisma;
  await seedDemoData(prisma);
  const plaidApi = createPlaidClient({ basePath: `${sandboxUrl}/plaid`, clientId: "bench", secret: "bench" });
  const plaid = new PlaidProvider(plaidApi);
  const stats = gatewayStats();
  return {
    bdb,
    prisma,
    plaid,
    plaidApi,
    stats,
    client: (await prisma.user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id,
    acme: (await prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id,
    deps: {
      providerFor: (name) => {
        if (name !== "PLAID") throw new Error("the bench uses Plaid only");
        return plaid;
      },
      gatewayFor: (userId) => new InstrumentedGateway(new LocalBookGateway(prisma, userId), stats),
      workerId: "bench",
    },
  };
}

/** A real sandbox login connected as the Banks page does (Plaid Link → public token → connection). */
export async function connect(ctx: Ctx, username: string, days: number): Promise<string> {
  const pub = await ctx.plaidApi.sandboxPublicTokenCreate({ institution_id: INSTITUTION, initial_products: [Products.Transactions], options: { override_username: username, transactions: { days_requested: days } } });
  const r = await createConnectionFromLink(ctx.prisma, ctx.plaid, { ownerId: ctx.client, bookId: ctx.acme, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: INSTITUTION } });
  if (r.kind !== "created") throw new Error(`sandbox login ${username} was already connected`);
  return r.connectionId;
}

export async function mustSync(ctx: Ctx, connectionId: string) {
  const r = await syncConnection(ctx.prisma, ctx.deps, connectionId, { trigger: "manual" });
  if (r.status !== "done") throw new Error(`sync ${r.status}: ${JSON.stringify(r)}`);
  return r.counts;
}

/** Save (Link Account) for the connection's accounts: a new Book Account each, 24-month period. */
export async function linkAll(ctx: Ctx, connectionId: string, accountIds?: string[], bookId = ctx.acme): Promise<{ integrations: string[]; queued: number }> {
  const accounts = await ctx.prisma.institutionAccount.findMany({ where: { connectionId, ...(accountIds ? { id: { in: accountIds } } : {}) }, orderBy: { name: "asc" } });
  const integrations: string[] = [];
  for (const a of accounts) {
    const r = await linkAccount(ctx.prisma, new LocalBookGateway(ctx.prisma, ctx.client), ctx.plaid, {
      userId: ctx.client,
      bookId,
      institutionAccountId: a.id,
      bookAccount: { create: { name: `bench ${a.name} ${a.mask ?? ""} ${a.id.slice(-6)}` } },
      periodStart: daysAgo(729),
    });
    integrations.push(r.integrationId);
  }
  const queued = await ctx.prisma.posting.count({ where: { integrationId: { in: integrations }, dirty: true } });
  return { integrations, queued };
}

/**
 * The main thread's longest stall (ms) — a 10 ms timer's longest gap, the last one included. PGlite
 * runs in this thread as synchronous WebAssembly behind promises, so a long chain of its queries
 * never lets timers or I/O run: in the app, requests wait that long.
 */
export function loopStall(): { stop(): number } {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(max, performance.now() - last);
    },
  };
}

/**
 * Peak RSS, sampled every 50 ms from a worker thread: the main thread may be too busy to run a
 * timer (PGlite's work is synchronous WebAssembly), a worker's event loop is not.
 */
export function rssSampler(): { stop(): Promise<{ peak: number; samples: number }> } {
  const worker = new Worker(
    `const { parentPort } = require("node:worker_threads");
     let peak = process.memoryUsage.rss(), samples = 1;
     const t = setInterval(() => { const r = process.memoryUsage.rss(); samples++; if (r > peak) peak = r; }, 50);
     parentPort.on("message", () => { clearInterval(t); parentPort.postMessage({ peak, samples }); });`,
    { eval: true },
  );
  return {
    stop: async () => {
      const done = new Promise<{ peak: number; samples: number }>((resolve) => worker.once("message", resolve));
      worker.postMessage("stop");
      const r = await done;
      await worker.terminate();
      return r;
    },
  };
}

export type PostRun = {
  posted: number;
  seconds: number;
  txPerSecond: number;
  statements: number;
  statementsPerTx: number;
  failedBookCalls: number;
  firstError: string | null;
  timeBoxed: boolean;
  remaining: number;
  maxLoopStallMs: number;
  slowestStatements: { statement: string; count: number; ms: number }[];
};

/**
 * The engine's poster (postOutbox, the first step of every syncConnection) over the connection's
 * outbox, optionally time-boxed: a time-boxed run is measured up to its last successful Book call.
 * `onRound` runs after each of the poster's rounds (≤ 1,000 Postings), e.g. to sample memory.
 */
export async function timedPost(ctx: Ctx, connectionId: string, budgetMs: number | null, onRound?: () => void): Promise<PostRun> {
  ctx.stats.reset();
  ctx.bdb.queries.reset();
  ctx.stats.snapshot = () => ctx.bdb.queries.statements;
  const stall = loopStall();
  const t0 = performance.now();
  if (budgetMs !== null) ctx.stats.deadline = t0 + budgetMs;
  const r = await postOutbox(ctx.prisma, ctx.deps, connectionId, { ...(budgetMs !== null ? { budgetMs } : {}), ...(onRound ? { onProgress: async () => onRound() } : {}) });
  const t1 = performance.now();
  const maxLoopStallMs = stall.stop();
  const timeBoxed = ctx.stats.refusedCalls > 0 || r.remaining > 0;
  const end = timeBoxed ? (ctx.stats.lastCreatedAt ?? t1) : t1;
  const posted = ctx.stats.created;
  const seconds = (end - t0) / 1000;
  // After the time box the poster marks the refused rows for retry, one UPDATE each: not counted.
  const statements = timeBoxed ? (ctx.stats.statementsAtLastCreate ?? ctx.bdb.queries.statements) : ctx.bdb.queries.statements;
  return {
    posted,
    seconds,
    txPerSecond: seconds > 0 ? posted / seconds : 0,
    statements,
    statementsPerTx: posted ? statements / posted : 0,
    failedBookCalls: ctx.stats.failedCalls,
    firstError: ctx.stats.firstError,
    timeBoxed,
    remaining: r.remaining,
    maxLoopStallMs,
    slowestStatements: ctx.bdb.queries.top(Number(process.env.BENCH_TOP ?? 5)),
  };
}
