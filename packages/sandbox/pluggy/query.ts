/**
 * Query-string handling for what pluggy-sdk sends. The SDK builds `key + '=' + value` WITHOUT
 * encoding (docs/reference/providers.md §1.2): arrays arrive as `ids=a,b,c`, ISO timestamps raw. Decoding here
 * never turns `+` into a space (an un-encoded `+03:00` offset must survive) and never throws.
 */

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Parses a raw query string (without the leading `?`). Later duplicates win. */
export function parseRawQuery(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const part of raw.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = safeDecode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? "" : safeDecode(part.slice(eq + 1));
    if (key) out[key] = value;
  }
  return out;
}

export type NormalizedTarget = {
  /** Path without the mount prefix, always starting with `/`, no trailing slash (except `/`). */
  path: string;
  /** The mount prefix that was stripped (`""` or `"/pluggy"`). */
  prefix: string;
  query: Record<string, string>;
};

/**
 * Accepts a path that may still carry a query string and/or the `/pluggy` mount prefix, and a
 * query object that a host server may already have parsed (possibly with `+` → space).
 * Query values from the raw path win, since they were decoded without the `+` rule.
 */
export function normalizeTarget(rawPath: string, query: Record<string, string> | undefined): NormalizedTarget {
  let path = rawPath || "/";
  let fromPath: Record<string, string> = {};
  const q = path.indexOf("?");
  if (q !== -1) {
    fromPath = parseRawQuery(path.slice(q + 1));
    path = path.slice(0, q);
  }
  path = safeDecode(path).replace(/\/{2,}/g, "/");
  if (!path.startsWith("/")) path = "/" + path;
  let prefix = "";
  if (path === "/pluggy" || path.startsWith("/pluggy/")) {
    prefix = "/pluggy";
    path = path.slice("/pluggy".length) || "/";
  }
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries(query ?? {})) if (typeof v === "string") merged[k] = v;
  Object.assign(merged, fromPath);
  return { path, prefix, query: merged };
}

/** `ids=a,b,c` (SDK array serialisation) or repeated/JSON-ish forms → trimmed non-empty ids. */
export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const cleaned = value.replace(/^\[|\]$/g, "");
  return cleaned
    .split(",")
    .map((s) => s.trim().replace(/^"|"$/g, ""))
    .filter((s) => s.length > 0);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `YYYY-MM-DD` (start of that UTC day) or any ISO 8601 datetime. A host parser may have turned an
 * un-encoded `+hh:mm` offset into a space: put it back. Returns null when unparseable.
 */
export function parseDateParam(value: string | undefined): Date | null {
  if (value === undefined) return null;
  let v = value.trim();
  if (DATE_ONLY.test(v)) {
    const d = new Date(v + "T00:00:00.000Z");
    return Number.isNaN(d.getTime()) ? null : d;
  }
  v = v.replace(/ (\d{2}:?\d{2})$/, "+$1");
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Whether a `to`/`dateTo` value was a bare date (then the whole day is included). */
export function isDateOnly(value: string | undefined): boolean {
  return value !== undefined && DATE_ONLY.test(value.trim());
}
