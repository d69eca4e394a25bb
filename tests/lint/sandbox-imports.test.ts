/**
 * The product reaches the sandbox package only through its adapter (lib/sandbox/, app/sandbox/):
 * eslint.config.mjs's no-restricted-imports rule. Linted with ESLint's Node API and the repo's config.
 */
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: ROOT });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const ALIAS = `import { createMemoryStore } from "@bank-connections/sandbox/core/store";\nexport const store = createMemoryStore();\n`;
const BARE = `import * as sandbox from "@bank-connections/sandbox";\nexport const s = sandbox;\n`;
const RELATIVE = `import { createMemoryStore } from "../../packages/sandbox/core/store";\nexport const store = createMemoryStore();\n`;

describe("lint: the sandbox package only through the adapter", () => {
  it("reports an import of the package from product code (lib/, components/, app/)", async () => {
    expect(await restricted("lib/sync/example.ts", ALIAS)).toHaveLength(1);
    expect(await restricted("lib/sync/example.ts", BARE)).toHaveLength(1);
    expect(await restricted("lib/sync/example.ts", RELATIVE)).toHaveLength(1);
    expect(await restricted("components/automations/example.tsx", ALIAS)).toHaveLength(1);
    expect((await restricted("app/(portal)/example/page.tsx", ALIAS))[0]).toContain("lib/sandbox/");
  });

  it("allows it in the adapter, the sandbox routes, tests, bench and scripts", async () => {
    for (const file of ["lib/sandbox/example.ts", "app/sandbox/example/route.ts", "tests/example.test.ts", "bench/example.ts", "scripts/example.ts"]) {
      expect(await restricted(file, ALIAS), file).toEqual([]);
    }
  });
});
