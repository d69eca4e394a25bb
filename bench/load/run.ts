/**
 * `npm run load`: the portal's production build on PostgreSQL with 1,000 connections and 5,000
 * integrations, under 50 concurrent clients — p50/p95/p99 of the three Automations pages and of
 * the two webhook endpoints.
 *
 *   1. a scratch database on the PostgreSQL at TEST_POSTGRES_URL (default 127.0.0.1:5432/test),
 *      or LOAD_DATABASE_URL (an empty database, used as is and left in place); migrated; seeded
 *      with bulk SQL (bench/load/seed.ts)
 *   2. `next build` into .next-load, reused while the sources are unchanged (bench/load/build.ts)
 *   3. `next start` on 127.0.0.1:LOAD_PORT (3400) with that DATABASE_URL, SYNC_WORKER=off and the
 *      sandbox sign-in; a session cookie through the real sign-in (/api/auth/csrf, then
 *      /api/auth/callback/sandbox)
 *   4. every target checked once (200; the pages show their first page of connections / integrations (lib/pagination/sizes.ts)
 *      and "1–20 of 1,000" / "of 5,000", and Next leads to the second page; the webhooks say handled), warmed up with
 *      LOAD_WARMUP_REQUESTS (one per client) requests, then autocannon with LOAD_CLIENTS (50) connections for
 *      LOAD_SECONDS (20) each; checked again after the run
 *   5. the table on stdout, bench/results/load.json, and the figures with their goals through
 *      bench/support/figures.ts (section "load": bench/report.ts prints them); the server stopped and
 *      the scratch database dropped at the end, also after a failure or Ctrl-C.
 *
 * The clients are spread over a list of base URLs (`bases`): one instance today; several instances
 * behind no balancer are measured by passing their URLs (each client stays on one instance).
 *
 * `npm run load -- --instances 2`: two app servers on one database, clients spread over both
 * (bench/load/instances.ts), proving rate limits and webhook dedupe are shared.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { DEFAULT_TEST_POSTGRES_URL, createScratchDatabase } from "../../tests/helpers/postgres";
import { CONNECTIONS_PAGE_SIZE, INTEGRATIONS_PAGE_SIZE } from "../../lib/pagination/sizes";
import { ensureBuild, LOAD_DIST_DIR, ROOT } from "./build";
import { cleanupList, envInt, startServer } from "./server";
import { cpuPerRequest, readCpu } from "./cpu";
import { connectionId, DEFAULT_LOAD_SEED, expectedCounts, LOAD_BOOK, LOAD_USER, loadItemId, providerOf } from "./seed";
import { migrateAndSeed } from "./database";
import { formatTable, summarize, type TargetResult } from "./stats";
import { loadFigures } from "./figures";
import { writeFigures } from "../support/figures";
import { newPlaidSigningKey, plaidWebhookBody, pluggyWebhookBody, sandboxStateWithKey, signPlaidBody } from "./webhooks";

// `npm run load -- --instances 2` (or LOAD_INSTANCES=2): two app servers on one database instead,
// proving that rate limits and webhook dedupe are shared (bench/load/instances.ts).
const instancesFlag = process.argv.indexOf("--instances");
if ((instancesFlag >= 0 && process.argv[instancesFlag + 1] === "2") || process.env.LOAD_INSTANCES === "2") {
  const { runTwoInstances } = await import("./instances");
  await runTwoInstances();
  process.exit(process.exitCode ?? 0);
}

const T0 = performance.now();
const log = (m: string) => console.log(`[load ${((performance.now() - T0) / 1000).toFixed(0).padStart(4)}s] ${m}`);

const int = envInt;

const PORT = int("LOAD_PORT", 3400);
const CLIENTS = int("LOAD_CLIENTS", 50);
const SECONDS = int("LOAD_SECONDS", 20);
const WARMUP_REQUESTS = int("LOAD_WARMUP_REQUESTS", CLIENTS);
const ONLY = (process.env.LOAD_ONLY ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const BASE = `http://127.0.0.1:${PORT}`;
/** Where the clients go: the instances measured (one: the server this script starts). */
const BASES: readonly string[] = [BASE];
const RESULTS = path.join(ROOT, "bench", "results");


// ── clean-up: always, in reverse order, once; the server (bench/load/server.ts) ────────────────

const cleanups = cleanupList("load");
const cleanup = cleanups.run;

/** A session cookie through the real sandbox sign-in, as the sign-in page posts it. */
async function signIn(email: string): Promise<string> {
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const res = await fetch(`${BASE}/api/auth/callback/sandbox`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, callbackUrl: `${BASE}/books` }).toString(),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => /^(__Secure-)?authjs\.session-token=/.test(c));
  if (!session) throw new Error(`sign-in as ${email} gave no session cookie (HTTP ${res.status}, location ${res.headers.get("location")})`);
  return session;
}

