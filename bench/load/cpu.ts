import fs from "node:fs";
import os from "node:os";

/**
 * CPU time the processes of a load run used, read from /proc (Linux; elsewhere null): the portal
 * server's process group, and every PostgreSQL process of this machine. Divided by the requests
 * answered, it says what one request costs whatever the latency on a shared 2-core machine, where
 * a CPU profile also counts the time a process waited for the other core.
 */
export type CpuReading = { server: number; postgres: number } | null;

const TICK = 100; // USER_HZ: clock ticks per second of /proc/<pid>/stat on Linux

/** utime + stime of one /proc/<pid>/stat, with its process group and command; null when it is gone. */
function stat(pid: string): { pgrp: number; comm: string; seconds: number } | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // comm is in parentheses and may hold spaces; the fields after it are space-separated.
  const close = text.lastIndexOf(")");
  const comm = text.slice(text.indexOf("(") + 1, close);
  const f = text.slice(close + 2).split(" ");
  // After comm: state(0) ppid(1) pgrp(2) … utime(11) stime(12)
  return { pgrp: Number(f[2]), comm, seconds: (Number(f[11]) + Number(f[12])) / TICK };
}

/** CPU seconds so far of the processes in group `serverGroup` and of PostgreSQL's processes. */
export function readCpu(serverGroup: number | undefined): CpuReading {
  if (os.platform() !== "linux" || serverGroup === undefined) return null;
  let server = 0;
  let postgres = 0;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const s = stat(pid);
    if (!s) continue;
    if (s.pgrp === serverGroup) server += s.seconds;
    else if (s.comm === "postgres") postgres += s.seconds;
  }
  return { server, postgres };
}

/** CPU milliseconds per request between two readings (null without both). */
export function cpuPerRequest(before: CpuReading, after: CpuReading, requests: number): { serverMs: number; postgresMs: number } | null {
  if (!before || !after || requests <= 0) return null;
  return { serverMs: ((after.server - before.server) * 1000) / requests, postgresMs: ((after.postgres - before.postgres) * 1000) / requests };
}
