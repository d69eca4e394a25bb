/**
 * The end of `npm run bench` (and `npm run load`): every figure the sections wrote
 * (bench/support/figures.ts), one table, each goal beside its figure with ✓ or ✗, then
 * bench/results/latest.json with the figures and each section's details.
 * Sections written before BENCH_RUN_STARTED (epoch ms) are shown as stale, not hidden.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { goalMet, readSections, type Figure } from "./support/figures";

const started = Number(process.env.BENCH_RUN_STARTED ?? 0);
const sections = readSections();
const fmt = (v: number, digits: number) => v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const show = (f: Figure) => (f.value === null ? "—" : `${fmt(f.value, f.digits ?? (Math.abs(f.value) >= 100 ? 0 : 2))}${f.unit ? ` ${f.unit}` : ""}`);
const goal = (f: Figure) => (f.goal ? `${f.goal.op} ${fmt(f.goal.value, Number.isInteger(f.goal.value) ? 0 : 2)}${f.unit ? ` ${f.unit}` : ""}` : "");
const mark = (f: Figure) => ({ true: "✓", false: "✗", null: "" })[String(goalMet(f)) as "true" | "false" | "null"];

const rows: string[][] = [];
for (const s of sections) {
  const stale = Date.parse(s.at) < started;
  for (const f of s.figures) rows.push([`${s.section}${stale ? " (stale)" : ""}`, f.label, f.backend, show(f), goal(f), mark(f), f.note ?? ""]);
}
const head = ["section", "figure", "on", "measured", "goal", "", "note"];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(" │ ").trimEnd();
console.log("");
console.log(line(head));
console.log(widths.map((w) => "─".repeat(w)).join("─┼─"));
for (const r of rows) console.log(line(r));
const withGoal = sections.flatMap((s) => s.figures).filter((f) => f.goal);
const met = withGoal.filter((f) => goalMet(f) === true).length;
console.log(`\n${met} of ${withGoal.length} goals met · load average now ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);

const file = path.join(import.meta.dirname, "results", "latest.json");
fs.writeFileSync(
  file,
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cores: os.cpus().length, goalsMet: met, goals: withGoal.length, sections: sections.map((s) => ({ ...s, stale: Date.parse(s.at) < started })) }, null, 2)}\n`,
);
console.log(`figures written to ${path.relative(process.cwd(), file)}`);
