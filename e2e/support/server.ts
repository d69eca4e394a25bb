import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

const running = new Set<RunningServer>();

/** Stops every server this worker started (call from afterEach/afterAll, so a failed test leaves no orphan). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop("SIGKILL")));
}

/** Starts `next start` on its own DATA_DIR and port, in its own process group (so it can be stopped whole). */
export type RunningServer = { url: string; process: ChildProcess; output(): string; stop(signal?: NodeJS.Signals): Promise<number | null> };

export async function startServer(opts: { port: number; dataDir: string; env?: Record<string, string> }): Promise<RunningServer> {
  const taken = await fetch(`http://127.0.0.1:${opts.port}/`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`port ${opts.port} is already in use (a server left over from an earlier run?)`);
  let output = "";
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(opts.port), "-H", "127.0.0.1"], {
    env: { ...process.env, DATA_DIR: opts.dataDir, NEXT_TELEMETRY_DISABLED: "1", ...opts.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  fs.mkdirSync("test-results/servers", { recursive: true });
  const log = `test-results/servers/${opts.port}.log`;
  fs.writeFileSync(log, "");
  const collect = (d: Buffer) => {
    output += d.toString();
    fs.appendFileSync(log, d);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    }
    return exited;
  };
  const server: RunningServer = {
    url,
    process: child,
    output: () => output,
    stop: async (signal) => {
      const code = await stop(signal);
      running.delete(server);
      return code;
    },
  };
  running.add(server);
  return server;
}

/** Waits until the server answers, or its process ends (then returns its exit code). */
export async function waitUntilReady(server: RunningServer, timeoutMs = 60_000): Promise<"ready" | { exitCode: number | null }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) return { exitCode: server.process.exitCode };
    try {
      const res = await fetch(`${server.url}/signin`);
      if (res.ok) return "ready";
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not start in ${timeoutMs} ms:\n${server.output()}`);
}
