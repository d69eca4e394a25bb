import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { ImportEdge, ImportKind } from "./graph";

/**
 * Reads the repository's TypeScript into import edges for graph.ts: every `import`, `export … from`,
 * `import type`, `import()` and `require()`, resolved like tsconfig.json resolves them (relative
 * specifiers, its `paths` aliases such as `@/*`, and `@bank-connections/*` workspace packages
 * under packages/). Package imports (node_modules, `node:`) are not edges.
 */

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const SKIP_DIRS = new Set(["node_modules", ".next", "generated", ".data", ".test-data", "test-results", "playwright-report"]);

export function listSources(root: string, dirs: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir === "." ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(rel);
      } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(rel);
    }
  };
  for (const dir of dirs) {
    if (dir === ".") {
      // The repository root's own files (instrumentation.ts, proxy.ts, …), not its folders.
      for (const entry of readdirSync(root, { withFileTypes: true })) if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(entry.name);
    } else if (existsSync(path.join(root, dir))) walk(dir);
  }
  return files.sort();
}

export type RawImport = { specifier: string; kind: ImportKind };

/** The module specifiers a source file names, with whether each is type-only or dynamic. */
export function parseImports(fileName: string, text: string): RawImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: RawImport[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, kind: typeOnly ? "type" : "static" });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, kind: node.isTypeOnly ? "type" : "static" });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push({ specifier: node.moduleReference.expression.text, kind: node.isTypeOnly ? "type" : "static" });
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if (isImport || isRequire) found.push({ specifier: node.arguments[0].text, kind: isImport ? "dynamic" : "static" });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, kind: "type" });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export type Resolver = (specifier: string, fromFile: string) => string | undefined;

/** Resolves specifiers to repository files the way tsconfig.json does (see the module comment). */
export function createResolver(root: string): Resolver {
  const config = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile).config as { compilerOptions?: { paths?: Record<string, string[]>; baseUrl?: string } } | undefined;
  const base = config?.compilerOptions?.baseUrl ?? ".";
  const aliases = Object.entries(config?.compilerOptions?.paths ?? {});
  // Workspace packages named in packages/*/package.json, resolved to their folders.
  const packages = new Map<string, string>();
  if (existsSync(path.join(root, "packages"))) {
    for (const dir of readdirSync(path.join(root, "packages"))) {
      const manifest = path.join(root, "packages", dir, "package.json");
      if (!existsSync(manifest)) continue;
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (name) packages.set(name, `packages/${dir}`);
    }
  }
  const asFile = (rel: string): string | undefined => {
    const clean = path.posix.normalize(rel).replace(/^\.\//, "");
    const candidates = [clean, ...[".ts", ".tsx", ".mts", ".cts"].map((e) => clean + e), ...["index.ts", "index.tsx", "src/index.ts"].map((i) => `${clean}/${i}`)];
    // `./x.js` written for ESM resolves to x.ts.
    if (/\.(m|c)?js$/.test(clean)) candidates.push(clean.replace(/\.(m|c)?js$/, ".ts"), clean.replace(/\.(m|c)?js$/, ".tsx"));
    return candidates.find((c) => existsSync(path.join(root, c)) && statSync(path.join(root, c)).isFile() && SOURCE.test(c));
  };
  return (specifier, fromFile) => {
    if (specifier.startsWith(".")) return asFile(path.posix.join(path.posix.dirname(fromFile), specifier));
    for (const [pattern, targets] of aliases) {
      const star = pattern.indexOf("*");
      const matches = star < 0 ? specifier === pattern : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1));
      if (!matches) continue;
      const rest = star < 0 ? "" : specifier.slice(star, specifier.length - (pattern.length - star - 1));
      for (const target of targets) {
        const hit = asFile(path.posix.join(base, target.replace("*", rest)));
        if (hit) return hit;
      }
    }
    for (const [name, dir] of packages) {
      if (specifier === name || specifier.startsWith(`${name}/`)) return asFile(dir + specifier.slice(name.length));
    }
    return undefined;
  };
}

/** Every import edge between the repository's own files under `dirs`. */
export function scanRepository(root: string, dirs: readonly string[]): { files: string[]; edges: ImportEdge[] } {
  const files = listSources(root, dirs);
  const resolve = createResolver(root);
  const edges: ImportEdge[] = [];
  for (const from of files) {
    for (const { specifier, kind } of parseImports(from, readFileSync(path.join(root, from), "utf8"))) {
      const to = resolve(specifier, from);
      if (to) edges.push({ from, to, kind });
    }
  }
  return { files, edges };
}
