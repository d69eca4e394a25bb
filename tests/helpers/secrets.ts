import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Points the app's embedded secrets (token keys) at a scratch DATA_DIR for this test file. */
export function useEmbeddedSecrets(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-test-data-"));
  process.env.DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  (globalThis as { __bankConnectionsConfig?: unknown }).__bankConnectionsConfig = undefined;
  return dir;
}
