import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "@/lib/db/lock";

const lockFile = (dir: string) => path.join(dir, "bank-connections.lock");

describe("the data dir lock", () => {
  it("refuses a second opener while the holder lives, and takes over once it is gone", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-lock-"));
    const holder = spawn("sleep", ["30"]);
    fs.writeFileSync(lockFile(dir), JSON.stringify({ pid: holder.pid, host: os.hostname(), startedAt: "x" }));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(`already open in another process (pid ${holder.pid})`);
    holder.kill("SIGKILL");
    await new Promise((r) => holder.on("exit", r));
    const release = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lockFile(dir), "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it("never steals a lock held from another machine", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-lock-"));
    fs.writeFileSync(lockFile(dir), JSON.stringify({ pid: 1, host: "another-host", startedAt: "x" }));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
  });
});
