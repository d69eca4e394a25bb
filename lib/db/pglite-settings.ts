import v8 from "node:v8";
import { PGlite } from "@electric-sql/pglite";

/**
 * PostgreSQL's memory settings for the embedded PGlite (lib/db/open.ts), sized for an app process
 * that holds the database in its own memory (issue 16: a 100k-transaction backfill under 400 MB RSS).
 *
 * PGlite runs PostgreSQL in this process's WebAssembly memory, which grows and never shrinks, and its
 * stock settings are a server's: `shared_buffers` 128 MB, all of it touched when PostgreSQL starts
 * (≈ 125 MB of RSS before the first query). The data files live on disk through Node's file system,
 * so a page that is not in shared buffers is read from the kernel's page cache, which the process's
 * RSS does not count: 16 MB of buffers costs a system call on a miss, not a disk read.
 * `maintenance_work_mem` (CREATE INDEX in migrations, VACUUM) is capped likewise: a WebAssembly heap
 * that grew for it once keeps that size. Durability is PGlite's as it is (no relaxedDurability):
 * every commit is written before the call returns.
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: "16MB",
  maintenance_work_mem: "16MB",
};

/** PGlite's own start parameters, then ours as `-c name=value` (the command line wins over postgresql.conf). */
export function pgliteStartParams(settings: Readonly<Record<string, string>> = PGLITE_SETTINGS): string[] {
  return [...PGlite.defaultStartParams, ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`])];
}

/**
 * V8's old generation grows to up to four times what survived its last full collection before it
 * collects again: for a server that is cheap memory, but the embedded default's process also holds
 * the database, and a backfill's rounds leave their rows behind as old garbage (measured: a heap of
 * 120 MB live took 275 MB). Growing by a fifth keeps it near its live size for a few more
 * collections (concurrent, on V8's own threads). Read by V8 at every collection, so setting it when
 * the embedded database opens applies to the rest of the process's life.
 */
export const HEAP_GROWING_PERCENT = 20;

let heapKeptCompact = false;
export function keepJsHeapCompact(): void {
  if (heapKeptCompact) return;
  heapKeptCompact = true;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