// ── the targets ─────────────────────────────────────────────────────────────────────────────────

type Target = {
  name: string;
  path: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  /** A fresh request (body and headers) for each call; undefined for plain GETs. */
  next?: () => { body: string; headers: Record<string, string> };
  /** Checks one response; throws when it is not a valid measurement. */
  check: (status: number, body: string) => void;
  /** For a paged list: checks that its Next link leads to the second page (keyset). */
  checkNext?: (body: string) => Promise<void>;
};

const count = (s: string, needle: string) => s.split(needle).length - 1;

/** A page of the Automations, checked to show `n` of `total` items (its first page: a page size of them, the pager, and Next). */
function pageTarget(name: string, cookie: string, mustShow?: { marker: string; n: number; total: number; what: string }): Target {
  return {
    name: `GET ${name}`,
    path: `/books/${LOAD_BOOK.id}/automations/${name}`,
    method: "GET",
    headers: { cookie, "accept-language": "en-US,en;q=0.9" },
    check: (status, body) => {
      if (status !== 200) throw new Error(`${name}: HTTP ${status}`);
      if (!mustShow) return;
      if (count(body, mustShow.marker) !== mustShow.n) throw new Error(`${name}: the page shows ${count(body, mustShow.marker)} ${mustShow.what}, not ${mustShow.n}`);
      const pager = `1–${mustShow.n} of ${mustShow.total.toLocaleString("en-US")}`;
      if (!body.includes(pager)) throw new Error(`${name}: the page does not say "${pager}" (not all ${mustShow.what} are reachable)`);
    },
    ...(mustShow
      ? {
          checkNext: async (body: string) => {
            const anchor = /<a\b[^>]*\brel="next"[^>]*>/.exec(body)?.[0] ?? "";
            const next = /\bhref="([^"]*\?after=[A-Za-z0-9_-]+)"/.exec(anchor)?.[1];
            if (!next) throw new Error(`${name}: the page has no Next link`);
            const res = await fetch(`${BASES[0]}${next.replace(/&amp;/g, "&")}`, { headers: { cookie, "accept-language": "en-US,en;q=0.9" }, redirect: "manual" });
            const second = await res.text();
            const pager = `${mustShow.n + 1}–${2 * mustShow.n} of ${mustShow.total.toLocaleString("en-US")}`;
            if (res.status !== 200 || count(second, mustShow.marker) !== mustShow.n || !second.includes(pager)) throw new Error(`${name}: Next (${next}) did not show "${pager}" (HTTP ${res.status})`);
          },
        }
      : {}),
  };
}

function webhookTargets(key: ReturnType<typeof newPlaidSigningKey>, pluggySecret: string, connections: number): Target[] {
  const plaidItems: string[] = [];
  const pluggyItems: string[] = [];
  for (let i = 1; i <= connections; i++) (providerOf(i) === "PLAID" ? plaidItems : pluggyItems).push(loadItemId(i));
  let p = 0;
  let q = 0;
  const run = randomBytes(4).toString("hex");
  const handled = (provider: string) => (status: number, body: string) => {
    if (status !== 200) throw new Error(`${provider} webhook: HTTP ${status} ${body.slice(0, 200)}`);
    const parsed = JSON.parse(body) as { handled?: boolean };
    if (parsed.handled !== true) throw new Error(`${provider} webhook was not handled: ${body.slice(0, 200)}`);
  };
  return [
    {
      name: "POST /api/webhooks/plaid",
      path: "/api/webhooks/plaid",
      method: "POST",
      headers: { "content-type": "application/json" },
      next: () => {
        const body = plaidWebhookBody(plaidItems[p++ % plaidItems.length]!);
        return { body, headers: { "content-type": "application/json", "plaid-verification": signPlaidBody(body, key) } };
      },
      check: handled("Plaid"),
    },
    {
      name: "POST /api/webhooks/pluggy",
      path: "/api/webhooks/pluggy",
      method: "POST",
      headers: { "content-type": "application/json", "x-webhook-secret": pluggySecret },
      next: () => ({
        body: pluggyWebhookBody(pluggyItems[q % pluggyItems.length]!, `load-${run}-${q++}`),
        headers: { "content-type": "application/json", "x-webhook-secret": pluggySecret },
      }),
      check: handled("Pluggy"),
    },
  ];
}

async function once(t: Target, base: string = BASES[0]!): Promise<{ status: number; body: string; ms: number }> {
  const req = t.next?.();
  const t0 = performance.now();
  const res = await fetch(`${base}${t.path}`, { method: t.method, headers: req?.headers ?? t.headers, body: req?.body, redirect: "manual" });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - t0 };
}

