import fs from "node:fs";

/**
 * CPU accounting from /proc (Linux; zeros elsewhere), to tell a latency-bound run from a CPU-bound
 * one: the seconds a process group used, and how busy the whole machine was.
 */
const TICKS = 100; // USER_HZ on Linux

/** CPU seconds used so far by the live processes whose /proc stat (command, process group) `matches`. */
function procCpuSeconds(matches: (p: { comm: string; pgrp: number }) => boolean): number {
  let ticks = 0;
  try {
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
        const close = stat.lastIndexOf(")");
        // After comm: state(0) ppid(1) pgrp(2) … utime(11) stime(12)
        const f = stat.slice(close + 2).split(" ");
        if (matches({ comm: stat.slice(stat.indexOf("(") + 1, close), pgrp: Number(f[2]) })) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    return 0;
  }
  return ticks / TICKS;
}

/** CPU seconds used so far by the live processes of a process group. */
export function groupCpuSeconds(pgid: number): number {
  return procCpuSeconds((p) => p.pgrp === pgid);
}

/** CPU seconds used so far by this machine's live PostgreSQL processes (a backend that exited took its figure with it). */
export function postgresCpuSeconds(): number {
  return procCpuSeconds((p) => p.comm === "postgres");
}

export type MachineCpu = { busy: number; total: number; cores: number };

export function machineCpu(): MachineCpu {
  try {
    const lines = fs.readFileSync("/proc/stat", "utf8").split("\n");
    const v = lines[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total, cores: lines.filter((l) => /^cpu\d/.test(l)).length };
  } catch {
    return { busy: 0, total: 0, cores: 0 };
  }
}

/** Share of the machine's CPU time that was busy between two readings (0–1). */
export function busyShare(a: MachineCpu, b: MachineCpu): number {
  return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
}
