import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decrypt, DecryptionError, encrypt, keyIdOf, rewrap, type Keyring } from "@/lib/crypto/envelope";
import { parseKeyring } from "@/lib/crypto/keyring";

const k = (kid: string) => ({ kid, key: randomBytes(32) });
const ring = (...keys: { kid: string; key: Buffer }[]): Keyring => ({ current: keys[0]!, all: new Map(keys.map((x) => [x.kid, x])) });

describe("envelope encryption", () => {
  const secret = "access-sandbox-6f1e1a2b-9c3d-4e5f-8a7b-0c1d2e3f4a5b";

  it("round-trips, never contains the plaintext, and differs every time", () => {
    const r = ring(k("k1"));
    const a = encrypt(r, secret, "connection:1:token");
    const b = encrypt(r, secret, "connection:1:token");
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret);
    expect(a).not.toContain(Buffer.from(secret).toString("base64url").slice(0, 12));
    expect(decrypt(r, a, "connection:1:token")).toBe(secret);
    expect(keyIdOf(a)).toBe("k1");
  });

  it("refuses another context, a tampered byte and an unknown key", () => {
    const r = ring(k("k1"));
    const env = encrypt(r, secret, "connection:1:token");
    expect(() => decrypt(r, env, "connection:2:token")).toThrow(DecryptionError);
    const parts = env.split(".");
    const body = Buffer.from(parts[5]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[5] = body.toString("base64url");
    expect(() => decrypt(r, parts.join("."), "connection:1:token")).toThrow(DecryptionError);
    expect(() => decrypt(ring(k("k2")), env, "connection:1:token")).toThrow(/unknown key id k1/);
    expect(() => decrypt(r, "garbage", "x")).toThrow(DecryptionError);
  });

  it("rotates: old rows stay readable, re-wrapping moves them to the new key, then the old key can go", () => {
    const old = k("2025");
    const fresh = k("2026");
    const before = encrypt(ring(old), secret, "c");
    const both = ring(fresh, old);
    expect(decrypt(both, before, "c")).toBe(secret);
    const after = rewrap(both, before, "c");
    expect(keyIdOf(after)).toBe("2026");
    expect(rewrap(both, after, "c")).toBe(after);
    expect(decrypt(ring(fresh), after, "c")).toBe(secret);
    expect(() => decrypt(ring(fresh), before, "c")).toThrow(/unknown key id 2025/);
  });
});

describe("TOKEN_ENCRYPTION_KEYS parsing", () => {
  it("takes the first key as current and all for decryption", () => {
    const a = randomBytes(32).toString("base64");
    const b = randomBytes(32).toString("base64");
    const r = parseKeyring(`new:${a}, old:${b}`);
    expect(typeof r).toBe("object");
    if (typeof r === "string") return;
    expect(r.current.kid).toBe("new");
    expect([...r.all.keys()]).toEqual(["new", "old"]);
  });

  it("explains what is wrong", () => {
    expect(parseKeyring("")).toMatch(/at least one/);
    expect(parseKeyring("nokey")).toMatch(/kid:BASE64KEY/);
    expect(parseKeyring(`k:${randomBytes(16).toString("base64")}`)).toMatch(/must be 32 bytes/);
    const x = randomBytes(32).toString("base64");
    expect(parseKeyring(`k:${x},k:${x}`)).toMatch(/appears twice/);
  });
});
