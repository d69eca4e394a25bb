/**
 * Encryption-key rotation on both databases: values under an old key stay readable while both keys
 * are configured; the rotation re-encrypts them all under the new key (in batches); with the old key
 * removed everything still decrypts; a second run re-encrypts nothing; a value whose key is gone is
 * reported, never lost. Then `npm run keys:rotate` itself, on the configured database.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyIdOf } from "@/lib/crypto/envelope";
import { rotateKeys } from "@/lib/crypto/rotate-keys";
import { ENCRYPTED_COLUMNS, openSecret, sealSecret } from "@/lib/connections/secret";
import { findPendingLinkSession, recordLinkSession } from "@/lib/connections/link-sessions";
import { itemRef, newId } from "@/lib/ids";
import { openDatabase } from "@/lib/db/open";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getTokenKeyring, loadOrCreateEmbeddedSecrets } from "@/lib/secrets";
import { openOAuthToken } from "@/lib/security/oauth-tokens";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";

const run = promisify(execFile);
const key = () => randomBytes(32).toString("base64");
const OLD = `old:${key()}`;
const NEW = `new:${key()}`;
const GONE = `gone:${key()}`;
const googleClear = { access_token: `ya29.script-${randomBytes(4).toString("hex")}`, refresh_token: `1//script-${randomBytes(4).toString("hex")}`, id_token: `eyJscript.${randomBytes(4).toString("hex")}` };

/** Configures TOKEN_ENCRYPTION_KEYS as the app reads it (undefined: the embedded secrets.json). */
function useKeys(value: string | undefined): void {
  if (value === undefined) delete process.env.TOKEN_ENCRYPTION_KEYS;
  else process.env.TOKEN_ENCRYPTION_KEYS = value;
  (globalThis as { __bankConnectionsConfig?: unknown }).__bankConnectionsConfig = undefined;
}

async function addConnections(db: PrismaClient, ownerId: string, tokens: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const token of tokens) {
    const id = newId();
    await db.connection.create({
      data: { id, ownerId, provider: "PLAID", itemRef: itemRef("PLAID", token), secret: sealSecret(id, token), institutionId: "ins_1", institutionName: "Rotation Bank", country: "US" },
    });
    ids.push(id);
  }
  return ids;
}

const secrets = (db: PrismaClient) => db.connection.findMany({ where: { secret: { not: null } }, orderBy: { id: "asc" } });

