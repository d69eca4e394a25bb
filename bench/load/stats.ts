/**
 * The load script's figures: percentiles over every response's latency (autocannon's own summary
 * has p50/p97.5/p99 but no p95), and the table it prints.
 */

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not within 0..100`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export type TargetResult = {
  target: string;
  requests: number;
  seconds: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Bytes of one response body (the page's size), when known. */
  bodyBytes?: number;
  /** CPU milliseconds per request of the server and of PostgreSQL during the run (bench/load/cpu.ts), when read. */
  cpu?: { serverMs: number; postgresMs: number };
};

/** One target's figures from the latencies (ms) of its completed responses. */
export function summarize(target: string, latenciesMs: readonly number[], seconds: number, counts: { non2xx: number; errors: number; timeouts: number }, bodyBytes?: number): TargetResult {
  const round = (v: number) => (Number.isNaN(v) ? v : Math.round(v * 10) / 10);
  return {
    target,
    requests: latenciesMs.length,
    seconds: round(seconds),
    reqPerSec: round(latenciesMs.length / seconds),
    p50: round(percentile(latenciesMs, 50)),
    p95: round(percentile(latenciesMs, 95)),
    p99: round(percentile(latenciesMs, 99)),
    max: round(latenciesMs.length ? Math.max(...latenciesMs) : Number.NaN),
    non2xx: counts.non2xx,
    errors: counts.errors,
    timeouts: counts.timeouts,
    ...(bodyBytes === undefined ? {} : { bodyBytes }),
  };
}

/** A Markdown table (also readable on a terminal). */
export function formatTable(results: readonly TargetResult[]): string {
  const head = ["target", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "non-2xx", "errors", "CPU ms/req server + db"];
  const cpu = (r: TargetResult) => (r.cpu ? `${r.cpu.serverMs.toFixed(1)} + ${r.cpu.postgresMs.toFixed(1)}` : "—");
  const rows = results.map((r) => [r.target, String(r.requests), r.reqPerSec.toFixed(1), r.p50.toFixed(0), r.p95.toFixed(0), r.p99.toFixed(0), String(r.non2xx), String(r.errors + r.timeouts), cpu(r)]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (c === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(head), rule, ...rows.map(line)].join("\n");
}
