/**
 * What `npm run load` and `npm run load -- --instances 2` share: their numeric settings, clean-ups
 * that always run (in reverse order, once, also on Ctrl-C) and `next start` of the load build as a
 * child process group.
 *
 * `LOAD_SERVER_NODE_ARGS` adds Node flags to the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`,
 * which NODE_OPTIONS refuses): the profile is written when the server stops at the end of the run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { ROOT } from "./build";

export type Cleanup = { label: string; run: () => Promise<void> | void };

/** A positive whole number from the environment variable `name`, or `fallback` when it is unset or empty. */
export function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}: expected a positive whole number, got "${v}"`);
  return n;
}

export function cleanupList(tag: string): { add: (c: Cleanup) => void; run: () => Promise<void> } {
  const cleanups: Cleanup[] = [];
  let cleaning: Promise<void> | null = null;
  const run = (): Promise<void> => {
    cleaning ??= (async () => {
      for (const c of cleanups.reverse()) {
        try {
          await c.run();
        } catch (err) {
          console.error(`[${tag}] clean-up "${c.label}" failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    })();
    return cleaning;
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      console.error(`\n[${tag}] ${sig}: stopping the servers and dropping the scratch database…`);
      void run().finally(() => process.exit(130));
    });
  }
  return { add: (c) => void cleanups.push(c), run };
}

/** Extra Node flags for the server, from LOAD_SERVER_NODE_ARGS (split on spaces). */
function serverNodeArgs(): string[] {
  return (process.env.LOAD_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
}

/**
 * `next start` on 127.0.0.1:`port` with `env` (PORT and APP_URL set to match), its output in
 * `logFile`, in its own process group (next start may fork): stopped as a whole by the clean-up
 * `addCleanup` receives, SIGTERM and after 8 s SIGKILL. Resolves once /api/auth/csrf answers.
 */
export async function startServer(
  port: number,
  env: Record<string, string | undefined>,
  logFile: string,
  addCleanup: (c: Cleanup) => void,
  timeoutMs = 180_000,
): Promise<ChildProcess> {
  const out = fs.openSync(logFile, "w");
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...serverNodeArgs(), "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), APP_URL: env.APP_URL ?? base } as unknown as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", out, out],
  });
  let exited: string | null = null;
  child.on("exit", (code, signal) => {
    exited = `exit ${signal ?? code}`;
  });
  addCleanup({
    label: `stop the server on ${port}`,
    run: () =>
      new Promise<void>((resolve) => {
        if (exited || child.pid === undefined) return resolve();
        const group = -child.pid;
        const kill = (s: NodeJS.Signals) => {
          try {
            process.kill(group, s);
          } catch {
            /* already gone */
          }
        };
        const hard = setTimeout(() => kill("SIGKILL"), 8_000);
        child.once("exit", () => {
          clearTimeout(hard);
          resolve();
        });
        kill("SIGTERM");
      }),
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the server on ${port} stopped at start (${exited}); see ${logFile}`);
    try {
      const r = await fetch(`${base}/api/auth/csrf`, { signal: AbortSignal.timeout(5_000) });
      if (r.ok) return child;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server on ${port} did not answer within ${Math.round(timeoutMs / 1000)} s; see ${logFile}`);
}
