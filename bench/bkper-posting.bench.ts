/**
 * Bkper posting bench (issue 16): 20,000 drafts posted through the real Bkper gateway and client
 * (lib/books/bkper/) into the Bkper double (tests/helpers/bkper-double.ts) answering every call after
 * a realistic round trip and enforcing Bkper's limits as lib/books/bkper/limits.ts assumes them:
 * BKPER_BATCH_SIZE transactions per batch (a bigger batch is refused) and BKPER_CALLS_PER_SECOND per
 * user (more → 429 with Retry-After). The calls come as the poster makes them (lib/sync/poster.ts):
 * per round of 1,000 Postings one getBook, then creates of the gateway's `draftsPerCreate` drafts, first attempts.
 *
 * Prints tx/s against the ceiling the limits allow (batch size × calls per second) with the goal
 * (≥ 80 % of it), how many calls went out and how many Bkper refused; checks that the Book holds each
 * draft exactly once. Then repeats 2,000 of them as retries (searched first): nothing new is created.
 *
 * Run: `npx tsx bench/bkper-posting.bench.ts [--transactions 20000] [--latency-ms 150]` (`npm run bench`
 * runs it as the section `bkper`). Exit code 1 on a failed check.
 */
import os from "node:os";
import { BkperClient, type TokenSource } from "@/lib/books/bkper/client";
import { BkperBookGateway } from "@/lib/books/bkper/gateway";
import { BKPER_BATCH_SIZE, BKPER_CALLS_PER_SECOND, CallRateLimiter } from "@/lib/books/bkper/limits";
import type { NewBookTransaction } from "@/lib/books/types";
import { BkperDouble } from "../tests/helpers/bkper-double";
import { writeFigures, type Figure } from "./support/figures";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const TOTAL = arg("transactions", 20_000);
const LATENCY_MS = arg("latency-ms", 150);
/** The poster's round (lib/sync/poster.ts ROUND). */
const ROUND = 1_000;
const RETRIES = Math.min(2_000, TOTAL);
const USER = "bench@example.com";

const load0 = os.loadavg();
const double = await BkperDouble.start({ latencyMs: LATENCY_MS, rateLimit: { callsPerSecond: BKPER_CALLS_PER_SECOND, burst: BKPER_CALLS_PER_SECOND } });
const book = double.addBook({ name: "Bench Books", permissions: { [USER]: "EDITOR" }, accounts: [{ name: "Checking", type: "ASSET" }] });
const checking = book.accounts[0]!.id;
let token = double.issueToken(USER);
const tokens: TokenSource = { getAccessToken: async () => token, refresh: async () => (token = double.issueToken(USER)) };
let retries = 0;
// The limiter the portal gives each user's gateways (lib/books/index.ts: sharedRateLimiter), at Bkper's rate.
const client = new BkperClient({ tokens, baseUrl: double.url, rateLimiter: new CallRateLimiter(BKPER_CALLS_PER_SECOND), onRetry: () => void retries++ });
const gateway = new BkperBookGateway(client);
const CREATE = gateway.draftsPerCreate;

