import { z } from "zod";

/**
 * Keyset pages over a list ordered by (createdAt, id) ascending — User Connections and Book
 * Integrations. A page's Next and Previous links carry a cursor: the edge row of the page they come
 * from (its createdAt and id) and that row's 0-based position in the list, so the next page is read
 * with `WHERE (createdAt, id) > edge ORDER BY … LIMIT size + 1` whatever the page number, and the
 * pager can still say "51–100 of 1,000". The position is only for that label: rows added or removed
 * meanwhile move it a little, never the rows shown (they follow the keys).
 *
 * The cursor travels in the URL as base64url JSON (`?after=…` or `?before=…`) and is checked with
 * zod when read back; anything else reads as "no cursor" (the first page).
 */

export type KeysetEdge = { createdAt: Date; id: string };
export type Cursor = { dir: "after" | "before"; at: Date; id: string; pos: number };

const wire = z.object({
  t: z.iso.datetime(),
  i: z.string().min(1).max(200),
  n: z.number().int().min(0).max(10_000_000),
});

export function encodeCursor(edge: KeysetEdge, pos: number): string {
  return Buffer.from(JSON.stringify({ t: edge.createdAt.toISOString(), i: edge.id, n: pos })).toString("base64url");
}

/** The cursor of a page's URL (`after` wins when both are there); null when none is there or it does not decode. */
export function readCursor(query: { after?: string | string[]; before?: string | string[] }): Cursor | null {
  for (const dir of ["after", "before"] as const) {
    const raw = query[dir];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (!value || value.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(value)) continue;
    try {
      const parsed = wire.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
      if (parsed.success) return { dir, at: new Date(parsed.data.t), id: parsed.data.i, pos: parsed.data.n };
    } catch {
      // not JSON: no cursor
    }
  }
  return null;
}

/** Where a page starts: at a cursor, or at an offset (the first page is offset 0). */
export type PageStart = { cursor: Cursor } | { offset: number };

/** The Prisma query arguments of one page: its keyset condition (if any), order and size (one more row tells whether there are more). */
export function keysetQuery(start: PageStart, size: number) {
  if ("offset" in start) {
    return { where: {}, orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }], take: size + 1, ...(start.offset > 0 ? { skip: start.offset } : {}) };
  }
  const { dir, at, id } = start.cursor;
  const cmp = dir === "after" ? ("gt" as const) : ("lt" as const);
  const order = dir === "after" ? ("asc" as const) : ("desc" as const);
  return {
    where: { OR: [{ createdAt: { [cmp]: at } }, { createdAt: at, id: { [cmp]: id } }] },
    orderBy: [{ createdAt: order }, { id: order }],
    take: size + 1,
  };
}

export type KeysetPage<T> = {
  items: T[];
  /** 0-based position of the first item (for "51–100 of 1,000"). */
  from: number;
  /** Cursor of the next page, null on the last one. */
  next: string | null;
  /** Cursor of the previous page, null on the first one. */
  previous: string | null;
};

/** One page from the rows `keysetQuery` read (size + 1 at most, in the query's order). */
export function keysetPage<T extends KeysetEdge>(start: PageStart, size: number, rows: T[]): KeysetPage<T> {
  const more = rows.length > size;
  const items = rows.slice(0, size);
  const back = "cursor" in start && start.cursor.dir === "before";
  if (back) items.reverse();
  const from = "offset" in start ? start.offset : back ? Math.max(0, start.cursor.pos - items.length) : start.cursor.pos + 1;
  const first = items[0];
  const last = items[items.length - 1];
  // Going back, there are more before when the query found more; going forward (or from an offset), when it did.
  const hasNext = back ? Boolean(last) : more;
  const hasPrevious = back ? more : "cursor" in start ? Boolean(first) : start.offset > 0 && Boolean(first);
  return {
    items,
    from,
    next: hasNext && last ? encodeCursor(last, from + items.length - 1) : null,
    previous: hasPrevious && first ? encodeCursor(first, from) : null,
  };
}
