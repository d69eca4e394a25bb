/**
 * Sandbox data generation speed: 24 months × 5 accounts per login.
 * Run: npx tsx bench/sandbox-data.bench.ts
 */
import { defaultWindow, generateLoginData, groundTruth, type AccountKind } from "@bank-connections/sandbox/data";

const BASE = Date.parse("2026-11-01T12:00:00Z");
const WINDOW = defaultWindow({ baseMs: BASE, nowMs: BASE });
const LAYOUT: AccountKind[] = ["checking", "savings", "credit_card", "checking_2", "credit_card_2"];
const INSTITUTIONS = ["ins_109508", "ins_43", "ins_117650", "ins_140501", "ins_150601", "ins_160701", "ins_170801", "ins_180901", "201"];

function run(i: number) {
  const login = { institutionId: INSTITUTIONS[i % INSTITUTIONS.length]!, username: `bench_${i}`, seed: 1, layout: LAYOUT };
  const t = performance.now();
  const data = generateLoginData(login, WINDOW);
  const ms = performance.now() - t;
  const posted = Object.values(groundTruth(data, BASE)).reduce((n, l) => n + l.length, 0);
  return { ms, events: data.events.length, posted, accounts: data.accounts.length };
}

for (let i = 0; i < 3; i++) run(1000 + i); // warm-up (JIT)
const runs = Array.from({ length: 30 }, (_, i) => run(i));
const times = runs.map((r) => r.ms).sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const mean = times.reduce((s, x) => s + x, 0) / times.length;
const events = runs.reduce((s, r) => s + r.events, 0) / runs.length;
const posted = runs.reduce((s, r) => s + r.posted, 0) / runs.length;
const totalMs = runs.reduce((s, r) => s + r.ms, 0);
const totalEvents = runs.reduce((s, r) => s + r.events, 0);

console.log(`window ${WINDOW.start} → ${WINDOW.end}, ${runs[0]!.accounts} accounts per login, ${runs.length} logins (9 countries)`);
console.log(`24 months × 5 accounts: median ${median.toFixed(1)} ms, mean ${mean.toFixed(1)} ms, max ${times[times.length - 1]!.toFixed(1)} ms per login`);
console.log(`≈ ${Math.round(events)} timeline events (${Math.round(posted)} posted transactions at now) per login`);
console.log(`throughput: ${Math.round((totalEvents / totalMs) * 1000).toLocaleString("en-US")} transactions (events)/s`);