type CannonRun = { latencies: number[]; duration: number; non2xx: number; errors: number; timeouts: number };

/** `clients` connections spread over `bases` (one autocannon per base, at once), their latencies together. */
async function cannon(t: Target, run: { duration: number } | { amount: number }, clients: number, bases: readonly string[] = BASES): Promise<CannonRun> {
  const share = (i: number) => Math.floor(clients / bases.length) + (i < clients % bases.length ? 1 : 0);
  const each = await Promise.all(
    bases.map((base, i) => cannonOne(t, "amount" in run ? { amount: Math.max(1, Math.round((run.amount * share(i)) / clients)) } : run, Math.max(1, share(i)), base)),
  );
  return {
    latencies: each.flatMap((e) => e.latencies),
    duration: Math.max(...each.map((e) => e.result.duration)),
    non2xx: each.reduce((n, e) => n + e.result.non2xx, 0),
    errors: each.reduce((n, e) => n + e.result.errors - e.result.timeouts, 0),
    timeouts: each.reduce((n, e) => n + e.result.timeouts, 0),
  };
}

function cannonOne(t: Target, run: { duration: number } | { amount: number }, clients: number, base: string): Promise<{ latencies: number[]; result: autocannon.Result }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: clients,
        ...run,
        timeout: 60,
        requests: [
          {
            method: t.method,
            path: t.path,
            headers: t.headers,
            ...(t.next
              ? {
                  setupRequest: (req: autocannon.Request) => {
                    const n = t.next!();
                    return { ...req, body: n.body, headers: n.headers };
                  },
                }
              : {}),
          },
        ],
      },
      (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve({ latencies, result })),
    );
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

