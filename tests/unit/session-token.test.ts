/**
 * The session cookie's JWT (lib/auth/session-token.ts): interchangeable with Auth.js's own encode
 * and decode, answered from memory only for the exact token, salt and secret it was decrypted with
 * and only until it expires, and renewed at most once per updateAge — a changed session, an older
 * token or an unknown one is encoded afresh.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decode, encode } from "next-auth/jwt";
import { decodeSessionToken, forgetSessionTokens, sessionTokenEncoder } from "@/lib/auth/session-token";

const secret = "test-secret-with-enough-length-0123456789";
const salt = "authjs.session-token";
const DAY = 24 * 60 * 60;
const maxAge = 7 * DAY;
const encodeSession = sessionTokenEncoder(DAY);
const claims = { sub: "user-1", sid: "session-1", email: "ana@example.com", name: "Ana" };

beforeEach(() => {
  forgetSessionTokens();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-12-08T12:00:00Z"));
});
afterEach(() => vi.useRealTimers());

describe("session tokens", () => {
  it("reads Auth.js's tokens and writes tokens Auth.js reads", async () => {
    const theirs = await encode({ token: claims, secret, salt, maxAge });
    expect(await decodeSessionToken({ token: theirs, secret, salt })).toMatchObject(claims);
    const ours = await encodeSession({ token: claims, secret, salt, maxAge });
    const read = await decode({ token: ours, secret, salt });
    expect(read).toMatchObject(claims);
    expect(read!.exp).toBe(Math.floor(Date.now() / 1000) + maxAge);
  });

  it("answers a remembered token only for its own salt and secret, and not once it has expired", async () => {
    const token = await encode({ token: claims, secret, salt, maxAge: 60 });
    expect(await decodeSessionToken({ token, secret, salt })).toMatchObject(claims);
    await expect(decodeSessionToken({ token, secret: "another-secret-with-enough-length-987654", salt })).rejects.toThrow();
    await expect(decodeSessionToken({ token, secret, salt: "__Secure-authjs.session-token" })).rejects.toThrow();
    vi.setSystemTime(new Date(Date.now() + 61_000 + 15_000));
    await expect(decodeSessionToken({ token, secret, salt })).rejects.toThrow(/exp/);
  });

  it("never remembers a token that fails, and hands out copies", async () => {
    const token = await encode({ token: claims, secret, salt, maxAge });
    const tampered = `${token.slice(0, -4)}${token.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    await expect(decodeSessionToken({ token: tampered, secret, salt })).rejects.toThrow();
    await expect(decodeSessionToken({ token: tampered, secret, salt })).rejects.toThrow();
    const first = await decodeSessionToken({ token, secret, salt });
    first!.sub = "someone-else";
    expect((await decodeSessionToken({ token, secret, salt }))!.sub).toBe("user-1");
  });

  it("gives the same token back for the same session within a day, and a new one after a day, when the session changed, or for a token it never saw", async () => {
    const token = await encodeSession({ token: claims, secret, salt, maxAge });
    vi.setSystemTime(new Date(Date.now() + 3_600_000));
    const read = await decodeSessionToken({ token, secret, salt });
    expect(await encodeSession({ token: read!, secret, salt, maxAge })).toBe(token);

    const renamed = await encodeSession({ token: { ...read!, name: "Ana Maria" }, secret, salt, maxAge });
    expect(renamed).not.toBe(token);
    expect(await decode({ token: renamed, secret, salt })).toMatchObject({ name: "Ana Maria" });

    vi.setSystemTime(new Date(Date.now() + DAY * 1000));
    const renewed = await encodeSession({ token: (await decodeSessionToken({ token, secret, salt }))!, secret, salt, maxAge });
    expect(renewed).not.toBe(token);
    const later = await decode({ token: renewed, secret, salt });
    expect(later!.exp).toBe(Math.floor(Date.now() / 1000) + maxAge);

    forgetSessionTokens();
    const unknown = await decode({ token, secret, salt });
    expect(await encodeSession({ token: unknown!, secret, salt, maxAge })).not.toBe(token);
  });
});
