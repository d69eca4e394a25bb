import { badRequest } from "./errors";
import { isDateOnly, parseDateParam, splitList } from "./query";
import type { TransactionRecord } from "./state";
import { toWireTransaction } from "./transform";
import type { CursorPageResponse, PageResponse, WireTransaction } from "./types";

/**
 * The two list endpoints over one account's rows. Order (both): `date` descending, then `id`
 * ascending — a total order on immutable keys, so the v2 keyset cursor neither repeats nor skips
 * rows when others are inserted or deleted between pages.
 */

type DateBound = { kind: "day"; day: string } | { kind: "instant"; ms: number };

function bound(name: string, value: string | undefined): DateBound | null {
  if (value === undefined || value === "") return null;
  const d = parseDateParam(value);
  if (!d) throw badRequest("PARAMETER_VALIDATION_ERROR", `${name} must be an ISO date (YYYY-MM-DD) or datetime`, { parameter: name });
  return isDateOnly(value) ? { kind: "day", day: value.trim() } : { kind: "instant", ms: d.getTime() };
}

function inRange(t: TransactionRecord, from: DateBound | null, to: DateBound | null): boolean {
  const day = t.date.slice(0, 10);
  const ms = Date.parse(t.date);
  if (from) {
    if (from.kind === "day" ? day < from.day : ms < from.ms) return false;
  }
  if (to) {
    if (to.kind === "day" ? day > to.day : ms > to.ms) return false;
  }
  return true;
}

function compare(a: TransactionRecord, b: TransactionRecord): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

type CommonFilters = { from: DateBound | null; to: DateBound | null; createdAtFromMs: number | null; ids: Set<string> | null };

function commonFilters(q: Record<string, string>, fromKey: string, toKey: string): CommonFilters {
  const from = bound(fromKey, q[fromKey]);
  const to = bound(toKey, q[toKey]);
  let createdAtFromMs: number | null = null;
  if (q.createdAtFrom !== undefined && q.createdAtFrom !== "") {
    const d = parseDateParam(q.createdAtFrom);
    if (!d) throw badRequest("PARAMETER_VALIDATION_ERROR", "createdAtFrom must be an ISO datetime", { parameter: "createdAtFrom" });
    createdAtFromMs = d.getTime();
  }
  const idList = splitList(q.ids);
  if (idList && idList.length > 500) throw badRequest("PARAMETER_VALIDATION_ERROR", "ids accepts at most 500 ids", { parameter: "ids" });
  return { from, to, createdAtFromMs, ids: idList && idList.length > 0 ? new Set(idList) : null };
}

function applyFilters(rows: TransactionRecord[], f: CommonFilters): TransactionRecord[] {
  return rows
    .filter((t) => inRange(t, f.from, f.to))
    .filter((t) => f.createdAtFromMs === null || Date.parse(t.createdAt) >= f.createdAtFromMs)
    .filter((t) => f.ids === null || f.ids.has(t.id))
    .sort(compare);
}

function intParam(q: Record<string, string>, name: string, def: number, min: number, max: number): number {
  const raw = q[name];
  if (raw === undefined || raw === "") return def;
  if (!/^\d+$/.test(raw.trim())) throw badRequest("PARAMETER_VALIDATION_ERROR", `${name} must be a whole number`, { parameter: name });
  const n = Number(raw);
  if (n < min || n > max) throw badRequest("PARAMETER_VALIDATION_ERROR", `${name} must be between ${min} and ${max}`, { parameter: name });
  return n;
}

/** Legacy `GET /transactions` (deprecated in the SDK): `{ total, totalPages, page, results }`. */
export function listLegacy(rows: TransactionRecord[], q: Record<string, string>): PageResponse<WireTransaction> {
  const f = commonFilters(q, "from", "to");
  const pageSize = intParam(q, "pageSize", 20, 1, 500);
  const page = intParam(q, "page", 1, 1, 1_000_000);
  const all = applyFilters(rows, f);
  const start = (page - 1) * pageSize;
  return {
    total: all.length,
    // Never 0: a client looping `while (page !== totalPages)` would otherwise never stop.
    totalPages: Math.max(1, Math.ceil(all.length / pageSize)),
    page,
    results: all.slice(start, start + pageSize).map(toWireTransaction),
  };
}

type Cursor = { v: 1; a: string; d: string; i: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), "utf8").toString("base64url");
}

function decodeCursor(raw: string, accountId: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Cursor>;
    if (c.v === 1 && typeof c.a === "string" && typeof c.d === "string" && typeof c.i === "string") {
      if (c.a !== accountId) throw badRequest("INVALID_CURSOR", "The cursor belongs to another account");
      return c as Cursor;
    }
  } catch (err) {
    if (err instanceof Error && err.name === "PluggyApiError") throw err;
  }
  throw badRequest("INVALID_CURSOR", "The `after` cursor is not valid");
}

/** `GET /v2/transactions`: `{ results, next }`, `next` an absolute URL carrying `after`. */
export function listCursor(
  rows: TransactionRecord[],
  q: Record<string, string>,
  opts: { baseUrl: string; accountId: string; defaultPageSize: number },
): CursorPageResponse<WireTransaction> {
  if (q.dateFrom && q.createdAtFrom) {
    throw badRequest("PARAMETER_VALIDATION_ERROR", "dateFrom and createdAtFrom cannot be used together");
  }
  const f = commonFilters(q, "dateFrom", "dateTo");
  const pageSize = intParam(q, "pageSize", opts.defaultPageSize, 1, 500);
  let all = applyFilters(rows, f);
  if (q.after) {
    const c = decodeCursor(q.after, opts.accountId);
    all = all.filter((t) => t.date < c.d || (t.date === c.d && t.id > c.i));
  }
  const page = all.slice(0, pageSize);
  const last = page[page.length - 1];
  let next: string | null = null;
  if (all.length > pageSize && last) {
    const params: string[] = [`accountId=${encodeURIComponent(opts.accountId)}`];
    for (const key of ["dateFrom", "dateTo", "createdAtFrom", "ids", "pageSize"]) {
      const v = q[key];
      if (v !== undefined && v !== "") params.push(`${key}=${encodeURIComponent(v)}`);
    }
    params.push(`after=${encodeCursor({ v: 1, a: opts.accountId, d: last.date, i: last.id })}`);
    next = `${opts.baseUrl}/v2/transactions?${params.join("&")}`;
  }
  return { results: page.map(toWireTransaction), next };
}