describe.each(databaseBackends())("token key rotation on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let owner = "";
  const LINK_TOKEN = `link-sandbox-rotation-${randomBytes(4).toString("hex")}`;
  const tokens = Array.from({ length: 7 }, (_, i) => `access-sandbox-rotation-${i}-${randomBytes(4).toString("hex")}`);

  beforeAll(async () => {
    useEmbeddedSecrets();
    useKeys(OLD);
    db = await backend.open();
    owner = (await db.prisma.user.create({ data: { email: `rotation-${backend.name}@example.com` } })).id;
    await addConnections(db.prisma, owner, tokens);
    const book = await db.prisma.book.create({ data: { name: "Rotation", members: { create: { userId: owner, role: "OWNER" } } } });
    await recordLinkSession(db.prisma, { userId: owner, bookId: book.id, country: "GB", mode: "NEW", linkToken: LINK_TOKEN, expiresAt: new Date(Date.now() + 3_600_000), now: new Date() });
    // A disconnected connection (no secret) is skipped.
    await db.prisma.connection.create({ data: { id: newId(), ownerId: owner, provider: "PLUGGY", itemRef: "x".repeat(64), secret: null, institutionId: "1", institutionName: "Gone", country: "BR", status: "DISCONNECTED" } });
  });
  afterAll(async () => {
    useKeys(undefined);
    await db?.close();
  });

  it("re-encrypts every value under the new key, in batches; the old key can then go; a second run does nothing", async () => {
    expect((await secrets(db.prisma)).map((r) => keyIdOf(r.secret!))).toEqual(Array(7).fill("old"));

    useKeys(`${NEW},${OLD}`);
    const before = await secrets(db.prisma);
    expect(before.map((r) => openSecret(r.id, r.secret!)).sort()).toEqual([...tokens].sort());

    const batches: number[] = [];
    const report = await rotateKeys(db.prisma, getTokenKeyring(), ENCRYPTED_COLUMNS, { batchSize: 3, onBatch: (_c, done) => batches.push(done) });
    expect(report.currentKid).toBe("new");
    expect(report.columns).toEqual([
      { column: "connections.secret", scanned: 7, rotated: 7, alreadyCurrent: 0, changedMeanwhile: 0, failed: 0, failedIds: [] },
      { column: "plaid_link_sessions.link_token", scanned: 1, rotated: 1, alreadyCurrent: 0, changedMeanwhile: 0, failed: 0, failedIds: [] },
      // No sign-in account here (tests/db/google-sealed-tokens.test.ts rotates those).
      ...["access_token", "refresh_token", "id_token"].map((f) => ({ column: `auth_accounts.${f}`, scanned: 0, rotated: 0, alreadyCurrent: 0, changedMeanwhile: 0, failed: 0, failedIds: [] })),
    ]);
    expect(batches).toEqual([3, 6, 7, 1]);
    const after = await secrets(db.prisma);
    expect(after.map((r) => keyIdOf(r.secret!))).toEqual(Array(7).fill("new"));
    for (const r of after) expect(r.secret).not.toBe(before.find((b) => b.id === r.id)!.secret);

    useKeys(NEW);
    expect(after.map((r) => openSecret(r.id, r.secret!)).sort()).toEqual([...tokens].sort());
    // The pending OAuth Link session's token opens under the new key alone.
    expect((await findPendingLinkSession(db.prisma, owner, new Date()))?.linkToken).toBe(LINK_TOKEN);

    const again = await rotateKeys(db.prisma, getTokenKeyring(), ENCRYPTED_COLUMNS, { batchSize: 3 });
    expect(again.columns[0]).toMatchObject({ scanned: 7, rotated: 0, alreadyCurrent: 7, failed: 0 });
    expect(await secrets(db.prisma)).toEqual(after);
  });

  it("reports a value whose key is no longer configured (by row id, never its value) and leaves it as it was", async () => {
    useKeys(GONE);
    const [lost] = await addConnections(db.prisma, owner, [`access-sandbox-lost-${backend.name}`]);
    const sealed = (await db.prisma.connection.findUniqueOrThrow({ where: { id: lost! } })).secret;
    useKeys(NEW);
    const report = await rotateKeys(db.prisma, getTokenKeyring(), ENCRYPTED_COLUMNS);
    expect(report.columns[0]).toMatchObject({ scanned: 8, rotated: 0, alreadyCurrent: 7, failed: 1, failedIds: [lost] });
    expect((await db.prisma.connection.findUniqueOrThrow({ where: { id: lost! } })).secret).toBe(sealed);
    await db.prisma.connection.delete({ where: { id: lost! } });
  });

  it("npm run keys:rotate re-encrypts the configured database and prints counts only", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.TOKEN_ENCRYPTION_KEYS;
    delete env.DATABASE_URL;
    let dataDir: string | undefined;
    if (backend.name === "postgres") {
      env.DATABASE_URL = db.url!;
      env.TOKEN_ENCRYPTION_KEYS = `${OLD},${NEW}`; // rotate back to "old"
    } else {
      // Embedded: a database of its own under DATA_DIR (the script opens and locks it), keys in secrets.json.
      dataDir = useEmbeddedSecrets();
      useKeys(undefined);
      const local = await openDatabase({ kind: "embedded", dataDir }, { migrate: true });
      const u = await local.prisma.user.create({ data: { email: "script@example.com" } });
      await addConnections(local.prisma, u.id, tokens);
      // A Google sign-in stored in clear by an older version: the script seals it first.
      await local.prisma.account.create({ data: { userId: u.id, type: "oidc", provider: "google", providerAccountId: "script-g", ...googleClear } });
      await local.close();
      env.DATA_DIR = dataDir;
    }
    const tsx = path.resolve("node_modules/.bin/tsx");
    const args = backend.name === "postgres" ? ["scripts/rotate-keys.ts"] : ["scripts/rotate-keys.ts", "--new-key"];
    const out = await run(tsx, args, { env, timeout: 120_000 });
    const text = out.stdout + out.stderr;
    expect(text).toMatch(/connections\.secret: 7 encrypted, 7 re-encrypted under \S+, 0 already under it/);
    for (const t of tokens) expect(text).not.toContain(t);
    if (backend.name === "pglite") {
      expect(text).toMatch(/auth_accounts: sealed 3 OAuth token\(s\) stored in clear/);
      // Sealed under the key just added (the current one), so the rotation finds it current.
      expect(text).toMatch(/auth_accounts\.refresh_token: 1 encrypted, 0 re-encrypted under \S+, 1 already under it/);
      for (const t of Object.values(googleClear)) expect(text).not.toContain(t);
    }

    if (backend.name === "postgres") {
      useKeys(OLD);
      const rows = await secrets(db.prisma);
      expect(rows.map((r) => keyIdOf(r.secret!))).toEqual(Array(7).fill("old"));
      expect(rows.map((r) => openSecret(r.id, r.secret!)).sort()).toEqual([...tokens].sort());
    } else {
      // Second step: nothing left to re-encrypt, and the old key leaves secrets.json.
      const second = await run(tsx, ["scripts/rotate-keys.ts", "--drop-old-keys"], { env, timeout: 120_000 });
      expect(second.stdout).toMatch(/7 encrypted, 0 re-encrypted under \S+, 7 already under it/);
      expect(second.stdout).toMatch(/removed old keys local-/);
      (globalThis as { __bankConnectionsSecrets?: Map<string, unknown> }).__bankConnectionsSecrets?.clear();
      const file = loadOrCreateEmbeddedSecrets(dataDir!);
      expect(file.tokenKeys).toHaveLength(1);
      const local = await openDatabase({ kind: "embedded", dataDir: dataDir! }, { migrate: false });
      try {
        const rows = await secrets(local.prisma);
        expect(rows.map((r) => keyIdOf(r.secret!))).toEqual(Array(7).fill(file.tokenKeys![0]!.kid));
        expect(rows.map((r) => openSecret(r.id, r.secret!)).sort()).toEqual([...tokens].sort());
        const g = await local.prisma.account.findFirstOrThrow({ where: { providerAccountId: "script-g" } });
        expect(keyIdOf(g.access_token!)).toBe(file.tokenKeys![0]!.kid);
        expect(openOAuthToken("google", "script-g", "access_token", g.access_token)).toBe(googleClear.access_token);
        expect(openOAuthToken("google", "script-g", "id_token", g.id_token)).toBe(googleClear.id_token);
      } finally {
        await local.close();
        fs.rmSync(dataDir!, { recursive: true, force: true });
      }
    }
  }, 240_000);
});
