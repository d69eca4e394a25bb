/**
 * `npm run lint` (after ESLint) and scripts/test.sh: the import rules of docs/architecture.md#layers.
 *   1. No import cycle anywhere in the repository's TypeScript. Type-only and dynamic imports count
 *      too: a type import still means one module cannot be read, moved or tested without the other,
 *      and a dynamic import is how the last circle hid (requestSync's `import("./worker")`).
 *   2. No circle between folders either (lib/sync, components/ui, tests/helpers, …): two folders
 *      that import each other are one module in two places.
 *   3. No lib/ module imports a module of a higher layer (scripts/imports/layers.ts), and nothing in
 *      lib/ or components/ imports from app/.
 *   4. No package (packages/*) imports the app (lib/, app/, components/), except its test support
 *      (packages/<name>/testing/, packages/<name>/tests/, *.test.ts), which may drive the app's code.
 * Prints every violation with its import chain and exits 1; exits 0 with one line otherwise.
 */
import path from "node:path";
import { buildGraph, findCycles, findFolderCycles, isAllowed, layerViolations, packageViolations, type Violation } from "./imports/graph";
import { ALLOWED, LAYERS } from "./imports/layers";
import { scanRepository } from "./imports/scan";

export const SCANNED = ["lib", "app", "components", "packages", "scripts", "bench", "tests", "e2e", "."];

/**
 * A file's folder for the folder rule: the first two levels (lib/sync, components/ui, tests/helpers,
 * bench/load, app/api); a file directly in a top folder (lib/config.ts) or at the root is its own.
 */
export function folderOf(file: string): string {
  const parts = file.split("/");
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : file;
}

/** Package code proper: under packages/, not its test support. */
export function isPackageCode(file: string): boolean {
  return /^packages\/[^/]+\//.test(file) && !/^packages\/[^/]+\/(testing|tests)\//.test(file) && !/\.test\.tsx?$/.test(file);
}

export function checkRepository(root: string): { violations: Violation[]; allowed: Violation[]; stale: typeof ALLOWED; files: number } {
  const { files, edges } = scanRepository(root, SCANNED);
  const graph = buildGraph(edges);
  for (const file of files) if (!graph.has(file)) graph.set(file, []);
  const all = [
    ...findCycles(graph),
    ...findFolderCycles(graph, folderOf),
    ...layerViolations(graph, LAYERS, {
      governs: (f) => f.startsWith("lib/"),
      isApp: (f) => f.startsWith("app/"),
      noAppImportsFrom: (f) => f.startsWith("lib/") || f.startsWith("components/"),
    }),
    ...packageViolations(graph, isPackageCode, (f) => /^(lib|app|components)\//.test(f)),
  ];
  const allowed = all.filter((v) => isAllowed(v, ALLOWED));
  const stale = ALLOWED.filter((a) => !allowed.some((v) => isAllowed(v, [a])));
  return { violations: all.filter((v) => !isAllowed(v, ALLOWED)), allowed, stale, files: files.length };
}

function main(): void {
  const root = path.resolve(import.meta.dirname, "..");
  const { violations, allowed, stale, files } = checkRepository(root);
  for (const v of violations) {
    console.error(`check-imports: ${v.message}:\n    ${v.chain.join("\n  → ")}`);
    for (const step of v.via ?? []) console.error(`      via ${step}`);
  }
  for (const a of stale) console.error(`check-imports: the allow-list entry ${a.rule} [${a.files.join(", ")}] no longer matches anything: remove it from scripts/imports/layers.ts`);
  if (violations.length || stale.length) {
    console.error(`check-imports: ${violations.length} violation(s) in ${files} files (rules: docs/architecture.md#layers)`);
    process.exit(1);
  }
  console.log(`check-imports: ${files} files, no import cycle, no import up a layer${allowed.length ? ` (${allowed.length} known, allow-listed in scripts/imports/layers.ts)` : ""}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
