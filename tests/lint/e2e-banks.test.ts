/**
 * The Playwright specs share one server and one sandbox: two specs connecting the same bank with the
 * sandbox's one good login collide on the portal's duplicate-login guard ("You already connected
 * this login…"), and which one fails depends on the order the suite runs them in. Each spec that
 * connects a Plaid bank through the portal (e2e/support/automations.ts connectPlaidBank) uses a bank
 * no other spec connects.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const E2E = path.join(process.cwd(), "e2e");

/** The banks a spec connects: connectPlaidBank's third argument, a string or a const in the file. */
function connectedBanks(source: string): string[] {
  const consts = new Map<string, string>();
  for (const m of source.matchAll(/const\s+([A-Z_]+)\s*=\s*"([^"]+)"/g)) consts.set(m[1]!, m[2]!);
  const banks: string[] = [];
  for (const m of source.matchAll(/connectPlaidBank\(\s*\w+\s*,\s*"[^"]*"\s*,\s*("([^"]+)"|([A-Za-z_]\w*))\s*\)/g)) {
    const bank = m[2] ?? consts.get(m[3]!);
    if (!bank) throw new Error(`connectPlaidBank(…, ${m[3]}): ${m[3]} is not a string constant of the spec`);
    banks.push(bank);
  }
  return banks;
}

describe("e2e specs connect banks of their own", () => {
  it("reads the bank from a literal or a constant", () => {
    expect(connectedBanks(`const BANK = "Tartan Bank";\nawait connectPlaidBank(page, "tartan", BANK);\nawait connectPlaidBank(page, "x", "Chase");`)).toEqual(["Tartan Bank", "Chase"]);
  });

  it("no two specs connect the same bank", () => {
    const bySpec = new Map<string, string[]>();
    for (const file of readdirSync(E2E).filter((f) => f.endsWith(".spec.ts"))) {
      for (const bank of connectedBanks(readFileSync(path.join(E2E, file), "utf8"))) bySpec.set(bank, [...(bySpec.get(bank) ?? []), file]);
    }
    expect(bySpec.size).toBeGreaterThan(5);
    const shared = [...bySpec].filter(([, files]) => new Set(files).size > 1).map(([bank, files]) => `${bank}: ${files.join(", ")}`);
    expect(shared).toEqual([]);
  });
});
