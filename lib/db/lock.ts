import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PGlite has no inter-process locking: two processes opening one data dir silently lose writes.
 * This lock file makes a second opener fail at once with a clear message instead.
 */

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The data in ${dataDir} is already open in another process (pid ${holderPid}). ` +
        `Stop that process first, or set DATA_DIR to another folder. Nothing was changed.`,
    );
    this.name = "DataDirLockedError";
  }
}

type LockInfo = { pid: number; host: string; startedAt: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LockInfo>;
    return typeof info.pid === "number" && typeof info.host === "string"
      ? { pid: info.pid, host: info.host, startedAt: String(info.startedAt ?? "") }
      : null;
  } catch {
    return null;
  }
}

/** Takes the lock on `dataDir` (creating the folder) and returns a function that releases it. */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, "bank-connections.lock");
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx", mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readLock(file);
      if (holder && holder.host === mine.host && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DataDirLockedError(dataDir, holder.pid);
      }
      if (holder && holder.host !== mine.host) {
        // Another machine may hold it (shared volume): never steal that.
        throw new DataDirLockedError(dataDir, holder.pid);
      }
      // Stale (its process is gone) or unreadable: take it over.
      fs.rmSync(file, { force: true });
      if (attempt === 2) throw err;
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    const holder = readLock(file);
    if (holder?.pid === process.pid) fs.rmSync(file, { force: true });
    process.off("exit", release);
  };
  process.on("exit", release);
  return release;
}
