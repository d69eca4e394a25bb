/**
 * Issue 15, finding 3: unauthenticated memory exhaustion. Every route that reads a body streams it
 * with a byte cap (lib/http/bounded-body.ts) and stops at the cap: a 256 MB chunked body, made on
 * demand by a ReadableStream (never allocated whole), is answered 413 after at most the cap has
 * been read, the stream is cancelled, and the process's RSS stays within +32 MB (measured here;
 * buffering the body, as before, grows it by 256 MB or more). The webhook routes run as Next.js runs
 * them, in a test application context; the sandbox routes through the adapter they call
 * (lib/sandbox/mount.ts), as tests/sandbox/app-routes.test.ts does.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetRejectionBudget } from "@/lib/audit/system-events";
import { KIB, MIB, PROXY_BODY_BUFFER_BYTES } from "@/lib/http/bounded-body";
import nextConfig from "@/next.config";
import { handleControlHttp, handlePlaidHttp, handlePlaidOAuthPage, handlePluggyHttp, resetSandboxSingleton } from "@/lib/sandbox/mount";
import { SANDBOX_API_MAX_BYTES, SANDBOX_FORM_MAX_BYTES } from "@/lib/sandbox/bodies";
import { databaseBackends } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";
import { createTestApp } from "../helpers/app-context";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const state = createTestApp();
state.pluggyWebhookSecret = "p".repeat(32);
const plaidHook = state.bind(await import("@/app/api/webhooks/plaid/route"));
const pluggyHook = state.bind(await import("@/app/api/webhooks/pluggy/route"));

const APP = "http://127.0.0.1:39996";
const TOTAL = 256 * MIB;
const CHUNK = 64 * KIB;
const RSS_BOUND_MB = 32;

/**
 * A body of TOTAL bytes made 64 KiB at a time as it is pulled (each chunk a fresh, filled buffer,
 * as a socket would hand them over), counting what was pulled, whether it was cancelled, and the
 * highest RSS seen while it was being read.
 */
