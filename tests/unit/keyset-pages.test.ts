import { describe, expect, it } from "vitest";
import { encodeCursor, keysetPage, readCursor, type Cursor, type KeysetEdge, type PageStart } from "@/lib/pagination/keyset";

/** lib/pagination/keyset.ts on an in-memory list: what the database would answer to keysetQuery. */

const rows: KeysetEdge[] = Array.from({ length: 23 }, (_, i) => ({
  // Pairs share a createdAt: id breaks the tie.
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 2))),
  id: `row-${String(i).padStart(2, "0")}`,
}));
const cmp = (a: KeysetEdge, b: KeysetEdge) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);

/** The rows keysetQuery asks for: after/before the cursor's edge in that direction, size + 1 of them. */
function read(start: PageStart, size: number): KeysetEdge[] {
  if ("offset" in start) return rows.slice(start.offset, start.offset + size + 1);
  const edge = { createdAt: start.cursor.at, id: start.cursor.id };
  return start.cursor.dir === "after" ? rows.filter((r) => cmp(r, edge) > 0).slice(0, size + 1) : rows.filter((r) => cmp(r, edge) < 0).reverse().slice(0, size + 1);
}
const cursorOf = (dir: Cursor["dir"], value: string): Cursor => readCursor({ [dir]: value })!;

describe("keyset pages", () => {
  it("walks Next to the end and Previous back, every row once, with the positions the pager shows", () => {
    const size = 5;
    const seen: string[] = [];
    const froms: number[] = [];
    let start: PageStart = { offset: 0 };
    let page = keysetPage(start, size, read(start, size));
    expect(page.previous).toBeNull();
    for (;;) {
      seen.push(...page.items.map((r) => r.id));
      froms.push(page.from);
      if (!page.next) break;
      start = { cursor: cursorOf("after", page.next) };
      page = keysetPage(start, size, read(start, size));
      expect(page.previous).not.toBeNull();
    }
    expect(seen).toEqual(rows.map((r) => r.id));
    expect(froms).toEqual([0, 5, 10, 15, 20]);
    expect(page.items).toHaveLength(3);

    const back: number[] = [];
    while (page.previous) {
      start = { cursor: cursorOf("before", page.previous) };
      page = keysetPage(start, size, read(start, size));
      back.push(page.from);
      expect(page.items.map((r) => r.id)).toEqual(rows.slice(page.from, page.from + size).map((r) => r.id));
      expect(page.next).not.toBeNull();
    }
    expect(back).toEqual([15, 10, 5, 0]);
  });

  it("starts at an offset (a page number) with Previous when it is not the first", () => {
    const start = { offset: 10 };
    const page = keysetPage(start, 5, read(start, 5));
    expect(page.items.map((r) => r.id)).toEqual(rows.slice(10, 15).map((r) => r.id));
    expect(page.previous).not.toBeNull();
    expect(readCursor({ before: page.previous! })).toMatchObject({ dir: "before", id: "row-10", pos: 10 });
    expect(readCursor({ after: page.next! })).toMatchObject({ dir: "after", id: "row-14", pos: 14 });
  });

  it("reads only well-formed cursors from the URL", () => {
    const good = encodeCursor(rows[3]!, 3);
    expect(readCursor({ after: good })).toEqual({ dir: "after", at: rows[3]!.createdAt, id: "row-03", pos: 3 });
    expect(readCursor({ before: [good, "x"] })).toMatchObject({ dir: "before", pos: 3 });
    expect(readCursor({})).toBeNull();
    for (const bad of ["", "%%%", "not-base64-json", Buffer.from('{"t":"yesterday","i":"x","n":1}').toString("base64url"), Buffer.from('{"t":"2026-01-01T00:00:00.000Z","i":"","n":1}').toString("base64url"), Buffer.from('{"t":"2026-01-01T00:00:00.000Z","i":"x","n":-1}').toString("base64url"), "a".repeat(2000)]) {
      expect(readCursor({ after: bad }), bad.slice(0, 40)).toBeNull();
    }
  });
});
