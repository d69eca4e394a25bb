// `npm start`: builds the portal when the sources changed since the last build, then serves it.
// The embedded default needs no keys and no network: PGlite under DATA_DIR, sandbox sign-in.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { portalMemoryEnv } from "./node-memory.mjs";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
// Memory tuning of the server (MALLOC_ARENA_MAX; the embedded default's young generation): scripts/node-memory.mjs.
const env = { ...portalMemoryEnv(process.env), NEXT_TELEMETRY_DISABLED: "1" };
const port = process.env.PORT || "3000";
// The embedded default signs anyone in by e-mail alone: listen on this machine only unless told otherwise.
const host = process.env.HOST || "127.0.0.1";
if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`Bank Connections cannot start: PORT: expected a port number 1-65535, got "${port}"`);
  process.exit(1);
}

const SOURCES = ["app", "components", "lib", "packages", "prisma", "public", "next.config.ts", "postcss.config.mjs", "instrumentation.ts", "proxy.ts", "package-lock.json", "tsconfig.json"];

function hashSources() {
  const h = createHash("sha256");
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      if (p.endsWith(path.join("lib", "generated"))) return;
      // A package's own tests are not in the build.
      if (p.startsWith("packages") && path.basename(p) === "tests") return;
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else {
      h.update(p);
      h.update(fs.readFileSync(p));
    }
  };
  for (const s of SOURCES) walk(s);
  return h.digest("hex");
}

const distDir = process.env.NEXT_DIST_DIR || ".next";
const stampFile = path.join(distDir, "source-hash");
const current = hashSources();
const built = fs.existsSync(path.join(distDir, "BUILD_ID")) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === current;
if (!built) {
  console.log("Building the portal (first start or sources changed)…");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error("The build failed; see above.");
    process.exit(r.status ?? 1);
  }
  fs.writeFileSync(stampFile, current);
}
// `--build-only`: the build (or the check that it is current) without serving (bench/load uses it).
if (process.argv.includes("--build-only")) process.exit(0);

console.log(`Bank Connections on http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
// LOG_FILE: also append the server's output to a file (for log shippers, and the tests that check
// that no secret is ever logged).
const logFile = process.env.LOG_FILE;
const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", port, "-H", host], { stdio: logFile ? ["inherit", "pipe", "pipe"] : "inherit", env });
if (logFile) {
  fs.mkdirSync(path.dirname(path.resolve(logFile)), { recursive: true });
  const out = fs.createWriteStream(logFile, { flags: "a" });
  out.on("error", (err) => console.error(`LOG_FILE: cannot write ${logFile} (${err.message}); logging to the console only`));
  child.stdout.on("data", (d) => {
    process.stdout.write(d);
    out.write(d);
  });
  child.stderr.on("data", (d) => {
    process.stderr.write(d);
    out.write(d);
  });
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
