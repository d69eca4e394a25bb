import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/security/client-ip";
import { MemoryRateLimiter, tooManyAttemptsMessage } from "@/lib/security/rate-limit";

const clock = (start = 1_000_000) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe("MemoryRateLimiter (sliding window, injected clock)", () => {
  it("allows `limit` hits per window, refuses the next with the seconds to wait, and recovers when the window has passed", () => {
    const c = clock();
    const l = new MemoryRateLimiter({ limit: 3, windowMs: 60_000, now: c.now });
    expect(l.hitNow("a")).toEqual({ ok: true, remaining: 2 });
    c.advance(10_000);
    expect(l.hitNow("a")).toEqual({ ok: true, remaining: 1 });
    expect(l.hitNow("a")).toEqual({ ok: true, remaining: 0 });
    expect(l.hitNow("a")).toEqual({ ok: false, retryAfterSeconds: 50 }); // the first hit leaves the window in 50 s
    c.advance(49_000);
    expect(l.hitNow("a")).toEqual({ ok: false, retryAfterSeconds: 1 });
    c.advance(1_000);
    // The first hit has left the window: one more is allowed, and refused attempts were not counted.
    expect(l.hitNow("a")).toEqual({ ok: true, remaining: 0 });
    expect(l.hitNow("a").ok).toBe(false);
    c.advance(60_000);
    expect(l.hitNow("a")).toEqual({ ok: true, remaining: 2 });
  });

  it("keeps keys apart", () => {
    const c = clock();
    const l = new MemoryRateLimiter({ limit: 1, windowMs: 1_000, now: c.now });
    expect(l.hitNow("a").ok).toBe(true);
    expect(l.hitNow("a").ok).toBe(false);
    expect(l.hitNow("b").ok).toBe(true);
  });

  it("is a sliding window: hits at the end of one minute still count at the start of the next", () => {
    const c = clock(0);
    const l = new MemoryRateLimiter({ limit: 2, windowMs: 60_000, now: c.now });
    c.advance(59_000);
    l.hitNow("k");
    l.hitNow("k");
    c.advance(2_000); // a fixed window would have reset at 60 s
    expect(l.hitNow("k")).toEqual({ ok: false, retryAfterSeconds: 58 });
  });

  it("bounds its memory: the least recently used keys go first", () => {
    const l = new MemoryRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 3, now: () => 0 });
    for (const k of ["a", "b", "c", "d"]) l.hitNow(k);
    expect(l.size).toBe(3);
    expect(l.hitNow("a").ok).toBe(true); // forgotten
    expect(l.hitNow("d").ok).toBe(false);
  });

  it("refuses nonsense limits", () => {
    expect(() => new MemoryRateLimiter({ limit: 0, windowMs: 1 })).toThrow(RangeError);
    expect(() => new MemoryRateLimiter({ limit: 1, windowMs: 0 })).toThrow(RangeError);
  });

  it("words the wait for people", () => {
    expect(tooManyAttemptsMessage(1)).toBe("Too many attempts. Try again in 1 second.");
    expect(tooManyAttemptsMessage(42)).toBe("Too many attempts. Try again in 42 seconds.");
  });
});

describe("clientIp", () => {
  const h = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });
  it("behind a trusted proxy: the first X-Forwarded-For entry", () => {
    expect(clientIp(h("203.0.113.7, 10.0.0.1"), true)).toBe("203.0.113.7");
    expect(clientIp(h("2001:db8::1"), true)).toBe("2001:db8::1");
  });
  it("without one: only the single address Next.js fills in from the socket; forged lists and garbage are 'unknown'", () => {
    expect(clientIp(h("::ffff:127.0.0.1"), false)).toBe("127.0.0.1");
    expect(clientIp(h("203.0.113.7, 10.0.0.1"), false)).toBe("unknown");
    expect(clientIp(h("not-an-ip"), false)).toBe("unknown");
    expect(clientIp(h(), false)).toBe("unknown");
    expect(clientIp(h("not-an-ip, 1.2.3.4"), true)).toBe("unknown");
  });
});
