/** Small helpers shared by the drill scripts. */
import { mulberry32 } from "@bank-connections/sandbox/data/prng";

/** `--name value` / `--name=value` / `--flag` from argv. */
export function argValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) return argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("--") ? argv[i + 1] : "true";
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

export function argNumber(argv: string[], name: string, fallback: number): number {
  const v = argValue(argv, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name}: expected a number, got ${v}`);
  return n;
}

/** A seeded PRNG (the sandbox's mulberry32): the drill prints its seed so a run can be repeated. */
export const seededRandom = (seed: number): (() => number) => mulberry32(seed);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

export const fmt = (n: number) => n.toLocaleString("en-US");
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
