/**
 * `npm run load -- --instances 2`: two app servers (the production build) on ONE PostgreSQL
 * database, clients spread over both base URLs, proving that they behave as one instance:
 *
 *   1. webhook rate limit: 4 × RATE_LIMIT_WEBHOOKS_PER_MINUTE Pluggy deliveries from one client
 *      address, alternating between the instances, concurrently → exactly the limit accepted in
 *      total (per-process limits would accept twice the limit), the rest 429
 *   2. sign-in rate limit: 4 × RATE_LIMIT_SIGNIN_PER_MINUTE sign-ins of one user over both →
 *      exactly the limit get a session
 *   3. duplicate webhooks: each Pluggy delivery (same eventId) and each signed Plaid delivery sent
 *      to BOTH instances at the same moment → handled once (the other copy: "duplicate" / 409),
 *      one webhook_events row each
 *   4. throughput: webhooks at LOAD_CLIENTS clients split over both instances for LOAD_SECONDS,
 *      each request from one of 5,000 client addresses (TRUST_PROXY), so the shared limit's table
 *      is exercised as many senders would
 *
 * Figures on stdout and in bench/results/sections/instances.json (bench/support/figures.ts).
 * Ports: LOAD_PORT (3400) and LOAD_PORT + 1. The servers, their data folders and the scratch
 * database are removed at the end, also after a failure or Ctrl-C.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { DEFAULT_TEST_POSTGRES_URL, createScratchDatabase } from "../../tests/helpers/postgres";
import { writeFigures, type Figure } from "../support/figures";
import { ensureBuild, LOAD_DIST_DIR, ROOT } from "./build";
import { cleanupList, envInt, startServer, type Cleanup } from "./server";
import { loadItemId, LOAD_USER, providerOf } from "./seed";
import { migrateAndSeed } from "./database";
import { percentile } from "./stats";
import { newPlaidSigningKey, plaidWebhookBody, pluggyWebhookBody, sandboxStateWithKey, signPlaidBody } from "./webhooks";

const T0 = performance.now();
const log = (m: string) => console.log(`[load×2 ${((performance.now() - T0) / 1000).toFixed(0).padStart(4)}s] ${m}`);
const int = envInt;

const PORT = int("LOAD_PORT", 3400);
const CLIENTS = int("LOAD_CLIENTS", 50);
const SECONDS = int("LOAD_SECONDS", 20);
const WEBHOOK_LIMIT = int("LOAD_WEBHOOK_LIMIT", 40);
const SIGNIN_LIMIT = int("LOAD_SIGNIN_LIMIT", 5);
const DUPLICATES = int("LOAD_DUPLICATES", 50);
const CONNECTIONS = 100;
const BASES = [`http://127.0.0.1:${PORT}`, `http://127.0.0.1:${PORT + 1}`] as const;
const RESULTS = path.join(ROOT, "bench", "results");

let cleanups: ReturnType<typeof cleanupList> | null = null;
const addCleanup = (c: Cleanup) => cleanups!.add(c);
const cleanup = () => cleanups?.run() ?? Promise.resolve();

/** One sign-in through the real sandbox sign-in on `base`: "session", "rate_limited" or what else happened. */
async function signInAttempt(base: string, email: string, ip: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const res = await fetch(`${base}/api/auth/callback/sandbox`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), "x-forwarded-for": ip },
    body: new URLSearchParams({ csrfToken, email, callbackUrl: `${base}/books` }).toString(),
  });
  if (res.headers.getSetCookie().some((c) => /^(__Secure-)?authjs\.session-token=/.test(c))) return "session";
  const location = res.headers.get("location") ?? "";
  return location.includes("code=rate_limited") ? "rate_limited" : `HTTP ${res.status} ${location}`;
}

const tally = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});

/** Runs `tasks` with at most `n` at a time. */
async function pool<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

