/**
 * Issue 6, Done when 2 and 3, in CI: the crash drill (3 SIGKILLs of a `tsx scripts/worker.ts`
 * child process during a backfill) and the fault drill (10% of Plaid, Pluggy and Book calls failing)
 * on small logins, on PostgreSQL. The full drills: `npm run drill:crash -- --kills 10`,
 * `npm run drill:faults` (scripts/drills).
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { runCrashDrill } from "@/scripts/drills/crash";
import { runFaultDrill } from "@/scripts/drills/faults";

const postgresUrl = inject("postgresUrl");
if (!postgresUrl) console.warn("\n!!! tests/sync/drills.test.ts: PostgreSQL is not reachable — the crash and fault drills are SKIPPED.\n");

describe.skipIf(!postgresUrl)("sync drills on PostgreSQL", () => {
  const lines: string[] = [];
  const log = (line: string) => void lines.push(line);

  beforeAll(() => {
    process.env.TEST_POSTGRES_URL = postgresUrl ?? "";
  });

  it("crash drill: a worker process killed 3 times mid-backfill, restarted each time; the Book equals ground truth", async () => {
    const r = await runCrashDrill({ kills: 3, login: { username: "user_good", daysRequested: 180 }, seed: 20261124, log });
    expect(r.kills).toBe(3);
    expect(r.expected).toBeGreaterThan(100);
    expect(r.ok, `${r.summary}\n${lines.join("\n")}`).toBe(true);
  }, 150_000);

  it("fault drill: 10% of provider and Book calls fail; both Books converge to ground truth", async () => {
    const r = await runFaultDrill({ small: true, days: 4, seed: 3, log });
    expect(r.ok, r.summary).toBe(true);
    expect(r.plaid.faults + r.pluggy.faults).toBeGreaterThan(0);
    expect(r.book.down + r.book.answerLost).toBeGreaterThan(0);
    expect(r.failedRuns).toBeGreaterThan(0);
  }, 120_000);
});
