import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateEmbeddedSecrets } from "@/lib/secrets";

describe("embedded secrets", () => {
  it("are created once with mode 0600 and read back the same, also by a fresh process-level cache", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-secrets-"));
    const a = loadOrCreateEmbeddedSecrets(dir);
    const file = path.join(dir, "secrets.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(a.authSecret.length).toBeGreaterThanOrEqual(32);
    (globalThis as { __bankConnectionsSecrets?: Map<string, unknown> }).__bankConnectionsSecrets?.clear();
    expect(loadOrCreateEmbeddedSecrets(dir)).toEqual(a);
    expect(fs.readdirSync(dir)).toEqual(["secrets.json"]);
  });

  it("refuses a damaged file with one line naming DATA_DIR, and does not overwrite it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-secrets-"));
    fs.writeFileSync(path.join(dir, "secrets.json"), "{not json");
    expect(() => loadOrCreateEmbeddedSecrets(dir)).toThrow(/^DATA_DIR: .*damaged/);
    expect(fs.readFileSync(path.join(dir, "secrets.json"), "utf8")).toBe("{not json");
  });
});