const draftOf = (i: number): NewBookTransaction => ({
  date: new Date(Date.UTC(2026, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10),
  amount: (((i * 7919) % 50_000) / 100 + 1).toFixed(2),
  description: `Bench purchase ${i}`,
  creditAccountId: checking,
  debitAccountId: null,
  remoteIds: [`plaid:bench-${i}`],
  properties: { provider: "plaid" },
});

console.log(`Bkper posting: ${TOTAL.toLocaleString("en-US")} drafts, ${LATENCY_MS} ms per call, Bkper's limits ${BKPER_BATCH_SIZE} per batch × ${BKPER_CALLS_PER_SECOND} calls/s`);
const ids = new Set<string>();
const t0 = performance.now();
for (let round = 0; round < TOTAL; round += ROUND) {
  await gateway.getBook(book.id); // the poster reads the Book once per group
  for (let i = round; i < Math.min(round + ROUND, TOTAL); i += CREATE) {
    const drafts = Array.from({ length: Math.min(CREATE, TOTAL - i) }, (_, k) => draftOf(i + k));
    for (const t of await gateway.createTransactions(book.id, drafts, { firstAttempt: true })) ids.add(t.id);
  }
}
const seconds = (performance.now() - t0) / 1000;
const calls = double.requests.filter((r) => r.path.startsWith("/v5/")).length;
const refused = double.rateLimited;
const txPerSecond = TOTAL / seconds;
const ceiling = BKPER_BATCH_SIZE * BKPER_CALLS_PER_SECOND;

// The same drafts again as the poster's retries (their remote ids searched for first): nothing new.
const callsBefore = calls;
const r0 = performance.now();
const again = await gateway.createTransactions(book.id, Array.from({ length: RETRIES }, (_, i) => draftOf(i)));
const retrySeconds = (performance.now() - r0) / 1000;
const retryCalls = double.requests.filter((r) => r.path.startsWith("/v5/")).length - callsBefore;

const problems: string[] = [];
const remote = book.transactions.flatMap((t) => t.remoteIds);
if (book.transactions.length !== TOTAL) problems.push(`${book.transactions.length} transactions in the Book for ${TOTAL} drafts`);
if (new Set(remote).size !== remote.length) problems.push(`${remote.length - new Set(remote).size} remote ids held twice`);
if (ids.size !== TOTAL) problems.push(`${ids.size} distinct transactions answered for ${TOTAL} drafts`);
if (again.some((t, i) => t.remoteIds[0] !== `plaid:bench-${i}`)) problems.push("a retried draft was answered with another transaction");
if (double.crashes.length) problems.push(`double crashed: ${double.crashes[0]}`);
await double.close();

const share = txPerSecond / ceiling;
console.log(
  `posted ${TOTAL.toLocaleString("en-US")} in ${seconds.toFixed(1)} s: ${txPerSecond.toFixed(0)} tx/s = ${(share * 100).toFixed(0)} % of the ceiling ${ceiling} tx/s; ` +
    `${calls} calls (${(calls / seconds).toFixed(1)}/s), ${refused} answered 429, ${retries} client retries; ` +
    `${RETRIES.toLocaleString("en-US")} retried drafts: ${retryCalls} calls, ${retrySeconds.toFixed(1)} s, nothing created — ${problems.length ? `FAILED: ${problems.join("; ")}` : "each draft once in the Book"}`,
);
const note = `${LATENCY_MS} ms/call; load ${load0.map((x) => x.toFixed(1)).join("/")} on ${os.cpus().length} cores${problems.length ? "; CHECKS FAILED" : ""}`;
const figures: Figure[] = [
  { key: "bkper.posting.txPerSecond", label: `${TOTAL.toLocaleString("en-US")} drafts through the Bkper gateway, tx/s`, backend: "app", value: txPerSecond, unit: "tx/s", digits: 0, goal: { op: ">=", value: 0.8 * ceiling }, note: `ceiling ${ceiling} tx/s = ${BKPER_BATCH_SIZE}/batch × ${BKPER_CALLS_PER_SECOND} calls/s; ${note}` },
  { key: "bkper.posting.shareOfCeiling", label: "Bkper posting ÷ its limit (batch size × calls/s)", backend: "app", value: share, unit: "", digits: 2, goal: { op: ">=", value: 0.8 } },
  { key: "bkper.posting.rateLimited", label: "Bkper posting: calls answered 429", backend: "app", value: refused, unit: "", digits: 0, note: `${calls} calls in all` },
];
writeFigures("bkper", figures, { total: TOTAL, latencyMs: LATENCY_MS, batchSize: BKPER_BATCH_SIZE, callsPerSecond: BKPER_CALLS_PER_SECOND, seconds, calls, refused, retries, retry: { drafts: RETRIES, calls: retryCalls, seconds: retrySeconds }, problems, loadAverage: { start: load0, end: os.loadavg() } });
process.exit(problems.length ? 1 : 0);
