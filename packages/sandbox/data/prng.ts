/**
 * Seeded, dependency-free pseudo-random generators. Nothing in the sandbox may use Math.random:
 * every value is a pure function of its seed so the same inputs give byte-identical data.
 */

/** 32-bit string hash (murmur3-style finaliser over FNV-1a mixing). */
export function hash32(input: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 128-bit string hash (cyrb128): four 32-bit words, for collision-resistant ids. */
export function hash128(input: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < input.length; i++) {
    const k = input.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Joins parts into one hashable key (NUL-separated so ("a","bc") ≠ ("ab","c")). */
export function keyOf(...parts: Array<string | number>): string {
  return parts.map(String).join("\u0000");
}

/** mulberry32: a tiny 32-bit generator; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** sfc32 seeded with 128 bits: used for ids, where a 32-bit seed space would collide. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

/** A Plaid-looking opaque id (base62), a pure function of the key. */
export function base62Id(key: string, length = 37): string {
  const [a, b, c, d] = hash128(key);
  const next = sfc32(a, b, c, d);
  let out = "";
  for (let i = 0; i < length; i++) out += BASE62[Math.floor(next() * 62)];
  return out;
}

/** A UUID-shaped (v4 layout) id, a pure function of the key. */
export function uuidFromKey(key: string): string {
  const [a, b, c, d] = hash128(key);
  const next = sfc32(a, b, c, d);
  let hex = "";
  for (let i = 0; i < 32; i++) hex += HEX[Math.floor(next() * 16)];
  const variant = HEX[(parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A decision in [0, 1) for the n-th occurrence of a named event: counter-based, replayable. */
export function unitFromCounter(seed: number, name: string, n: number): number {
  return hash32(keyOf(seed, name, n)) / 4294967296;
}

/** Convenience wrapper over mulberry32 with the helpers the generators need. */
export class Rng {
  private readonly next: () => number;

  constructor(seed: number | string) {
    this.next = mulberry32(typeof seed === "number" ? seed : hash32(seed));
  }

  /** Float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Float in [min, max). */
  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick on an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error("Rng.weighted on an empty list");
    return last[0];
  }

  /** Roughly log-normal amount around `typical` (spread ~ ±40%), never below `min`. */
  amount(typical: number, min = 0.5): number {
    const u = this.next() + this.next() + this.next() - 1.5; // ~N(0, 0.5)
    return Math.max(min, typical * Math.exp(u * 0.55));
  }
}
