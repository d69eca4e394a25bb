/**
 * The embedded sandbox's clock: a first start begins at the wall-clock minute (so a new user's
 * "last 30 days" has a month of activity), the base is saved in `sandbox.json` and a restart on a
 * later day continues from it; the fixed base of tests stays the default everywhere else.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSandboxClock, DEFAULT_SANDBOX_BASE, wallClockBase } from "@bank-connections/sandbox/core/clock";
import { DAY_MS } from "@bank-connections/sandbox/data/dates";
import { createHostSandbox, type AppSandbox } from "@bank-connections/sandbox/host/instance";
import { newHostKeys } from "@bank-connections/sandbox/testing/host-keys";

const dirs: string[] = [];
const opened: AppSandbox[] = [];
const keys = newHostKeys();
const KEY_HEADERS = { "plaid-client-id": keys.plaid.clientId, "plaid-secret": keys.plaid.secret };

function start(dataDir: string, clockBase?: string): AppSandbox {
  const sb = createHostSandbox({ dataDir, appUrl: "http://app.test", plaid: true, pluggy: true, keys, webhookSender: async () => ({ status: 200 }), ...(clockBase ? { clockBase } : {}) });
  opened.push(sb);
  return sb;
}

/** One Plaid API call (keys accepted by the sandbox): the first request saves the clock. */
async function touch(sb: AppSandbox): Promise<void> {
  const res = await sb.plaid!.handle({ path: "/categories/get", headers: { "content-type": "application/json", ...KEY_HEADERS }, rawBody: "{}" });
  expect(res.status).toBe(200);
}

const stored = (file: string) => (JSON.parse(fs.readFileSync(file, "utf8")) as { clock: { baseMs: number; offsetDays: number } }).clock;

afterEach(() => {
  vi.useRealTimers();
  for (const sb of opened.splice(0)) sb.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-clock-"));
  dirs.push(d);
  return d;
}

describe("the embedded sandbox's clock", () => {
  it("starts at the wall-clock minute of the first start, and a restart days later continues from the saved base", async () => {
    const dir = tempDir();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-02T09:41:27.512Z"));
    const first = start(dir);
    expect(first.clock.now().toISOString()).toBe("2026-12-02T09:41:00.000Z");
    await touch(first);
    expect(stored(first.file)).toEqual({ baseMs: Date.parse("2026-12-02T09:41:00Z"), offsetDays: 0 });
    await first.plaid!.advanceClock(2);
    first.close();

    // Five days later on the wall clock: the sandbox resumes its own date (base + 2 days), not today.
    vi.setSystemTime(new Date("2026-12-07T15:00:00Z"));
    const second = start(dir);
    await touch(second);
    expect(second.clock.state()).toEqual({ baseMs: Date.parse("2026-12-02T09:41:00Z"), offsetDays: 2 });
    expect(second.clock.nowMs()).toBe(Date.parse("2026-12-02T09:41:00Z") + 2 * DAY_MS);
    // The Pluggy half shares it.
    expect(await second.pluggy!.control.advanceClock(0)).toBe(new Date(Date.parse("2026-12-04T09:41:00Z")).toISOString());
  });

  it("a sandbox.json from before keeps its own (fixed) base; clockBase pins a first start", async () => {
    const old = tempDir();
    fs.writeFileSync(path.join(old, "sandbox.json"), JSON.stringify({ version: 2, clock: { baseMs: Date.parse(DEFAULT_SANDBOX_BASE), offsetDays: 3 }, sections: {} }));
    const resumed = start(old);
    await touch(resumed);
    expect(resumed.clock.state()).toEqual({ baseMs: Date.parse(DEFAULT_SANDBOX_BASE), offsetDays: 3 });

    const pinned = start(tempDir(), "2025-06-15T12:00:00Z");
    await touch(pinned);
    expect(stored(pinned.file).baseMs).toBe(Date.parse("2025-06-15T12:00:00Z"));
  });

  it("tests and harnesses keep the fixed base; wallClockBase refuses nonsense", () => {
    expect(createSandboxClock().baseMs).toBe(Date.parse(DEFAULT_SANDBOX_BASE));
    expect(wallClockBase(Date.parse("2026-12-02T23:59:59.999Z"))).toBe(Date.parse("2026-12-02T23:59:00Z"));
    expect(() => wallClockBase(Number.NaN)).toThrow();
  });
});