// ── main ────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  log(`${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, Node ${process.version}`);

  // 1. Database.
  let url = process.env.LOAD_DATABASE_URL;
  if (url) {
    log(`database: LOAD_DATABASE_URL (used as is, left in place)`);
  } else {
    const admin = process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
    const scratch = await createScratchDatabase(admin, "load");
    cleanups.add({ label: "drop the scratch database", run: () => scratch.drop() });
    url = scratch.url;
    log(`database: scratch ${new URL(url).pathname.slice(1)} on ${new URL(admin).host}`);
  }
  const { secrets, seeded, client, seconds } = await migrateAndSeed(url);
  await client.end();
  log(`seeded in ${seconds.toFixed(1)} s: ${JSON.stringify(seeded)}`);
  const expected = expectedCounts(DEFAULT_LOAD_SEED);
  if (JSON.stringify(seeded) !== JSON.stringify(expected)) throw new Error(`seeded ${JSON.stringify(seeded)}, expected ${JSON.stringify(expected)}`);

  // 2. The sandbox's state: our Plaid webhook key, served by the portal's local Plaid sandbox.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bank-connections-load-"));
  cleanups.add({ label: "remove the data folder", run: () => fs.rmSync(dataDir, { recursive: true, force: true }) });
  const plaidKey = newPlaidSigningKey();
  fs.writeFileSync(path.join(dataDir, "sandbox.json"), JSON.stringify(sandboxStateWithKey(plaidKey)));

  // 3. Build (or reuse) and start.
  const build = await ensureBuild(log);
  log(build.built ? `built in ${build.seconds.toFixed(0)} s` : `reusing the build in ${LOAD_DIST_DIR} (sources unchanged)`);
  fs.mkdirSync(RESULTS, { recursive: true });
  const serverLog = path.join(RESULTS, "load-server.log");
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PLAID_|PLUGGY_|AUTH_GOOGLE_|BKPER_|BOOKS$|CRON_SECRET$|LOG_FILE$)/.test(k)) env[k] = v;
  Object.assign(env, {
    ...secrets,
    NODE_ENV: "production",
    NEXT_DIST_DIR: LOAD_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    PORT: String(PORT),
    APP_URL: BASE,
    SANDBOX_SIGNIN: "true",
    AUTO_MIGRATE: "false",
    SYNC_WORKER: "off",
    // The webhook limit (120 a minute per address) would answer most of the load with 429: what is
    // measured here is the handling of accepted deliveries, so the limit is raised out of the way.
    RATE_LIMIT_WEBHOOKS_PER_MINUTE: "100000",
  });
  log(`starting next start on ${BASE} (SYNC_WORKER=off; log: ${path.relative(ROOT, serverLog)})`);
  const server = await startServer(PORT, env, serverLog, cleanups.add, 120_000);
  const cookie = await signIn(LOAD_USER.email);
  log(`signed in as ${LOAD_USER.email} through /api/auth/callback/sandbox`);

  // 4. Targets: each checked once, warmed up, measured.
  const targets = [
    pageTarget("banks", cookie),
    pageTarget("connections", cookie, { marker: "data-connection-id=", n: CONNECTIONS_PAGE_SIZE, total: expected.connections, what: "connections" }),
    pageTarget("integrations", cookie, { marker: "data-integration-id=", n: INTEGRATIONS_PAGE_SIZE, total: expected.integrations, what: "integrations" }),
    ...webhookTargets(plaidKey, secrets.PLUGGY_WEBHOOK_SECRET, DEFAULT_LOAD_SEED.connections),
  ].filter((t) => ONLY.length === 0 || ONLY.some((o) => t.name.includes(o)));
  const results: (TargetResult & { single: { ms: number; bytes: number }; loadAvg: number[] })[] = [];
  for (const t of targets) {
    const first = await once(t);
    t.check(first.status, first.body);
    await t.checkNext?.(first.body);
    const bytes = Buffer.byteLength(first.body);
    if (t.method === "GET") fs.writeFileSync(path.join(RESULTS, `load-${t.name.replace(/\W+/g, "-").replace(/^-|-$/g, "")}.html`), first.body);
    for (let i = 0; i < 3; i++) await once(t); // JIT, caches, connection pool
    const single = await once(t);
    log(`${t.name}: OK (${(bytes / 1024).toFixed(0)} KiB, ${single.ms.toFixed(0)} ms alone); warming up (${WARMUP_REQUESTS} requests), then ${SECONDS} s at ${CLIENTS} clients…`);
    // Warm-up by count, not time: every warm-up request is answered before the measurement starts.
    await cannon(t, { amount: WARMUP_REQUESTS }, CLIENTS);
    const cpuBefore = readCpu(server.pid);
    const run = await cannon(t, { duration: SECONDS }, CLIENTS);
    const cpu = cpuPerRequest(cpuBefore, readCpu(server.pid), run.latencies.length);
    const r = { ...summarize(t.name, run.latencies, run.duration, { non2xx: run.non2xx, errors: run.errors, timeouts: run.timeouts }, bytes), ...(cpu ? { cpu } : {}) };
    // A measurement that ended in errors is not one: check a response again after the run.
    const after = await once(t);
    t.check(after.status, after.body);
    results.push({ ...r, single: { ms: Math.round(single.ms), bytes }, loadAvg: os.loadavg().map((l) => Math.round(l * 100) / 100) });
    log(`${t.name}: ${r.requests} requests, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}${cpu ? `; CPU per request: server ${cpu.serverMs.toFixed(1)} ms, PostgreSQL ${cpu.postgresMs.toFixed(1)} ms` : ""}; load average ${os.loadavg()[0]!.toFixed(2)}`);
  }

  // 5. Report.
  console.log(`\nLoad: ${CLIENTS} concurrent clients, ${SECONDS} s per target, ${expected.connections.toLocaleString("en-US")} connections and ${expected.integrations.toLocaleString("en-US")} integrations (production build, PostgreSQL)\n`);
  console.log(formatTable(results));
  const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? null, memoryGiB: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100), node: process.version, platform: `${os.platform()} ${os.release()}` };
  const file = path.join(RESULTS, "load.json");
  fs.writeFileSync(
    file,
    JSON.stringify({ at: new Date().toISOString(), clients: CLIENTS, seconds: SECONDS, warmupRequests: WARMUP_REQUESTS, seeded, connectionExample: connectionId(1), machine, results }, null, 2) + "\n",
  );
  const figuresFile = writeFigures("load", loadFigures(results, { clients: CLIENTS, instances: BASES.length }), { clients: CLIENTS, seconds: SECONDS, instances: BASES.length, seeded, machine, results });
  console.log(`\nload average ${machine.loadAverage.join(" ")} on ${machine.cores} cores · written to ${path.relative(ROOT, file)} and ${path.relative(ROOT, figuresFile)} (npx tsx bench/report.ts prints them with their goals)`);
  const bad = results.filter((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0);
  if (bad.length > 0) {
    process.exitCode = 1;
    console.error(`\nNot all responses were 2xx: ${bad.map((r) => r.target).join(", ")} (see ${path.relative(ROOT, serverLog)})`);
  }
}

try {
  await main();
} catch (err) {
  process.exitCode = 1;
  const cause = err instanceof Error && err.cause ? ` (${err.cause instanceof Error ? err.cause.message : String(err.cause)})` : "";
  console.error(`[load] failed: ${err instanceof Error ? err.message : String(err)}${cause}`);
} finally {
  await cleanup();
}
