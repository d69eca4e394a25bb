import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * The production build the load script measures, in its own folder (NEXT_DIST_DIR=.next-load), reused
 * while the sources are unchanged — scripts/start.mjs --build-only decides and builds, as `npm start` does.
 */

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const LOAD_DIST_DIR = ".next-load";

/** Builds into `.next-load` unless a build of the same sources is there. Returns whether it built. */
export async function ensureBuild(log: (m: string) => void, distDir = LOAD_DIST_DIR): Promise<{ built: boolean; seconds: number }> {
  const buildId = path.join(ROOT, distDir, "BUILD_ID");
  const before = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  log(`checking the build in ${distDir} (next build when the sources changed; minutes on 2 cores)…`);
  const t0 = performance.now();
  // scripts/start.mjs owns the "sources changed since the last build?" check: build only when it says so.
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/start.mjs", "--build-only"], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`next build failed (${signal ?? code})`))));
  });
  const after = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  if (after === before) return { built: false, seconds: 0 };
  return { built: true, seconds: (performance.now() - t0) / 1000 };
}
