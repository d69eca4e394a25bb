/**
 * The portal process's memory tuning (scripts/node-memory.mjs), as scripts/start.mjs and bench
 * section 4 apply it: the embedded default gets a smaller young generation, PostgreSQL deployments
 * keep V8's default, an operator's own settings win, and Node accepts the result in NODE_OPTIONS.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { portalMemoryEnv } from "../../scripts/node-memory.mjs";

describe("portalMemoryEnv", () => {
  it("gives the embedded default (no DATABASE_URL) two malloc arenas and 8 MB semi-spaces, keeping other NODE_OPTIONS", () => {
    const env = portalMemoryEnv({ NODE_OPTIONS: "--enable-source-maps", PATH: "/bin" });
    expect(env.MALLOC_ARENA_MAX).toBe("2");
    expect(env.NODE_OPTIONS).toBe("--enable-source-maps --max-semi-space-size=8");
    expect(env.PATH).toBe("/bin");
  });

  it("leaves V8's young generation alone with PostgreSQL, and an operator's values win", () => {
    expect(portalMemoryEnv({ DATABASE_URL: "postgres://db/app" }).NODE_OPTIONS).toBeUndefined();
    expect(portalMemoryEnv({}, { embedded: false }).NODE_OPTIONS).toBeUndefined();
    const own = portalMemoryEnv({ MALLOC_ARENA_MAX: "4", NODE_OPTIONS: "--max-semi-space-size=32" });
    expect(own).toMatchObject({ MALLOC_ARENA_MAX: "4", NODE_OPTIONS: "--max-semi-space-size=32" });
  });

  it("is accepted by Node in NODE_OPTIONS, and caps V8's young generation below its default", () => {
    // Keeps ~5 MB alive while allocating, so the young generation grows to its cap; prints the largest size seen.
    const probe = [
      "const v8 = require('v8'); let max = 0; const keep = [];",
      "for (let i = 0; i < 3000; i++) { keep.push(new Array(2000).fill(i)); if (keep.length > 300) keep.shift();",
      "const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space').space_size; if (s > max) max = s; }",
      "console.log(max)",
    ].join(" ");
    const run = (env: Record<string, string | undefined>) => spawnSync(process.execPath, ["-e", probe], { env: { ...process.env, NODE_OPTIONS: undefined, ...env }, encoding: "utf8" });
    const tuned = run(portalMemoryEnv({ PATH: process.env.PATH }));
    expect(tuned.stderr).toBe("");
    expect(tuned.status).toBe(0);
    const untuned = run({ PATH: process.env.PATH });
    expect(untuned.status).toBe(0);
    expect(Number(tuned.stdout)).toBeGreaterThan(0);
    expect(Number(tuned.stdout)).toBeLessThan(Number(untuned.stdout));
  });
});
