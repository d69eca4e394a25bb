/**
 * The pure core of `scripts/check-imports.ts`: an import graph in, the violations out. No file
 * system here, so tests/imports/check-imports.test.ts can feed it small synthetic graphs.
 *
 * The two rules are stated in docs/architecture.md ("Layers"):
 *   1. no import cycle anywhere (type-only and dynamic imports count: both still tie the modules);
 *   2. a lib/ module imports only modules of its own layer or below, and nothing in lib/ or
 *      components/ imports from app/.
 */

export type ImportKind = "static" | "type" | "dynamic";
export type ImportEdge = { from: string; to: string; kind: ImportKind };
/** Files (repository-relative, `/`-separated) to the files they import. */
export type ImportGraph = Map<string, ImportEdge[]>;

export type Layer = { name: string; modules: string[] };
export type Violation = {
  rule: "cycle" | "folder-cycle" | "layer" | "unlayered" | "package";
  /** Files (or, for a folder cycle, folders), in import order; a cycle ends where it began. */
  chain: string[];
  message: string;
  /** For a folder cycle: one file-level import for each step of the chain. */
  via?: string[];
};

export function buildGraph(edges: readonly ImportEdge[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const edge of edges) {
    if (!graph.has(edge.to)) graph.set(edge.to, []);
    const out = graph.get(edge.from) ?? [];
    out.push(edge);
    graph.set(edge.from, out);
  }
  return graph;
}

/** The graph's strongly connected components with more than one file, or one file importing itself. */
export function stronglyConnected(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative (a deep graph must not overflow the stack).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const root of [...graph.keys()].sort()) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!.to;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && edges.some((e) => e.to === frame.node);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** The shortest cycle through `start` inside its component, as a chain that ends where it began. */
export function shortestCycle(graph: ImportGraph, start: string, within: ReadonlySet<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const { to } of graph.get(node) ?? []) {
      if (!within.has(to)) continue;
      if (to === start) {
        const chain = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) chain.splice(1, 0, at);
        return [...chain, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** One violation per cycle component, with the shortest chain through its first file. */
export function findCycles(graph: ImportGraph): Violation[] {
  return stronglyConnected(graph).map((component) => {
    const chain = shortestCycle(graph, component[0]!, new Set(component));
    const more = component.length > chain.length - 1 ? ` (${component.length} files in this circle)` : "";
    return { rule: "cycle", chain, message: `import cycle${more}` };
  });
}

/**
 * The same graph one level up: `folderOf` names each file's folder (e.g. lib/sync), and a folder
 * imports another when any of its files does. Edges inside one folder are dropped.
 */
export function folderGraph(graph: ImportGraph, folderOf: (file: string) => string): ImportGraph {
  const edges: ImportEdge[] = [];
  const seen = new Set<string>();
  for (const [from, out] of graph) {
    for (const edge of out) {
      const a = folderOf(from);
      const b = folderOf(edge.to);
      if (a === b || seen.has(`${a}\0${b}`)) continue;
      seen.add(`${a}\0${b}`);
      edges.push({ from: a, to: b, kind: edge.kind });
    }
  }
  return buildGraph(edges);
}

/** Folder circles, each with one file-level import per step so the chain can be followed. */
export function findFolderCycles(graph: ImportGraph, folderOf: (file: string) => string): Violation[] {
  const folders = folderGraph(graph, folderOf);
  return findCycles(folders).map(({ chain }) => {
    const steps = chain.slice(0, -1).map((folder, i) => {
      const next = chain[i + 1]!;
      const [from, edges] = [...graph].find(([f, out]) => folderOf(f) === folder && out.some((e) => folderOf(e.to) === next))!;
      return `${from} → ${edges.find((e) => folderOf(e.to) === next)!.to}`;
    });
    return { rule: "folder-cycle", chain, message: "folders import each other", via: steps };
  });
}

/** The index of the layer a file belongs to (the longest matching module prefix), or undefined. */
export function layerOf(layers: readonly Layer[], file: string): number | undefined {
  let best: { layer: number; length: number } | undefined;
  layers.forEach((layer, i) => {
    for (const entry of layer.modules) {
      const matches = entry.endsWith("/") ? file.startsWith(entry) : file.startsWith(`${entry}.`) || file.startsWith(`${entry}/`);
      if (matches && (!best || entry.length > best.length)) best = { layer: i, length: entry.length };
    }
  });
  return best?.layer;
}

export type LayerRuleOptions = {
  /** Files the layer rule governs (e.g. under lib/). */
  governs: (file: string) => boolean;
  /** Files nobody in `noAppImportsFrom` may import (e.g. under app/). */
  isApp: (file: string) => boolean;
  noAppImportsFrom: (file: string) => boolean;
};

/** Imports that run up a layer, governed files in no layer, and imports of app/ from below it. */
export function layerViolations(graph: ImportGraph, layers: readonly Layer[], opts: LayerRuleOptions): Violation[] {
  const violations: Violation[] = [];
  const unlayered = new Set<string>();
  for (const [from, edges] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
    if (opts.governs(from) && layerOf(layers, from) === undefined && !unlayered.has(from)) {
      unlayered.add(from);
      violations.push({ rule: "unlayered", chain: [from], message: "a lib/ module in no layer (add it to scripts/imports/layers.ts and docs/architecture.md)" });
    }
    for (const edge of edges) {
      if (opts.noAppImportsFrom(from) && opts.isApp(edge.to)) {
        violations.push({ rule: "layer", chain: [from, edge.to], message: "imports from app/ (pass it in as a prop or argument instead)" });
        continue;
      }
      if (!opts.governs(from) || !opts.governs(edge.to)) continue;
      const a = layerOf(layers, from);
      const b = layerOf(layers, edge.to);
      if (a !== undefined && b !== undefined && b > a) {
        violations.push({ rule: "layer", chain: [from, edge.to], message: `layer "${layers[a]!.name}" imports layer "${layers[b]!.name}" above it` });
      }
    }
  }
  return violations;
}

/**
 * Packages stand on their own: a file the `isPackageCode` test picks (packages/*, less their test
 * support) may import other packages and node_modules, never the app (`isAppCode`: lib/, app/, components/).
 */
export function packageViolations(graph: ImportGraph, isPackageCode: (file: string) => boolean, isAppCode: (file: string) => boolean): Violation[] {
  const violations: Violation[] = [];
  for (const [from, edges] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
    if (!isPackageCode(from)) continue;
    for (const edge of edges) {
      if (isAppCode(edge.to)) violations.push({ rule: "package", chain: [from, edge.to], message: "a package imports the app (pass it in, or move the shared code into a package)" });
    }
  }
  return violations;
}

/** Is this violation's chain exactly one the allow-list names (order-insensitive for cycles)? */
export function isAllowed(violation: Violation, allowed: readonly { rule: Violation["rule"]; files: readonly string[] }[]): boolean {
  const files = new Set(violation.chain);
  return allowed.some((a) => a.rule === violation.rule && a.files.length === files.size && a.files.every((f) => files.has(f)));
}
