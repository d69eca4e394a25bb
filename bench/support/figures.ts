/**
 * The figures every bench section reports, in one shape, so `npm run bench` can print them all in
 * one table with each goal beside its figure (bench/report.ts) and keep them in
 * bench/results/latest.json.
 *
 * A section calls `writeFigures("engine", figures, details)` once at its end; the file goes to
 * bench/results/sections/<section>.json (overwritten each run). bench/report.ts reads every section
 * written since `BENCH_RUN_STARTED` (set by bench/run.sh) and marks older ones as stale.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type Backend = "pglite" | "postgres" | "app";
/** A goal: the figure must be `op` `value` (e.g. { op: ">=", value: 0.33 }). */
export type Goal = { op: "<" | "<=" | ">" | ">="; value: number };
export type Figure = {
  /** Stable key, e.g. "engine.backfill.engineToRaw". */
  key: string;
  /** The row label as printed, e.g. "engine ÷ raw". */
  label: string;
  backend: Backend;
  /** null when the section could not measure it (say why in `note`). */
  value: number | null;
  unit: string;
  goal?: Goal;
  /** Digits to print (default: 0 for values ≥ 100, else 2). */
  digits?: number;
  /** A few words printed after the value: "time-boxed, 41,000 of 100,000 posted". */
  note?: string;
};

export const SECTIONS_DIR = path.join(import.meta.dirname, "..", "results", "sections");

export function goalMet(f: Figure): boolean | null {
  if (!f.goal || f.value === null) return null;
  const { op, value } = f.goal;
  return op === "<" ? f.value < value : op === "<=" ? f.value <= value : op === ">" ? f.value > value : f.value >= value;
}

export function writeFigures(section: string, figures: Figure[], details: Record<string, unknown> = {}): string {
  fs.mkdirSync(SECTIONS_DIR, { recursive: true });
  const file = path.join(SECTIONS_DIR, `${section}.json`);
  const body = { section, at: new Date().toISOString(), node: process.version, cores: os.cpus().length, loadAverage: os.loadavg(), figures, details };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}

export type SectionFile = { section: string; at: string; loadAverage: number[]; figures: Figure[]; details: Record<string, unknown> };

export function readSections(): SectionFile[] {
  if (!fs.existsSync(SECTIONS_DIR)) return [];
  return fs
    .readdirSync(SECTIONS_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(SECTIONS_DIR, f), "utf8")) as SectionFile);
}
