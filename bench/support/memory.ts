import fs from "node:fs";
import type { PGlite } from "@electric-sql/pglite";

/**
 * Where a process's memory is, per stage of a bench: RSS (what the goal measures), the V8 heap
 * (JavaScript objects), `external` (memory V8 objects hold outside the heap: Buffers, and here
 * PGlite's WebAssembly instance), arrayBuffers (the Buffers alone), and the size of PGlite's
 * WebAssembly linear memory — reserved at start and grown by PostgreSQL's allocations, never
 * shrunk; only its touched pages count in RSS.
 */
export type MemorySample = {
  stage: string;
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
  arrayBuffersMB: number;
  wasmMB: number | null;
  /** Resident pages by mapping (Linux /proc/self/smaps; null elsewhere): see residentByMapping. */
  resident: { wasmMB: number; anonymousMB: number; filesMB: number } | null;
};

const MB = 1024 * 1024;
const round = (bytes: number) => Math.round(bytes / MB);

/** The size of PGlite's WebAssembly memory (its Emscripten module's heap), or null on PostgreSQL. */
export function wasmBytes(pglite: PGlite | undefined): number | null {
  const mod = (pglite as unknown as { mod?: { HEAPU8?: Uint8Array } } | undefined)?.mod;
  return mod?.HEAPU8 ? mod.HEAPU8.byteLength : null;
}

/**
 * The process's resident memory by kind of mapping: PGlite's WebAssembly memory (the read-write
 * anonymous region of exactly its size, followed by V8's guard region: its resident pages are those
 * PostgreSQL has touched), other anonymous memory (the V8 heap, malloc, compiled code, Emscripten's
 * in-memory files) and file-backed pages (node's binary, shared libraries). Linux only.
 */
export function residentByMapping(wasmSize: number | null): MemorySample["resident"] {
  let text: string;
  try {
    text = fs.readFileSync("/proc/self/smaps", "utf8");
  } catch {
    return null;
  }
  let wasm = 0;
  let anonymous = 0;
  let files = 0;
  let kind: "wasm" | "anonymous" | "files" = "anonymous";
  for (const line of text.split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      const size = Number(BigInt(`0x${head[2]}`) - BigInt(`0x${head[1]}`));
      const file = head[4]!.trim();
      kind = file.startsWith("/") ? "files" : wasmSize !== null && size === wasmSize && head[3]!.startsWith("rw") ? "wasm" : "anonymous";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (!rss) continue;
    const bytes = Number(rss[1]) * 1024;
    if (kind === "wasm") wasm += bytes;
    else if (kind === "files") files += bytes;
    else anonymous += bytes;
  }
  return { wasmMB: round(wasm), anonymousMB: round(anonymous), filesMB: round(files) };
}

export function memorySample(stage: string, pglite?: PGlite): MemorySample {
  const u = process.memoryUsage();
  const wasm = wasmBytes(pglite);
  return { stage, rssMB: round(u.rss), heapUsedMB: round(u.heapUsed), heapTotalMB: round(u.heapTotal), externalMB: round(u.external), arrayBuffersMB: round(u.arrayBuffers), wasmMB: wasm === null ? null : round(wasm), resident: residentByMapping(wasm) };
}

export const describeSample = (s: MemorySample) =>
  `${s.stage}: RSS ${s.rssMB} MB${s.resident ? ` (resident: ${s.wasmMB === null ? "" : `${s.resident.wasmMB} MB of PGlite's WebAssembly memory, `}${s.resident.anonymousMB} MB other anonymous, ${s.resident.filesMB} MB files)` : ""}; V8 heap ${s.heapUsedMB} MB used of ${s.heapTotalMB}, external ${s.externalMB} MB (Buffers ${s.arrayBuffersMB})${s.wasmMB === null ? "" : `, PGlite's WebAssembly memory ${s.wasmMB} MB in all`}`;

/** The largest of each figure over many samples (a stage that is sampled repeatedly, e.g. every poster round). */
export function maxSample(stage: string, samples: MemorySample[]): MemorySample | null {
  if (!samples.length) return null;
  const max = (f: (s: MemorySample) => number | null) => {
    const xs = samples.map(f).filter((x): x is number => x !== null);
    return xs.length ? Math.max(...xs) : null;
  };
  const resident = samples.every((s) => s.resident)
    ? { wasmMB: max((s) => s.resident!.wasmMB)!, anonymousMB: max((s) => s.resident!.anonymousMB)!, filesMB: max((s) => s.resident!.filesMB)! }
    : null;
  return { stage, rssMB: max((s) => s.rssMB)!, heapUsedMB: max((s) => s.heapUsedMB)!, heapTotalMB: max((s) => s.heapTotalMB)!, externalMB: max((s) => s.externalMB)!, arrayBuffersMB: max((s) => s.arrayBuffersMB)!, wasmMB: max((s) => s.wasmMB), resident };
}
