import { z } from "zod";
import type { Keyring, MasterKey } from "./envelope";

/**
 * TOKEN_ENCRYPTION_KEYS="kid1:BASE64KEY,kid0:OLDKEY": the first key encrypts, all of them decrypt.
 * Keys are 32 random bytes in base64 (`openssl rand -base64 32`); a kid is 1-32 of [A-Za-z0-9_-].
 */
const entry = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]+$/, "expected kid:BASE64KEY entries separated by commas");

export function parseKeyring(value: string): Keyring | string {
  const entries = value.split(",").filter((s) => s.trim() !== "");
  if (entries.length === 0) return "expected at least one kid:BASE64KEY entry";
  const keys: MasterKey[] = [];
  for (const raw of entries) {
    const ok = entry.safeParse(raw);
    if (!ok.success) return ok.error.issues[0]!.message;
    const [kid, b64] = ok.data.split(":") as [string, string];
    const key = Buffer.from(b64.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length !== 32) return `key ${kid} must be 32 bytes (base64 of 32 random bytes; try: openssl rand -base64 32)`;
    if (keys.some((k) => k.kid === kid)) return `key id ${kid} appears twice`;
    keys.push({ kid, key });
  }
  return { current: keys[0]!, all: new Map(keys.map((k) => [k.kid, k])) };
}
