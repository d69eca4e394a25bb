import { randomBytes, randomUUID } from "node:crypto";
import { isoDay } from "@/lib/dates";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ConfigError, getConfig, type AppConfig } from "@/lib/config";
import type { Keyring } from "@/lib/crypto/envelope";
import { parseKeyring } from "@/lib/crypto/keyring";

/**
 * Secrets of the embedded default: generated once and kept with the data (mode 0600), so a
 * newcomer needs no keys. With DATABASE_URL (production) they must come from the environment.
 */
const sandboxKeysSchema = z.object({
  plaid: z.object({ clientId: z.string().min(16), secret: z.string().min(24) }),
  pluggy: z.object({ clientId: z.string().min(16), clientSecret: z.string().min(24) }),
  /** Signs the sandbox Pluggy's api keys and connect tokens (HS256). */
  pluggySigningSecret: z.string().min(32),
});

/** The local sandbox banks' API keys: what the sandbox accepts, and what the app's own clients send. */
export type SandboxApiKeys = z.infer<typeof sandboxKeysSchema>;

const fileSchema = z
  .object({
    authSecret: z.string().min(32),
    tokenKeys: z.array(z.object({ kid: z.string().min(1), key: z.string().min(40) })).min(1).optional(),
    /** Sent by the local sandbox Pluggy in X-Webhook-Secret (added by versions that receive Pluggy webhooks). */
    pluggyWebhookSecret: z.string().min(32).optional(),
    /** The local sandbox banks' API keys (added by versions whose sandbox checks them). */
    sandboxKeys: sandboxKeysSchema.optional(),
  })
  .passthrough();
type SecretsFile = z.infer<typeof fileSchema>;

function secretsPath(dataDir: string): string {
  return path.join(dataDir, "secrets.json");
}

function readSecrets(file: string): SecretsFile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    json = null;
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError([`DATA_DIR: ${file} is damaged; restore it from a backup (it holds the keys of this installation)`]);
  return parsed.data;
}

const cache = globalThis as unknown as { __bankConnectionsSecrets?: Map<string, SecretsFile> };

export function loadOrCreateEmbeddedSecrets(dataDir: string): SecretsFile {
  cache.__bankConnectionsSecrets ??= new Map();
  const known = cache.__bankConnectionsSecrets.get(dataDir);
  if (known) return known;
  const file = secretsPath(dataDir);
  let secrets: SecretsFile;
  if (fs.existsSync(file)) {
    secrets = readSecrets(file);
  } else {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const fresh: SecretsFile = { authSecret: randomBytes(32).toString("base64url"), tokenKeys: [newTokenKey()], pluggyWebhookSecret: newWebhookSecret(), sandboxKeys: newSandboxKeys() };
    // Written whole under a temporary name, then linked into place: a reader never sees half a
    // file, and if another writer won the race its secrets are the ones kept.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(tmp, JSON.stringify(fresh, null, 2), { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
      secrets = fresh;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      secrets = readSecrets(file);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  if (!secrets.tokenKeys || !secrets.pluggyWebhookSecret || !secrets.sandboxKeys) {
    // Written by an older version: add what is missing, replacing the file atomically.
    secrets = {
      ...secrets,
      tokenKeys: secrets.tokenKeys ?? [newTokenKey()],
      pluggyWebhookSecret: secrets.pluggyWebhookSecret ?? newWebhookSecret(),
      sandboxKeys: secrets.sandboxKeys ?? newSandboxKeys(),
    };
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  cache.__bankConnectionsSecrets.set(dataDir, secrets);
  return secrets;
}

function newWebhookSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Shaped like the real ones: Plaid's 24/30 hex characters, Pluggy's UUIDs. */
function newSandboxKeys(): SandboxApiKeys {
  return {
    plaid: { clientId: randomBytes(12).toString("hex"), secret: randomBytes(15).toString("hex") },
    pluggy: { clientId: randomUUID(), clientSecret: randomUUID() },
    pluggySigningSecret: randomBytes(32).toString("base64url"),
  };
}

function newTokenKey(): { kid: string; key: string } {
  return { kid: `local-${isoDay(new Date())}`, key: randomBytes(32).toString("base64") };
}

/** Master keys for provider tokens: TOKEN_ENCRYPTION_KEYS, or the embedded default's own. */
export function getTokenKeyring(): Keyring {
  const config = getConfig();
  if (config.tokenKeys) return config.tokenKeys;
  if (config.database.kind === "postgres") {
    throw new ConfigError(["TOKEN_ENCRYPTION_KEYS: required when DATABASE_URL is set (kid:BASE64KEY, key from: openssl rand -base64 32)"]);
  }
  const keys = loadOrCreateEmbeddedSecrets(config.dataDir).tokenKeys ?? [];
  const parsed = parseKeyring(keys.map((k) => `${k.kid}:${k.key}`).join(","));
  if (typeof parsed === "string") throw new ConfigError([`DATA_DIR: the token keys in secrets.json are damaged (${parsed})`]);
  return parsed;
}

export function getAuthSecret(): string {
  const config = getConfig();
  if (config.authSecret) return config.authSecret;
  if (config.database.kind === "postgres") throw new ConfigError(["AUTH_SECRET: required when DATABASE_URL is set (try: openssl rand -base64 32)"]);
  return loadOrCreateEmbeddedSecrets(config.dataDir).authSecret;
}

/** The header Pluggy webhooks must carry (set as the webhook's `headers`; the local sandbox adds it). */
export const PLUGGY_WEBHOOK_SECRET_HEADER = "X-Webhook-Secret";

/**
 * The secret Pluggy webhooks must carry in X-Webhook-Secret: PLUGGY_WEBHOOK_SECRET, or the
 * embedded default's own (generated once, kept in secrets.json). Undefined with DATABASE_URL and no
 * PLUGGY_WEBHOOK_SECRET: every Pluggy webhook is then refused.
 */
export function getPluggyWebhookSecret(config: AppConfig = getConfig()): string | undefined {
  if (config.pluggyWebhookSecret) return config.pluggyWebhookSecret;
  if (config.database.kind === "postgres") return undefined;
  return loadOrCreateEmbeddedSecrets(config.dataDir).pluggyWebhookSecret;
}

/**
 * The API keys of the local sandbox banks (lib/sandbox/mount.ts requires them; lib/providers sends
 * them): generated on the first start and kept in DATA_DIR/secrets.json (0600) with the sandbox's
 * own state (sandbox.json), whichever database the app uses. Nobody sets them: the newcomer's app
 * uses them by itself; a test or script reads them from the same file.
 */
export function getSandboxApiKeys(config: AppConfig = getConfig()): SandboxApiKeys {
  return sandboxApiKeysIn(config.dataDir);
}

/** The sandbox API keys kept in that data directory (created there if missing). */
export function sandboxApiKeysIn(dataDir: string): SandboxApiKeys {
  const keys = loadOrCreateEmbeddedSecrets(dataDir).sandboxKeys;
  if (!keys) throw new ConfigError([`DATA_DIR: ${secretsPath(dataDir)} has no sandbox keys`]);
  return keys;
}
