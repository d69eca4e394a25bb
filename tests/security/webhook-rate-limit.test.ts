/**
 * The webhook routes answer 429 with Retry-After once a client address has used up
 * RATE_LIMIT_WEBHOOKS_PER_MINUTE, before reading anything; the limit recovers when the minute has passed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as plaidPOST } from "@/app/api/webhooks/plaid/route";
import { POST as pluggyPOST } from "@/app/api/webhooks/pluggy/route";
import { getDatabase } from "@/lib/db";
import { resetRateLimits } from "@/lib/rate-limits/limits";
import { useEmbeddedSecrets } from "../helpers/secrets";

let t = 5_000_000;
const post = (path: string, ip = "198.51.100.7") =>
  new Request(`http://127.0.0.1:3000/api/webhooks/${path}`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip }, body: JSON.stringify({ event: "item/updated" }) });

describe("webhook rate limit", () => {
  beforeAll(async () => {
    useEmbeddedSecrets();
    process.env.RATE_LIMIT_WEBHOOKS_PER_MINUTE = "2";
    resetRateLimits(() => t);
    await getDatabase(); // the routes record refusals in the audit trail: open the scratch database first
  });
  afterAll(async () => {
    await (await getDatabase()).close();
    delete process.env.RATE_LIMIT_WEBHOOKS_PER_MINUTE;
    (globalThis as { __bankConnectionsConfig?: unknown }).__bankConnectionsConfig = undefined;
    resetRateLimits();
  });

  it("Pluggy: 2 per minute per address, then 429 with Retry-After and a clear message; other addresses and Plaid unaffected; recovers after the window", async () => {
    // Under the limit the route does its usual work (here: no secret → 401).
    expect((await pluggyPOST(post("pluggy"))).status).toBe(401);
    t += 20_000;
    expect((await pluggyPOST(post("pluggy"))).status).toBe(401);

    const refused = await pluggyPOST(post("pluggy"));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("40");
    expect(await refused.json()).toEqual({ error: "rate_limited", message: "Too many attempts. Try again in 40 seconds.", retryAfterSeconds: 40 });

    expect((await pluggyPOST(post("pluggy", "203.0.113.5"))).status).toBe(401);
    expect((await plaidPOST(post("plaid"))).status).toBe(401);

    t += 39_000;
    expect((await pluggyPOST(post("pluggy"))).headers.get("retry-after")).toBe("1");
    t += 1_000; // the first request has left the window
    expect((await pluggyPOST(post("pluggy"))).status).toBe(401);
    expect((await pluggyPOST(post("pluggy"))).status).toBe(429);
  });

  it("Plaid: the same limit, answered before the signature is even looked at", async () => {
    expect((await plaidPOST(post("plaid", "192.0.2.44"))).status).toBe(401);
    expect((await plaidPOST(post("plaid", "192.0.2.44"))).status).toBe(401);
    const refused = await plaidPOST(post("plaid", "192.0.2.44"));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    t += 60_000;
    expect((await plaidPOST(post("plaid", "192.0.2.44"))).status).toBe(401);
  });
});
