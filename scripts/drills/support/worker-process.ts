import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { groupCpuSeconds } from "./cpu";

/**
 * `npm run worker` (`node scripts/compiled.mjs scripts/worker.ts`: the worker compiled, as it runs
 * in production) as a child process in its own process group, so a kill goes to the whole group
 * (this worker and nothing else).
 */
export type WorkerProcess = {
  pid: number;
  /** Resolves when the worker printed "worker … started"; rejects if it exits first. */
  started: Promise<void>;
  exited: Promise<number | null>;
  /** SIGKILL to the group: no cleanup, no graceful stop (a crash, a power cut). */
  crash(): Promise<void>;
  /** SIGTERM: the worker's own graceful stop. */
  stop(timeoutMs?: number): Promise<void>;
  output(): string;
  /** CPU seconds the worker's processes used so far (Linux). */
  cpuSeconds(): number;
};

const ROOT = path.resolve(import.meta.dirname, "../../..");
const COMPILED = path.join(ROOT, "scripts/compiled.mjs");
const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

process.once("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});

/** Extra Node flags for the workers, from DRILL_WORKER_NODE_ARGS (split on spaces), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const workerNodeArgs = (): string[] => (process.env.DRILL_WORKER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);

export function spawnWorker(env: Record<string, string>, opts: { concurrency?: number; echo?: (line: string) => void } = {}): WorkerProcess {
  const child = spawn(process.execPath, [...workerNodeArgs(), COMPILED, "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env, WORKER_CONCURRENCY: String(opts.concurrency ?? 4) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  live.add(child);
  let out = "";
  let onStarted: () => void = () => undefined;
  let onFailed: (e: Error) => void = () => undefined;
  const started = new Promise<void>((resolve, reject) => {
    onStarted = resolve;
    onFailed = reject;
  });
  started.catch(() => undefined);
  const read = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    out += text;
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      opts.echo?.(line);
      if (/^worker .* started/.test(line)) onStarted();
    }
  };
  child.stdout?.on("data", read);
  child.stderr?.on("data", read);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      live.delete(child);
      onFailed(new Error(`worker exited (${code ?? "killed"}) before it started:\n${out.slice(-2000)}`));
      resolve(code);
    });
  });
  return {
    pid: child.pid ?? -1,
    started,
    exited,
    output: () => out,
    cpuSeconds: () => (child.pid === undefined ? 0 : groupCpuSeconds(child.pid)),
    crash: async () => {
      killGroup(child, "SIGKILL");
      await exited;
    },
    stop: async (timeoutMs = 30_000) => {
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
