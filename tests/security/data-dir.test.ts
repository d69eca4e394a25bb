/**
 * Finding 4 of issue 15: DATA_DIR was 0755, most PGlite files 0666 and sandbox.json (tokens, the
 * webhook signing key) 0644 — readable, some writable, by every local user. Now: a fresh DATA_DIR,
 * after the embedded database, the installation's secrets and the sandbox banks have written to it,
 * holds nothing that group or others can read or write; a DATA_DIR others can write is refused in
 * one line (by the library and by a real entry point, `npm run db:migrate`); one others could only
 * read (left by an older version) is made private.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";
import { openDatabase } from "@/lib/db/open";
import { createAppSandbox } from "@/lib/sandbox/mount";
import { loadOrCreateEmbeddedSecrets } from "@/lib/secrets";
import { makePrivate, preparePrivateDataDir } from "@/lib/security/data-dir";

const root = path.resolve(import.meta.dirname, "../..");
let parent = "";
let savedUmask = 0;

/** Every entry under `dir` (and `dir` itself) that group or others can read, write or enter. */
function exposed(dir: string): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    const st = fs.lstatSync(p);
    if ((st.mode & 0o077) !== 0) out.push(`${(st.mode & 0o777).toString(8)} ${path.relative(dir, p) || "."}`);
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  visit(dir);
  return out;
}

function count(dir: string): number {
  let n = 0;
  const visit = (p: string) => {
    n++;
    if (fs.lstatSync(p).isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  visit(dir);
  return n;
}

beforeAll(() => {
  savedUmask = process.umask();
  process.umask(0o022); // the usual default, under which the old version left everything readable
  parent = fs.mkdtempSync(path.join(os.tmpdir(), "bc-datadir-"));
  fs.chmodSync(parent, 0o755);
});
afterAll(() => {
  process.umask(savedUmask);
  fs.rmSync(parent, { recursive: true, force: true });
});

describe("DATA_DIR is private to the user running the portal", () => {
  it("a fresh DATA_DIR after the database, the secrets and the sandbox banks wrote to it: nothing readable or writable by others", async () => {
    const dataDir = path.join(parent, "fresh", "data");
    const db = await openDatabase({ kind: "embedded", dataDir }, { migrate: true });
    try {
      await db.prisma.user.create({ data: { email: "owner@example.com" } });
      await db.pglite!.exec("CHECKPOINT");
      loadOrCreateEmbeddedSecrets(dataDir);
      const sandbox = createAppSandbox(parseConfig({ DATA_DIR: dataDir, PORT: "39998", NODE_ENV: "test" }), { pluggyWebhookSecret: "w".repeat(40) });
      try {
        await sandbox.plaid!.rotateWebhookKey(); // the signing key goes into sandbox.json
        await sandbox.plaid!.setFaults({});
      } finally {
        sandbox.close();
      }
      expect(fs.existsSync(path.join(dataDir, "sandbox.json"))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, "secrets.json"))).toBe(true);
      expect(count(path.join(dataDir, "pglite"))).toBeGreaterThan(500);
      expect((fs.statSync(dataDir).mode & 0o777).toString(8)).toBe("700");
      expect(exposed(dataDir)).toEqual([]);
    } finally {
      await db.close();
    }
    // Closing (a checkpoint, the lock removed) leaves nothing exposed either.
    expect(exposed(dataDir)).toEqual([]);
  });

  it("refuses a DATA_DIR that others can write, in one line with the fix, and opens nothing", async () => {
    for (const mode of [0o777, 0o770, 0o1777]) {
      const dataDir = fs.mkdtempSync(path.join(parent, "open-"));
      fs.chmodSync(dataDir, mode);
      const err = await openDatabase({ kind: "embedded", dataDir }, { migrate: true }).then(
        (db) => db.close().then(() => null),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message.split("\n")).toHaveLength(1);
      expect(message).toBe(`DATA_DIR: ${dataDir} can be written by other users (mode ${mode.toString(8).padStart(4, "0")}); nothing was opened. Fix it with: chmod 700 ${dataDir}`);
      expect(fs.readdirSync(dataDir)).toEqual([]);
    }
  });

  it("an entry point (npm run db:migrate) stops with that one line and exit code 1", () => {
    const dataDir = fs.mkdtempSync(path.join(parent, "cli-"));
    fs.chmodSync(dataDir, 0o777);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: dataDir, NODE_ENV: "production" };
    const r = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/db-migrate.ts"], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`db:migrate: DATA_DIR: ${dataDir} can be written by other users (mode 0777); nothing was opened. Fix it with: chmod 700 ${dataDir}`);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  }, 150_000);

  it("makes a DATA_DIR left readable by an older version private (only what this user owns; links not followed)", () => {
    const dataDir = fs.mkdtempSync(path.join(parent, "old-"));
    fs.chmodSync(dataDir, 0o755);
    fs.mkdirSync(path.join(dataDir, "pglite", "base"), { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(dataDir, "pglite", "base", "1"), "x", { mode: 0o666 });
    fs.writeFileSync(path.join(dataDir, "sandbox.json"), "{}", { mode: 0o644 });
    const outside = path.join(parent, "outside.txt");
    fs.writeFileSync(outside, "not ours to change", { mode: 0o644 });
    fs.symlinkSync(outside, path.join(dataDir, "link"));
    // As the old version left them (explicit modes: the umask of this process is 077 by now).
    for (const [p, mode] of [["pglite", 0o755], ["pglite/base", 0o755], ["pglite/base/1", 0o666], ["sandbox.json", 0o644]] as const) fs.chmodSync(path.join(dataDir, p), mode);
    fs.chmodSync(outside, 0o644);
    expect(preparePrivateDataDir(dataDir)).toBe(5);
    expect(exposed(dataDir).filter((e) => !e.endsWith(" link"))).toEqual([]);
    expect(fs.statSync(outside).mode & 0o777).toBe(0o644);
    expect(makePrivate(dataDir)).toBe(0); // idempotent
    fs.rmSync(path.join(dataDir, "link"));
  });

  it("creates a missing DATA_DIR 0700 even under a permissive umask; leaves it uncreated when asked", () => {
    process.umask(0o000);
    try {
      const dataDir = path.join(parent, "new", "deeper");
      expect(preparePrivateDataDir(dataDir, { create: false })).toBe(0);
      expect(fs.existsSync(dataDir)).toBe(false);
      preparePrivateDataDir(dataDir);
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(process.umask()).toBe(0o077);
    } finally {
      process.umask(0o022);
    }
  });
});
