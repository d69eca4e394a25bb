import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "@/lib/config";

/**
 * The embedded default's token keys live in DATA_DIR/secrets.json (lib/secrets.ts). Rotating them:
 * `addEmbeddedTokenKey` puts a fresh key first (it encrypts from now on), the rotation re-wraps
 * every value, then `dropOldEmbeddedTokenKeys` keeps only the current one. Written atomically.
 */
const fileSchema = z.object({ tokenKeys: z.array(z.object({ kid: z.string().min(1), key: z.string().min(40) })).min(1) }).passthrough();
type SecretsFile = z.infer<typeof fileSchema>;

function read(dataDir: string): { file: string; secrets: SecretsFile } {
  const file = path.join(dataDir, "secrets.json");
  let json: unknown = null;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    /* reported below */
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError([`DATA_DIR: ${file} is missing or has no token keys; start the app once first`]);
  return { file, secrets: parsed.data };
}

function write(file: string, secrets: SecretsFile): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  fs.writeFileSync(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
  (globalThis as { __bankConnectionsSecrets?: Map<string, unknown> }).__bankConnectionsSecrets?.delete(path.dirname(file));
}

/** Adds a new current key; returns its kid. */
export function addEmbeddedTokenKey(dataDir: string, now: Date = new Date()): string {
  const { file, secrets } = read(dataDir);
  const base = `local-${now.toISOString().slice(0, 19).replace(/[-:T]/g, "")}`;
  let kid = base;
  for (let n = 2; secrets.tokenKeys.some((k) => k.kid === kid); n++) kid = `${base}-${n}`;
  write(file, { ...secrets, tokenKeys: [{ kid, key: randomBytes(32).toString("base64") }, ...secrets.tokenKeys] });
  return kid;
}

/** Keeps only the current (first) key; returns the kids removed. */
export function dropOldEmbeddedTokenKeys(dataDir: string): string[] {
  const { file, secrets } = read(dataDir);
  const [current, ...old] = secrets.tokenKeys;
  if (old.length > 0) write(file, { ...secrets, tokenKeys: [current!] });
  return old.map((k) => k.kid);
}
