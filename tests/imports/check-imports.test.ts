/**
 * scripts/check-imports.ts: its pure core on small synthetic graphs (cycles, folder cycles, the
 * layer rule, the allow-list, the parser), then the real repository, which must have no violation
 * beyond the allow-list in scripts/imports/layers.ts.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkRepository, folderOf, isPackageCode } from "../../scripts/check-imports";
import { buildGraph, findCycles, findFolderCycles, isAllowed, layerOf, layerViolations, packageViolations, type ImportEdge, type Layer } from "../../scripts/imports/graph";
import { parseImports } from "../../scripts/imports/scan";

const edges = (...pairs: [string, string][]): ImportEdge[] => pairs.map(([from, to]) => ({ from, to, kind: "static" }));
const graphOf = (...pairs: [string, string][]) => buildGraph(edges(...pairs));

describe("cycles", () => {
  it("finds none in a tree or a diamond", () => {
    expect(findCycles(graphOf(["a", "b"], ["a", "c"], ["b", "d"], ["c", "d"]))).toEqual([]);
  });

  it("reports a circle once, as a chain that ends where it began", () => {
    const cycles = findCycles(graphOf(["queue", "worker"], ["worker", "runner"], ["runner", "queue"], ["app", "queue"]));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.chain).toEqual(["queue", "worker", "runner", "queue"]);
  });

  it("gives the shortest chain and says when the circle has more files", () => {
    const [cycle] = findCycles(graphOf(["a", "b"], ["b", "a"], ["b", "c"], ["c", "a"]));
    expect(cycle!.chain).toEqual(["a", "b", "a"]);
    expect(cycle!.message).toMatch(/3 files/);
  });

  it("reports separate circles separately, and a file importing itself", () => {
    const cycles = findCycles(graphOf(["a", "b"], ["b", "a"], ["x", "y"], ["y", "x"], ["s", "s"]));
    expect(cycles.map((c) => c.chain)).toEqual([["a", "b", "a"], ["s", "s"], ["x", "y", "x"]]);
  });

  it("counts type-only and dynamic imports", () => {
    const graph = buildGraph([
      { from: "queue", to: "worker", kind: "dynamic" },
      { from: "worker", to: "queue", kind: "type" },
    ]);
    expect(findCycles(graph)).toHaveLength(1);
  });

  it("handles a long chain without overflowing the stack", () => {
    const pairs: [string, string][] = Array.from({ length: 20_000 }, (_, i) => [`m${i}`, `m${i + 1}`]);
    expect(findCycles(graphOf(...pairs))).toEqual([]);
    expect(findCycles(graphOf(...pairs, ["m20000", "m0"]))[0]!.chain).toHaveLength(20_002);
  });
});

describe("folder cycles", () => {
  it("finds two folders importing each other through different files, naming one import per step", () => {
    const graph = graphOf(["lib/format/ui-dates.ts", "lib/i18n/locales.ts"], ["lib/i18n/status-text.ts", "lib/format/ui-dates.ts"]);
    expect(findCycles(graph)).toEqual([]);
    const [cycle] = findFolderCycles(graph, folderOf);
    expect(cycle!.chain).toEqual(["lib/format", "lib/i18n", "lib/format"]);
    expect(cycle!.via).toEqual(["lib/format/ui-dates.ts → lib/i18n/locales.ts", "lib/i18n/status-text.ts → lib/format/ui-dates.ts"]);
  });

  it("takes two levels as the folder, and a top-level file as its own", () => {
    expect(folderOf("lib/sync/read/views.ts")).toBe("lib/sync");
    expect(folderOf("lib/config.ts")).toBe("lib/config.ts");
    expect(folderOf("tests/helpers/postgres.ts")).toBe("tests/helpers");
    expect(folderOf("proxy.ts")).toBe("proxy.ts");
  });
});

describe("the layer rule", () => {
  const layers: Layer[] = [
    { name: "bottom", modules: ["lib/ids", "lib/format/"] },
    { name: "middle", modules: ["lib/connections/"] },
    { name: "engine", modules: ["lib/sync/"] },
    { name: "top", modules: ["lib/webhooks/", "lib/sync/read/"] },
  ];
  const rule = { governs: (f: string) => f.startsWith("lib/"), isApp: (f: string) => f.startsWith("app/"), noAppImportsFrom: (f: string) => f.startsWith("lib/") || f.startsWith("components/") };

  it("places a file by its longest matching entry", () => {
    expect(layerOf(layers, "lib/ids.ts")).toBe(0);
    expect(layerOf(layers, "lib/sync/queue.ts")).toBe(2);
    expect(layerOf(layers, "lib/sync/read/views.ts")).toBe(3);
    expect(layerOf(layers, "lib/idsx.ts")).toBeUndefined();
  });

  it("allows imports down and sideways, refuses imports up", () => {
    const graph = graphOf(
      ["lib/webhooks/plaid.ts", "lib/sync/request.ts"],
      ["lib/sync/request.ts", "lib/sync/queue.ts"],
      ["lib/connections/service.ts", "lib/ids.ts"],
      ["lib/connections/plaid-webhooks.ts", "lib/sync/queue.ts"],
      ["lib/sync/status.ts", "lib/sync/read/views.ts"],
    );
    const found = layerViolations(graph, layers, rule);
    expect(found.map((v) => v.chain)).toEqual([
      ["lib/connections/plaid-webhooks.ts", "lib/sync/queue.ts"],
      ["lib/sync/status.ts", "lib/sync/read/views.ts"],
    ]);
    expect(found[0]!.message).toBe('layer "middle" imports layer "engine" above it');
  });

  it("refuses app/ imports from lib/ and components/, not from app/ or tests/", () => {
    const graph = graphOf(["components/ui/sign-out-button.tsx", "app/(auth)/signin/actions.ts"], ["lib/ids.ts", "app/page.tsx"], ["app/(portal)/layout.tsx", "app/(auth)/signin/actions.ts"], ["tests/x.test.ts", "app/page.tsx"]);
    expect(layerViolations(graph, layers, rule).map((v) => v.chain[0])).toEqual(["components/ui/sign-out-button.tsx", "lib/ids.ts"]);
  });

  it("reports a lib/ file in no layer once", () => {
    const found = layerViolations(graphOf(["lib/new/thing.ts", "lib/ids.ts"], ["lib/new/thing.ts", "lib/format/x.ts"]), layers, rule);
    expect(found).toEqual([expect.objectContaining({ rule: "unlayered", chain: ["lib/new/thing.ts"] })]);
  });

  it("the allow-list matches exactly the named files", () => {
    const [v] = layerViolations(graphOf(["lib/format/ui-dates.ts", "lib/connections/locales.ts"]), layers, rule);
    expect(isAllowed(v!, [{ rule: "layer", files: ["lib/format/ui-dates.ts", "lib/connections/locales.ts"] }])).toBe(true);
    expect(isAllowed(v!, [{ rule: "layer", files: ["lib/format/ui-dates.ts"] }])).toBe(false);
    expect(isAllowed(v!, [{ rule: "cycle", files: ["lib/format/ui-dates.ts", "lib/connections/locales.ts"] }])).toBe(false);
  });
});

describe("the parser", () => {
  it("reads every kind of import, and which are type-only or dynamic", () => {
    const source = `
      import a from "./a";
      import type { B } from "./b";
      import { type C } from "./c";
      import { type D, e } from "./d";
      import "./side-effect";
      export { f } from "./f";
      export type { G } from "./g";
      export * from "./h";
      const w = await import("./worker");
      type T = import("./t").T;
      const r = require("./r");
      vi.mock("./not-an-import");
    `;
    expect(parseImports("x.ts", source)).toEqual([
      { specifier: "./a", kind: "static" },
      { specifier: "./b", kind: "type" },
      { specifier: "./c", kind: "type" },
      { specifier: "./d", kind: "static" },
      { specifier: "./side-effect", kind: "static" },
      { specifier: "./f", kind: "static" },
      { specifier: "./g", kind: "type" },
      { specifier: "./h", kind: "static" },
      { specifier: "./worker", kind: "dynamic" },
      { specifier: "./t", kind: "type" },
      { specifier: "./r", kind: "static" },
    ]);
  });
});

describe("packages", () => {
  const isApp = (f: string) => /^(lib|app|components)\//.test(f);

  it("refuses a package file importing the app, and allows other packages and its test support", () => {
    const graph = graphOf(
      ["packages/sandbox/ui/console.tsx", "lib/auth/action.ts"],
      ["packages/sandbox/ui/console.tsx", "packages/i18n/index.ts"],
      ["packages/sandbox/testing/harness.ts", "lib/providers/index.ts"],
      ["packages/sandbox/plaid/routes.test.ts", "lib/config.ts"],
      ["lib/sandbox/mount.ts", "packages/sandbox/host/instance.ts"],
    );
    const found = packageViolations(graph, isPackageCode, isApp);
    expect(found.map((v) => v.chain)).toEqual([["packages/sandbox/ui/console.tsx", "lib/auth/action.ts"]]);
    expect(found[0]!.rule).toBe("package");
  });

  it("tells package code from its test support", () => {
    expect(isPackageCode("packages/i18n/translate.ts")).toBe(true);
    expect(isPackageCode("packages/sandbox/testing/harness.ts")).toBe(false);
    expect(isPackageCode("packages/sandbox/tests/plaid-sdk.test.ts")).toBe(false);
    expect(isPackageCode("packages/ui/readable-text.test.ts")).toBe(false);
    expect(isPackageCode("lib/ids.ts")).toBe(false);
  });
});

describe("the repository", () => {
  it("has no import cycle and no import up a layer beyond the allow-list, and every allow-list entry still applies", () => {
    const result = checkRepository(path.resolve(import.meta.dirname, "../.."));
    expect(result.files).toBeGreaterThan(300);
    expect(result.violations.map((v) => `${v.message}: ${v.chain.join(" → ")}`)).toEqual([]);
    expect(result.stale).toEqual([]);
  });
});
