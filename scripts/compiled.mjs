#!/usr/bin/env node
/**
 * `node scripts/compiled.mjs scripts/worker.ts [args…]`: runs a TypeScript entry point as compiled
 * JavaScript, the way the portal itself runs Next.js's compiled server. esbuild bundles the entry
 * and the project's own modules (the `@/` paths from tsconfig.json) into one file in `.compiled/`;
 * packages stay in node_modules. Then this process imports it: signals, exit codes and stdout are
 * the script's own.
 *
 * Why not tsx: a process under tsx also holds tsx's transpiled sources and their source maps, about
 * 110 MB of RSS for the sync engine (measured with bench section 4), and transpiles every module at
 * each start. `npm run worker` runs through here; tsx stays for development scripts and tests.
 *
 * Each run bundles to a file of its own (several workers may start at once), removed when the
 * process exits (and, after a kill -9, by the next run); bundling takes about a second.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
const entry = process.argv[2];
if (!entry || !/\.tsx?$/.test(entry)) {
  console.error("usage: node scripts/compiled.mjs <entry.ts> [args…]");
  process.exit(2);
}
const source = path.resolve(ROOT, entry);
if (!fs.existsSync(source)) {
  console.error(`compiled: ${entry} does not exist`);
  process.exit(2);
}

const { build } = await import("esbuild");
// Inside the project, so that the bundle's bare imports resolve from node_modules.
const dir = path.join(ROOT, ".compiled");
fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
const name = path.basename(source).replace(/\.tsx?$/, "");
const outfile = path.join(dir, `${name}-${process.pid}.mjs`);
// Bundles left by runs that were killed (kill -9 skips the exit handler below).
for (const f of fs.readdirSync(dir)) {
  const pid = Number(new RegExp(`^${name}-(\\d+)\\.mjs$`).exec(f)?.[1]);
  if (!pid || pid === process.pid) continue;
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(path.join(dir, f), { force: true });
  }
}
// Removed however the script ends (it may call process.exit itself).
process.on("exit", () => fs.rmSync(outfile, { force: true }));
try {
  await build({
    entryPoints: [source],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    outfile,
    logLevel: "warning",
  });
} catch (err) {
  console.error(`compiled: ${entry} did not compile: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
// The script reads its own arguments from argv[2…], as it would when run directly.
process.argv.splice(1, 2, source);
await import(pathToFileURL(outfile).href);
