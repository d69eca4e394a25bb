/**
 * The webhook key cache's own rules (lib/providers/plaid/webhook-keys.ts), on its injected clock:
 * known keys for an hour, unknown kids for 5 minutes, failures never remembered, expired keys not
 * used, odd kid shapes not even looked up, the look-up budget, and the bound on what is remembered.
 * The route tests (tests/webhooks/plaid-unknown-key.test.ts) run it against the sandbox Plaid.
 */
import { describe, expect, it } from "vitest";
import type { JWKPublicKey } from "plaid";
import { WebhookKeyCache, WebhookKeyUnavailableError } from "@/lib/providers/plaid/webhook-keys";

const jwk = (kid: string, expired_at: number | null = null): JWKPublicKey => ({ alg: "ES256", crv: "P-256", kid, kty: "EC", use: "sig", x: "x", y: "y", created_at: 1, expired_at });

function setup(keys: Record<string, JWKPublicKey>, opts: ConstructorParameters<typeof WebhookKeyCache>[1] = {}) {
  let t = 1_000_000;
  const asked: string[] = [];
  let failing = false;
  const cache = new WebhookKeyCache(
    async (kid) => {
      asked.push(kid);
      if (failing) throw new Error("down");
      return keys[kid] ?? null;
    },
    { now: () => t, ...opts },
  );
  return { cache, asked, tick: (ms: number) => (t += ms), fail: (v: boolean) => (failing = v) };
}

describe("WebhookKeyCache", () => {
  it("remembers a known key for an hour and an unknown kid for 5 minutes", async () => {
    const s = setup({ good: jwk("good") });
    expect(await s.cache.get("good")).toMatchObject({ kid: "good" });
    expect(await s.cache.get("nope")).toBeNull();
    s.tick(4 * 60_000);
    await s.cache.get("good");
    await s.cache.get("nope");
    expect(s.asked).toEqual(["good", "nope"]);
    s.tick(60_000);
    await s.cache.get("nope");
    expect(s.asked).toEqual(["good", "nope", "nope"]);
    s.tick(55 * 60_000);
    await s.cache.get("good");
    expect(s.asked).toEqual(["good", "nope", "nope", "good"]);
  });

  it("does not remember a failed look-up; an expired key is not used; odd kids are not looked up", async () => {
    const s = setup({ old: jwk("old", 123) });
    s.fail(true);
    await expect(s.cache.get("k1")).rejects.toMatchObject({ why: "fetch_failed" });
    s.fail(false);
    expect(await s.cache.get("k1")).toBeNull();
    expect(s.asked).toEqual(["k1", "k1"]);
    expect(await s.cache.get("old")).toBeNull();
    for (const odd of ["", "a b", "x".repeat(129), "../../etc", "kid\n"]) expect(await s.cache.get(odd)).toBeNull();
    expect(s.asked).toEqual(["k1", "k1", "old"]);
  });

  it("spends at most fetchesPerWindow look-ups a window; cached kids cost nothing", async () => {
    const s = setup({ good: jwk("good") }, { fetchesPerWindow: 3, fetchWindowMs: 60_000 });
    await s.cache.get("good");
    await s.cache.get("a");
    await s.cache.get("b");
    const over = s.cache.get("c");
    await expect(over).rejects.toBeInstanceOf(WebhookKeyUnavailableError);
    await expect(over).rejects.toMatchObject({ why: "fetch_budget" });
    expect(await s.cache.get("good")).not.toBeNull();
    expect(await s.cache.get("a")).toBeNull();
    s.tick(60_001);
    expect(await s.cache.get("c")).toBeNull();
    expect(s.asked).toEqual(["good", "a", "b", "c"]);
  });

  it("remembers at most maxEntries kids, dropping the oldest", async () => {
    const s = setup({}, { maxEntries: 5, fetchesPerWindow: 1_000 });
    for (let i = 0; i < 50; i++) await s.cache.get(`kid-${i}`);
    expect(s.cache.size).toBe(5);
    await s.cache.get("kid-49");
    expect(s.asked).toHaveLength(50);
    await s.cache.get("kid-0");
    expect(s.asked).toHaveLength(51);
  });
});