function generatedBody() {
  const stats = { pulled: 0, cancelled: false, peakRss: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (stats.pulled >= TOTAL) return c.close();
        stats.pulled += CHUNK;
        if ((stats.pulled / CHUNK) % 8 === 0) stats.peakRss = Math.max(stats.peakRss, process.memoryUsage.rss());
        c.enqueue(new Uint8Array(CHUNK).fill(0x20));
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

type Sent = { res: Response; pulled: number; cancelled: boolean; grewMb: number };

/** Sends a generated 256 MB body (chunked: no Content-Length unless `headers` claims one) and measures. */
async function send(url: string, headers: Record<string, string>, handle: (req: Request) => Promise<Response>): Promise<Sent> {
  gc();
  const before = process.memoryUsage.rss();
  const { stream, stats } = generatedBody();
  const req = new Request(url, { method: "POST", headers, body: stream, duplex: "half" } as RequestInit);
  const res = await handle(req);
  await res.arrayBuffer();
  const after = Math.max(process.memoryUsage.rss(), stats.peakRss);
  return { res, pulled: stats.pulled, cancelled: stats.cancelled, grewMb: (after - before) / MIB };
}

function expectCapped(s: Sent, cap: number, what: string): void {
  expect(s.res.status, what).toBe(413);
  expect(s.pulled, what).toBeLessThanOrEqual(cap + 2 * CHUNK);
  expect(s.cancelled, what).toBe(true);
  expect(s.grewMb, what).toBeLessThan(RSS_BOUND_MB);
}

const JSON_TYPE = { "content-type": "application/json" };

/** The controls answer only a signed-in user; the cap applies before anything else reads the body. */
const CAPS_USER = { id: "user-body-caps", email: "caps@example.com" };

describe("bodies over the cap: 413, reading stopped, memory flat", () => {
  beforeAll(async () => {
    useEmbeddedSecrets();
    state.db = await databaseBackends()[0]!.open();
    // Warm up what a first request initialises (the route modules, the first audit insert: the
    // database's memory grows then), so the measurements below see the body and nothing else.
    const over = (url: string, headers: Record<string, string> = JSON_TYPE) => new Request(url, { method: "POST", headers, body: new Uint8Array(64 * KIB + 1) });
    await plaidHook.POST(over(`${APP}/api/webhooks/plaid`));
    await pluggyHook.POST(over(`${APP}/api/webhooks/pluggy`, { ...JSON_TYPE, "x-webhook-secret": "p".repeat(32) }));
    await handleControlHttp(over(`${APP}/sandbox/control`), CAPS_USER);
  });
  afterAll(async () => {
    resetSandboxSingleton();
    await state.db?.close();
  });
  beforeEach(() => resetRejectionBudget());

  it("POST /api/webhooks/plaid, unsigned and without credentials: chunked, lying Content-Length, honest Content-Length", async () => {
    const cap = 64 * KIB;
    const tooLarge = async () => (await state.db!.prisma.auditEvent.findMany({ where: { action: "webhook.rejected" } })).filter((r) => (r.details as { reason: string }).reason === "too_large").length;
    const before = await tooLarge();
    const chunked = await send(`${APP}/api/webhooks/plaid`, { ...JSON_TYPE, "plaid-verification": "a.b.c", "x-forwarded-for": "203.0.113.20" }, plaidHook.POST);
    expectCapped(chunked, cap, "chunked");
    const lying = await send(`${APP}/api/webhooks/plaid`, { ...JSON_TYPE, "content-length": "120", "x-forwarded-for": "203.0.113.20" }, plaidHook.POST);
    expectCapped(lying, cap, "Content-Length says 120");
    const honest = await send(`${APP}/api/webhooks/plaid`, { ...JSON_TYPE, "content-length": String(TOTAL), "x-forwarded-for": "203.0.113.20" }, plaidHook.POST);
    expectCapped(honest, cap, "Content-Length says 256 MB");
    expect(honest.pulled).toBe(0);
    // Each refusal is in the audit trail, as the system.
    expect((await tooLarge()) - before).toBe(3);
  });

  it("4 such bodies at once, as in the finding (791 MB → 2,143 MB before): RSS still within +32 MB", async () => {
    gc();
    const before = process.memoryUsage.rss();
    const bodies = Array.from({ length: 4 }, () => generatedBody());
    const answers = await Promise.all(
      bodies.map(({ stream }, i) =>
        plaidHook.POST(new Request(`${APP}/api/webhooks/plaid`, { method: "POST", headers: { ...JSON_TYPE, "x-forwarded-for": `203.0.113.${30 + i}` }, body: stream, duplex: "half" } as RequestInit)),
      ),
    );
    const after = Math.max(process.memoryUsage.rss(), ...bodies.map((b) => b.stats.peakRss));
    expect(answers.map((r) => r.status)).toEqual([413, 413, 413, 413]);
    expect(bodies.every((b) => b.stats.cancelled && b.stats.pulled <= 64 * KIB + 2 * CHUNK)).toBe(true);
    expect((after - before) / MIB).toBeLessThan(RSS_BOUND_MB);
  });

  it("POST /api/webhooks/pluggy: with the secret, capped; without it, not read at all", async () => {
    const withSecret = await send(`${APP}/api/webhooks/pluggy`, { ...JSON_TYPE, "x-webhook-secret": "p".repeat(32) }, pluggyHook.POST);
    expectCapped(withSecret, 64 * KIB, "with the secret");
    const stranger = await send(`${APP}/api/webhooks/pluggy`, { ...JSON_TYPE, "x-webhook-secret": "wrong" }, pluggyHook.POST);
    expect(stranger.res.status).toBe(401);
    expect(stranger.pulled).toBe(0);
  });

  it("the sandbox Plaid and Pluggy APIs (1 MiB), the controls and the OAuth consent form (64 KiB)", async () => {
    expect(SANDBOX_API_MAX_BYTES).toBe(1 * MIB);
    expect(SANDBOX_FORM_MAX_BYTES).toBe(64 * KIB);
    const plaid = await send(`${APP}/sandbox/plaid/transactions/sync`, JSON_TYPE, (r) => handlePlaidHttp(r, ["transactions", "sync"]));
    expectCapped(plaid, SANDBOX_API_MAX_BYTES, "sandbox Plaid");
    const pluggy = await send(`${APP}/sandbox/pluggy/auth`, JSON_TYPE, (r) => handlePluggyHttp(r, ["auth"]));
    expectCapped(pluggy, SANDBOX_API_MAX_BYTES, "sandbox Pluggy");
    const control = await send(`${APP}/sandbox/control`, JSON_TYPE, (r) => handleControlHttp(r, CAPS_USER));
    expectCapped(control, SANDBOX_FORM_MAX_BYTES, "sandbox control");
    const oauth = await send(`${APP}/sandbox/plaid/oauth/state-1`, { "content-type": "application/x-www-form-urlencoded" }, (r) => handlePlaidOAuthPage(r, "state-1"));
    expectCapped(oauth, SANDBOX_FORM_MAX_BYTES, "sandbox OAuth consent");
  });

  it("Next.js buffers at most 2 MiB of a body passing proxy.ts, above every cap (a cut body is always refused)", () => {
    expect(nextConfig.experimental?.proxyClientMaxBodySize).toBe(PROXY_BODY_BUFFER_BYTES);
    expect(PROXY_BODY_BUFFER_BYTES).toBeLessThanOrEqual(2 * MIB);
    expect(PROXY_BODY_BUFFER_BYTES - 256 * KIB).toBeGreaterThan(Math.max(SANDBOX_API_MAX_BYTES, SANDBOX_FORM_MAX_BYTES, 64 * KIB));
  });

  it("the answers say why, in each API's shape", async () => {
    const small = (url: string, bytes: number, headers: Record<string, string> = JSON_TYPE) => new Request(url, { method: "POST", headers, body: new Uint8Array(bytes).fill(0x20) });
    const plaid = await handlePlaidHttp(small(`${APP}/sandbox/plaid/accounts/get`, SANDBOX_API_MAX_BYTES + 1), ["accounts", "get"]);
    expect([plaid.status, await plaid.json()]).toMatchObject([413, { error_type: "INVALID_REQUEST", error_code: "INVALID_BODY", error_message: "request body is larger than 1 MB" }]);
    const pluggy = await handlePluggyHttp(small(`${APP}/sandbox/pluggy/auth`, SANDBOX_API_MAX_BYTES + 1), ["auth"]);
    expect([pluggy.status, await pluggy.json()]).toEqual([413, { code: 413, codeDescription: "PAYLOAD_TOO_LARGE", message: "The request body is larger than 1 MB" }]);
    const control = await handleControlHttp(small(`${APP}/sandbox/control`, SANDBOX_FORM_MAX_BYTES + 1), CAPS_USER);
    expect([control.status, await control.json()]).toEqual([413, { ok: false, error: "The body is too large." }]);
    const hook = await plaidHook.POST(small(`${APP}/api/webhooks/plaid`, 64 * KIB + 1));
    expect([hook.status, await hook.json()]).toEqual([413, { error: "body too large", maxBytes: 64 * KIB }]);
    // At the cap exactly, the body is read and handled as before (here: not JSON for the control).
    const atCap = await handleControlHttp(small(`${APP}/sandbox/control`, SANDBOX_FORM_MAX_BYTES), CAPS_USER);
    expect(atCap.status).toBe(400);
  });
});
