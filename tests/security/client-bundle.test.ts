/**
 * No secret in what browsers download: scans an existing production build's client files
 * (<dist>/static/**) — it builds nothing. The dist folder is SECURITY_SCAN_DIST, else the first of
 * NEXT_DIST_DIR, .next-sec, .next that holds a build (Playwright runs leave one).
 *
 * Looked for: the configured secrets (AUTH_SECRET, TOKEN_ENCRYPTION_KEYS keys, PLUGGY_WEBHOOK_SECRET,
 * CRON_SECRET, PLAID_SECRET, PLUGGY_CLIENT_SECRET), every secret in the embedded secrets.json files
 * of local runs (.data, .test-data/*) — the local sandbox's generated API keys among them — Plaid
 * access tokens and envelope-encrypted values.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseKeyring } from "@/lib/crypto/keyring";

function distDir(): string | undefined {
  const candidates = [process.env.SECURITY_SCAN_DIST, process.env.NEXT_DIST_DIR, ".next-sec", ".next"].filter((d): d is string => Boolean(d));
  return candidates.find((d) => fs.existsSync(path.join(d, "BUILD_ID")) && fs.existsSync(path.join(d, "static")));
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function configuredSecrets(): string[] {
  const env = process.env;
  const out = [env.AUTH_SECRET, env.PLUGGY_WEBHOOK_SECRET, env.CRON_SECRET, env.PLAID_SECRET, env.PLUGGY_CLIENT_SECRET];
  if (env.TOKEN_ENCRYPTION_KEYS) {
    const ring = parseKeyring(env.TOKEN_ENCRYPTION_KEYS);
    if (typeof ring !== "string") for (const k of ring.all.values()) out.push(k.key.toString("base64"));
  }
  const secretFiles = [path.join(".data", "secrets.json")];
  if (fs.existsSync(".test-data")) for (const d of fs.readdirSync(".test-data")) secretFiles.push(path.join(".test-data", d, "secrets.json"));
  for (const f of secretFiles.filter((p) => fs.existsSync(p))) {
    try {
      const s = JSON.parse(fs.readFileSync(f, "utf8")) as {
        authSecret?: string;
        pluggyWebhookSecret?: string;
        tokenKeys?: { key: string }[];
        sandboxKeys?: { plaid?: { secret?: string }; pluggy?: { clientSecret?: string }; pluggySigningSecret?: string };
      };
      const sandbox = s.sandboxKeys;
      out.push(s.authSecret, s.pluggyWebhookSecret, ...(s.tokenKeys ?? []).map((k) => k.key), sandbox?.plaid?.secret, sandbox?.pluggy?.clientSecret, sandbox?.pluggySigningSecret);
    } catch {
      /* a file being written by a running test: skip it */
    }
  }
  return [...new Set(out.filter((v): v is string => typeof v === "string" && v.length >= 12))];
}

const dist = distDir();

// `npm test` builds before Vitest, so in CI a missing build is a failure, not a skip.
describe.skipIf(!dist && !process.env.CI)(`client bundles (${dist ?? "no build found"})`, () => {
  it("contain no secret, access token or encrypted value", () => {
    expect(dist, "no production build to scan (npm test builds one before Vitest)").toBeDefined();
    const clientFiles = files(path.join(dist!, "static")).filter((f) => /\.(js|css|json|txt|map)$/.test(f));
    expect(clientFiles.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(5);
    const secrets = configuredSecrets();
    // The scan does find what is there: the client code of the sign-in form is in these files.
    const all = clientFiles.map((f) => ({ f, text: fs.readFileSync(f, "utf8") }));
    expect(all.some(({ text }) => text.includes("name@example.com"))).toBe(true);
    const found: string[] = [];
    for (const { f, text } of all) {
      for (const s of secrets) if (text.includes(s)) found.push(`${f}: a configured secret (${s.slice(0, 4)}…)`);
      if (/access-(sandbox|development|production)-[0-9a-f]{8}-/.test(text)) found.push(`${f}: a Plaid access token`);
      if (/ev1\.[A-Za-z0-9_-]{1,32}\.[A-Za-z0-9_-]{16}/.test(text)) found.push(`${f}: an encrypted token`);
    }
    expect(found).toEqual([]);
  });
});
