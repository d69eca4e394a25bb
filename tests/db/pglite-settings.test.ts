import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/open";
import { PGLITE_SETTINGS, pgliteStartParams } from "@/lib/db/pglite-settings";
import { PGlite } from "@electric-sql/pglite";

// The embedded default's memory settings (issue 16): PostgreSQL inside the app's process runs with
// small buffers, and stays as durable as PGlite is without them.
describe("the embedded database's settings", { timeout: 240_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-pglite-settings-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("passes PGlite's own start parameters first, then ours", () => {
    const params = pgliteStartParams({ shared_buffers: "16MB" });
    expect(params.slice(0, PGlite.defaultStartParams.length)).toEqual(PGlite.defaultStartParams);
    expect(params.slice(PGlite.defaultStartParams.length)).toEqual(["-c", "shared_buffers=16MB"]);
  });

  it("runs PostgreSQL with the small buffers, keeps synchronous commits, and what it committed survives a reopen", async () => {
    const db = await openDatabase({ kind: "embedded", dataDir }, { migrate: true });
    try {
      const setting = async (name: string) => (await db.pglite!.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name])).rows[0]!.v;
      for (const [name, value] of Object.entries(PGLITE_SETTINGS)) expect(await setting(name)).toBe(value);
      expect(await setting("shared_buffers")).toBe("16MB");
      expect(await setting("synchronous_commit")).toBe("on");
      await db.prisma.user.create({ data: { email: "durable@example.com", name: "Durable" } });
    } finally {
      await db.close();
    }
    const again = await openDatabase({ kind: "embedded", dataDir }, { migrate: true });
    try {
      expect(await again.prisma.user.findUnique({ where: { email: "durable@example.com" }, select: { name: true } })).toEqual({ name: "Durable" });
    } finally {
      await again.close();
    }
  });

  it("gives the in-memory database (tests) the same settings", async () => {
    const db = await openDatabase({ kind: "memory" }, { migrate: false });
    try {
      expect((await db.pglite!.query<{ v: string }>(`SELECT current_setting('shared_buffers') AS v`)).rows[0]!.v).toBe("16MB");
    } finally {
      await db.close();
    }
  });
});
