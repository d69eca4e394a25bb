import type { Figure, Goal } from "../support/figures";
import type { TargetResult } from "./stats";

/**
 * The load script's figures as `npm run bench` reports them (bench/support/figures.ts, section
 * "load"): per target its p95 and req/s under load, with issue 16's goals beside them, and one
 * request alone (ms and KiB) — the figures that stay put on a shared machine.
 */

type Measured = TargetResult & { single: { ms: number; bytes: number } };

/** Issue 16's goals per target (by the target's name, "GET connections"…). */
const GOALS: Record<string, { key: string; label: string; p95?: Goal; reqPerSec?: Goal }> = {
  "GET connections": { key: "connections", label: "User Connections", p95: { op: "<", value: 1000 }, reqPerSec: { op: ">=", value: 50 } },
  "GET integrations": { key: "integrations", label: "Book Integrations", p95: { op: "<", value: 1000 } },
  "GET banks": { key: "banks", label: "Banks", p95: { op: "<", value: 500 } },
  "POST /api/webhooks/plaid": { key: "webhookPlaid", label: "Plaid webhook" },
  "POST /api/webhooks/pluggy": { key: "webhookPluggy", label: "Pluggy webhook" },
};

export function loadFigures(results: readonly Measured[], run: { clients: number; instances: number }): Figure[] {
  const at = `${run.clients} clients${run.instances > 1 ? `, ${run.instances} instances` : ""}`;
  const figures: Figure[] = [];
  for (const r of results) {
    const g = GOALS[r.target] ?? { key: r.target.replace(/\W+/g, "-"), label: r.target };
    const key = `load.${g.key}${run.instances > 1 ? `.x${run.instances}` : ""}`;
    const failed = r.non2xx + r.errors + r.timeouts;
    // No response within the run: not a figure (a machine too busy to measure), said so.
    const none = r.requests === 0;
    const note = none ? `no response completed within ${r.seconds} s` : failed > 0 ? `${failed} of ${r.requests} not 2xx or failed` : undefined;
    figures.push({ key: `${key}.p95`, label: `${g.label} at ${at}, p95`, backend: "postgres", value: none ? null : r.p95, unit: "ms", digits: 0, ...(g.p95 ? { goal: g.p95 } : {}), ...(note ? { note } : {}) });
    figures.push({ key: `${key}.reqPerSec`, label: `${g.label} at ${at}, throughput`, backend: "postgres", value: none ? null : r.reqPerSec, unit: "req/s", digits: 1, ...(g.reqPerSec ? { goal: g.reqPerSec } : {}), note: none ? (note ?? "") : `p50 ${Math.round(r.p50)} ms` });
    if (r.target.startsWith("GET ")) {
      figures.push({ key: `${key}.single`, label: `${g.label}, one request alone`, backend: "postgres", value: r.single.ms, unit: "ms", digits: 0, note: `${(r.single.bytes / 1024).toFixed(0)} KiB` });
    }
  }
  return figures;
}
