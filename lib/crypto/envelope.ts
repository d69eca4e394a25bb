import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Envelope encryption of provider tokens (AES-256-GCM):
 *   - every secret gets its own random data key, which encrypts it;
 *   - the data key is wrapped by a master key, named by its key id (kid);
 *   - both are bound to a context (e.g. "connection:<id>:access-token") as associated data, so a
 *     ciphertext copied to another row does not decrypt there.
 * Rotation re-wraps data keys under the newest master key; old master keys keep decrypting until
 * nothing uses them.
 *
 * Format: "ev1.<kid>.<wrapIv>.<wrappedKey+tag>.<iv>.<ciphertext+tag>" (base64url parts).
 */
export type MasterKey = { kid: string; key: Buffer };
export type Keyring = { current: MasterKey; all: Map<string, MasterKey> };

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

const b64 = (b: Buffer) => b.toString("base64url");
const unb64 = (s: string) => Buffer.from(s, "base64url");

function seal(key: Buffer, plaintext: Buffer, aad: string): { iv: Buffer; sealed: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, sealed: Buffer.concat([body, cipher.getAuthTag()]) };
}

function open(key: Buffer, iv: Buffer, sealed: Buffer, aad: string): Buffer {
  if (iv.length !== 12 || sealed.length < 16) throw new DecryptionError("malformed ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  } catch {
    throw new DecryptionError("ciphertext does not match its key or context");
  }
}

function parse(envelope: string) {
  const parts = envelope.split(".");
  if (parts.length !== 6 || parts[0] !== "ev1") throw new DecryptionError("not an ev1 envelope");
  const [, kid, wrapIv, wrapped, iv, body] = parts as [string, string, string, string, string, string];
  return { kid, wrapIv: unb64(wrapIv), wrapped: unb64(wrapped), iv: unb64(iv), body: unb64(body) };
}

export function encrypt(keyring: Keyring, plaintext: string, context: string): string {
  const dataKey = randomBytes(32);
  try {
    const { iv, sealed } = seal(dataKey, Buffer.from(plaintext, "utf8"), context);
    const w = seal(keyring.current.key, dataKey, `dek|${keyring.current.kid}|${context}`);
    return ["ev1", keyring.current.kid, b64(w.iv), b64(w.sealed), b64(iv), b64(sealed)].join(".");
  } finally {
    dataKey.fill(0);
  }
}

function unwrapDataKey(keyring: Keyring, e: ReturnType<typeof parse>, context: string): Buffer {
  const master = keyring.all.get(e.kid);
  if (!master) throw new DecryptionError(`unknown key id ${e.kid}: add it back to the keyring to read this value`);
  return open(master.key, e.wrapIv, e.wrapped, `dek|${e.kid}|${context}`);
}

export function decrypt(keyring: Keyring, envelope: string, context: string): string {
  const e = parse(envelope);
  const dataKey = unwrapDataKey(keyring, e, context);
  try {
    return open(dataKey, e.iv, e.body, context).toString("utf8");
  } finally {
    dataKey.fill(0);
  }
}

export function keyIdOf(envelope: string): string {
  return parse(envelope).kid;
}

/** Re-wraps the data key under the current master key; the encrypted secret itself is unchanged. */
export function rewrap(keyring: Keyring, envelope: string, context: string): string {
  const e = parse(envelope);
  if (e.kid === keyring.current.kid) return envelope;
  const dataKey = unwrapDataKey(keyring, e, context);
  try {
    open(dataKey, e.iv, e.body, context); // proves the pair still matches before rewriting
    const w = seal(keyring.current.key, dataKey, `dek|${keyring.current.kid}|${context}`);
    return ["ev1", keyring.current.kid, b64(w.iv), b64(w.sealed), b64(e.iv), b64(e.body)].join(".");
  } finally {
    dataKey.fill(0);
  }
}