function cannon(base: string, clients: number, next: () => { path: string; body: string; headers: Record<string, string> }): Promise<{ latencies: number[]; result: autocannon.Result }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const first = next();
    const instance = autocannon(
      {
        url: base,
        connections: clients,
        duration: SECONDS,
        timeout: 60,
        requests: [
          {
            method: "POST",
            path: first.path,
            headers: first.headers,
            setupRequest: (req: autocannon.Request) => {
              const n = next();
              return { ...req, path: n.path, body: n.body, headers: n.headers };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve({ latencies, result })),
    );
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

async function main(): Promise<void> {
  log(`${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, Node ${process.version}`);
  const admin = process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
  const scratch = await createScratchDatabase(admin, "load2");
  addCleanup({ label: "drop the scratch database", run: () => scratch.drop() });
  const url = scratch.url;
  const { secrets, seeded, client: db } = await migrateAndSeed(url, { connections: CONNECTIONS });
  addCleanup({ label: "close the database client", run: () => db.end() });
  log(`database: scratch ${new URL(url).pathname.slice(1)}, seeded ${JSON.stringify(seeded)}`);

  const plaidKey = newPlaidSigningKey();
  const build = await ensureBuild(log);
  log(build.built ? `built in ${build.seconds.toFixed(0)} s` : `reusing the build in ${LOAD_DIST_DIR}`);
  fs.mkdirSync(RESULTS, { recursive: true });
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PLAID_|PLUGGY_|AUTH_GOOGLE_|BKPER_|BOOKS$|CRON_SECRET$|LOG_FILE$|REDIS_URL$|RATE_LIMIT_)/.test(k)) env[k] = v;
  Object.assign(env, {
    ...secrets,
    NODE_ENV: "production",
    NEXT_DIST_DIR: LOAD_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: url,
    SANDBOX_SIGNIN: "true",
    AUTO_MIGRATE: "false",
    SYNC_WORKER: "off",
    TRUST_PROXY: "true",
    RATE_LIMIT_WEBHOOKS_PER_MINUTE: String(WEBHOOK_LIMIT),
    RATE_LIMIT_SIGNIN_PER_MINUTE: String(SIGNIN_LIMIT),
    RATE_LIMIT_SIGNIN_IP_PER_MINUTE: "100000",
    // The store under test; REDIS_URL (when the caller sets LOAD_REDIS_URL) switches both to Redis.
    ...(process.env.LOAD_REDIS_URL ? { REDIS_URL: process.env.LOAD_REDIS_URL } : {}),
  });
  const store = process.env.LOAD_REDIS_URL ? "redis" : "database";
  // One after the other: each start seeds the sandbox sign-in's demo users (SANDBOX_SIGNIN), which
  // two processes racing on a fresh database would both try to insert.
  for (const [i, base] of BASES.entries()) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bank-connections-load2-${i}-`));
    addCleanup({ label: `remove ${dataDir}`, run: () => fs.rmSync(dataDir, { recursive: true, force: true }) });
    fs.writeFileSync(path.join(dataDir, "sandbox.json"), JSON.stringify(sandboxStateWithKey(plaidKey)));
    await startServer(Number(new URL(base).port), { ...env, DATA_DIR: dataDir, APP_URL: base }, path.join(RESULTS, `load-instance-${i + 1}.log`), addCleanup);
  }
  log(`two instances on ${BASES.join(" and ")}, one database, rate limits in the ${store}`);

  const plaidItems: string[] = [];
  const pluggyItems: string[] = [];
  for (let i = 1; i <= CONNECTIONS; i++) (providerOf(i) === "PLAID" ? plaidItems : pluggyItems).push(loadItemId(i));
  const run = randomBytes(4).toString("hex");
  const pluggyHeaders = (ip: string) => ({ "content-type": "application/json", "x-webhook-secret": secrets.PLUGGY_WEBHOOK_SECRET, "x-forwarded-for": ip });
  const postPluggy = async (base: string, eventId: string, ip: string, item = pluggyItems[0]!) => {
    const r = await fetch(`${base}/api/webhooks/pluggy`, { method: "POST", headers: pluggyHeaders(ip), body: pluggyWebhookBody(item, eventId) });
    return { status: r.status, body: (await r.json()) as { handled?: boolean; duplicate?: boolean } };
  };

  // 1. The webhook limit across both instances.
  const attempts = 4 * WEBHOOK_LIMIT;
  const limited = await pool(
    20,
    Array.from({ length: attempts }, (_, i) => async () => ({ instance: i % 2, ...(await postPluggy(BASES[i % 2]!, `limit-${run}-${i}`, "198.51.100.7")) })),
  );
  const accepted = limited.filter((r) => r.status === 200);
  const webhookLimit = {
    attempts,
    limit: WEBHOOK_LIMIT,
    accepted: accepted.length,
    acceptedPerInstance: [0, 1].map((i) => accepted.filter((r) => r.instance === i).length),
    statuses: tally(limited.map((r) => String(r.status))),
  };
  log(`webhook limit ${WEBHOOK_LIMIT}/min: ${attempts} deliveries over both → ${webhookLimit.accepted} accepted (${webhookLimit.acceptedPerInstance.join(" + ")}), ${JSON.stringify(webhookLimit.statuses)}`);

  // 2. The sign-in limit across both instances: a user who exists (a first sign-in of a new address
  // upserts the user, which concurrent first sign-ins of one address would race on).
  const signIns = await pool(
    10,
    Array.from({ length: 4 * SIGNIN_LIMIT }, (_, i) => () => signInAttempt(BASES[i % 2]!, LOAD_USER.email, `203.0.113.${(i % 200) + 1}`)),
  );
  const signInLimit = { attempts: 4 * SIGNIN_LIMIT, limit: SIGNIN_LIMIT, outcomes: tally(signIns) };
  log(`sign-in limit ${SIGNIN_LIMIT}/min per e-mail: ${signInLimit.attempts} attempts over both → ${JSON.stringify(signInLimit.outcomes)}`);

  // 3. The same delivery to both instances at once.
  const pluggyCopies = await pool(
    10,
    Array.from({ length: DUPLICATES }, (_, i) => async () => {
      const eventId = `dup-${run}-${i}`;
      const ip = `192.0.2.${(i % 250) + 1}`;
      const item = pluggyItems[i % pluggyItems.length]!;
      const both = await Promise.all(BASES.map((b) => postPluggy(b, eventId, ip, item)));
      return both.map((r) => (r.status !== 200 ? `HTTP ${r.status}` : r.body.duplicate ? "duplicate" : r.body.handled ? "handled" : "not handled")).sort().join("+");
    }),
  );
  const plaidCopies = await pool(
    10,
    Array.from({ length: DUPLICATES }, (_, i) => async () => {
      const body = plaidWebhookBody(plaidItems[i % plaidItems.length]!);
      const headers = { "content-type": "application/json", "plaid-verification": signPlaidBody(body, plaidKey), "x-forwarded-for": `192.0.2.${(i % 250) + 1}` };
      const both = await Promise.all(BASES.map((b) => fetch(`${b}/api/webhooks/plaid`, { method: "POST", headers, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as { handled?: boolean } }))));
      return both.map((r) => (r.status === 409 ? "replay refused" : r.status !== 200 ? `HTTP ${r.status}` : r.body.handled ? "handled" : "not handled")).sort().join("+");
    }),
  );
  const rows = await db.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_events WHERE "dedupeKey" LIKE $1`, [`dup-${run}-%`]);
  const duplicates = { deliveries: DUPLICATES, pluggy: tally(pluggyCopies), plaid: tally(plaidCopies), pluggyEventRows: Number(rows.rows[0]!.n) };
  log(`duplicates: ${DUPLICATES} Pluggy deliveries to both → ${JSON.stringify(duplicates.pluggy)}, ${duplicates.pluggyEventRows} webhook_events rows; ${DUPLICATES} Plaid → ${JSON.stringify(duplicates.plaid)}`);

  // 4. Throughput over both instances (many senders, the limit not reached).
  let q = 0;
  const next = () => {
    const n = q++;
    return { path: "/api/webhooks/pluggy", body: pluggyWebhookBody(pluggyItems[n % pluggyItems.length]!, `tp-${run}-${n}`), headers: pluggyHeaders(`10.${(n >> 16) & 255}.${(n >> 8) % 20}.${n & 255}`) };
  };
  log(`throughput: Pluggy webhooks, ${CLIENTS} clients split over both instances, ${SECONDS} s…`);
  const both = await Promise.all(BASES.map((b) => cannon(b, Math.max(1, Math.floor(CLIENTS / 2)), next)));
  const latencies = both.flatMap((b) => b.latencies);
  const requests = both.reduce((n, b) => n + b.result.requests.total, 0);
  const non2xx = both.reduce((n, b) => n + b.result.non2xx, 0);
  const errors = both.reduce((n, b) => n + b.result.errors, 0);
  const seconds = Math.max(...both.map((b) => b.result.duration));
  const windows = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM rate_limit_windows`)).rows[0]!.n);
  const throughput = {
    requests,
    perInstance: both.map((b) => b.result.requests.total),
    reqPerSecond: Math.round((requests / seconds) * 10) / 10,
    p50: Math.round(percentile(latencies, 50)),
    p95: Math.round(percentile(latencies, 95)),
    p99: Math.round(percentile(latencies, 99)),
    non2xx,
    errors,
    rateLimitRows: windows,
  };
  log(`throughput: ${requests} requests (${throughput.perInstance.join(" + ")}), ${throughput.reqPerSecond} req/s, p50 ${throughput.p50} ms, p95 ${throughput.p95} ms, p99 ${throughput.p99} ms, non-2xx ${non2xx}, errors ${errors}; ${windows} rate_limit_windows rows`);

  // Report.
  const ok = {
    webhookLimit: webhookLimit.accepted === WEBHOOK_LIMIT,
    signInLimit: signInLimit.outcomes.session === SIGNIN_LIMIT && signInLimit.outcomes.rate_limited === signInLimit.attempts - SIGNIN_LIMIT,
    duplicates: duplicates.pluggy["duplicate+handled"] === DUPLICATES && duplicates.plaid["handled+replay refused"] === DUPLICATES && duplicates.pluggyEventRows === DUPLICATES,
    throughput: non2xx === 0 && errors === 0,
  };
  const figures: Figure[] = [
    { key: "instances.webhookLimit.accepted", label: `webhooks accepted of ${attempts}, limit ${WEBHOOK_LIMIT}/min, 2 instances`, backend: "app", value: webhookLimit.accepted, unit: "requests", goal: { op: "<=", value: WEBHOOK_LIMIT }, digits: 0, note: `${webhookLimit.acceptedPerInstance.join(" + ")} per instance` },
    { key: "instances.signInLimit.sessions", label: `sign-ins allowed of ${signInLimit.attempts}, limit ${SIGNIN_LIMIT}/min, 2 instances`, backend: "app", value: signInLimit.outcomes.session ?? 0, unit: "sessions", goal: { op: "<=", value: SIGNIN_LIMIT }, digits: 0 },
    { key: "instances.duplicates.handledTwice", label: `deliveries handled twice of ${2 * DUPLICATES} sent to both`, backend: "app", value: DUPLICATES - (duplicates.pluggy["duplicate+handled"] ?? 0) + DUPLICATES - (duplicates.plaid["handled+replay refused"] ?? 0), unit: "deliveries", goal: { op: "<=", value: 0 }, digits: 0 },
    { key: "instances.webhooks.reqPerSecond", label: `webhooks over 2 instances, ${CLIENTS} clients`, backend: "app", value: throughput.reqPerSecond, unit: "req/s", digits: 1, note: `p50 ${throughput.p50} ms, p95 ${throughput.p95} ms` },
  ];
  writeFigures("instances", figures, { store, clients: CLIENTS, seconds: SECONDS, webhookLimit, signInLimit, duplicates, throughput, ok });
  console.log(`\nTwo app instances on one PostgreSQL database (rate limits in the ${store}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}:`);
  console.log(`  webhook limit   ${webhookLimit.accepted} of ${attempts} accepted (limit ${WEBHOOK_LIMIT}; ${webhookLimit.acceptedPerInstance.join(" + ")} per instance)  ${ok.webhookLimit ? "✓ one limit" : "✗"}`);
  console.log(`  sign-in limit   ${JSON.stringify(signInLimit.outcomes)} of ${signInLimit.attempts} (limit ${SIGNIN_LIMIT})  ${ok.signInLimit ? "✓ one limit" : "✗"}`);
  console.log(`  duplicates      Pluggy ${JSON.stringify(duplicates.pluggy)}, Plaid ${JSON.stringify(duplicates.plaid)}, ${duplicates.pluggyEventRows} rows  ${ok.duplicates ? "✓ each once" : "✗"}`);
  console.log(`  throughput      ${throughput.reqPerSecond} req/s, p50 ${throughput.p50} / p95 ${throughput.p95} / p99 ${throughput.p99} ms, non-2xx ${non2xx}, errors ${errors}  ${ok.throughput ? "✓" : "✗"}`);
  if (!Object.values(ok).every(Boolean)) {
    process.exitCode = 1;
    console.error("\n[load×2] the instances did not behave as one (see above)");
  }
}

export async function runTwoInstances(): Promise<void> {
  cleanups = cleanupList("load×2");
  try {
    await main();
  } catch (err) {
    process.exitCode = 1;
    console.error(`[load×2] failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await cleanup();
  }
}
