import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GoogleTokenSource } from "@/lib/books/bkper/google-token-source";
import { openOAuthToken, sealAccountTokens } from "@/lib/security/oauth-tokens";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";

/** A stand-in for Google's token endpoint that checks what it is sent. */
function googleTokenDouble() {
  const calls: URLSearchParams[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const form = new URLSearchParams(raw);
      calls.push(form);
      const ok = req.method === "POST" && req.headers["content-type"] === "application/x-www-form-urlencoded" && form.get("grant_type") === "refresh_token";
      res.writeHead(ok ? answer.status : 400, { "content-type": "application/json" });
      res.end(JSON.stringify(ok ? answer.body : { error: "invalid_request" }));
    });
  });
  return {
    calls,
    set: (a: typeof answer) => (answer = a),
    start: () => new Promise<string>((r) => server.listen(0, "127.0.0.1", () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/token`))),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.each(databaseBackends())("Google token source for Bkper on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  const google = googleTokenDouble();
  let tokenUrl = "";
  let userId = "";
  const now = 1_800_000_000_000;
  const source = () => new GoogleTokenSource({ db: db.prisma, userId, clientId: "cid", clientSecret: "csecret", tokenUrl, nowMs: () => now });

  /** The stored row with its tokens opened (they are stored sealed). */
  const stored = async () => {
    const r = await db.prisma.account.findFirstOrThrow({ where: { userId } });
    expect(r.access_token).toMatch(/^ev1\./);
    return { ...r, access_token: openOAuthToken(r.provider, r.providerAccountId, "access_token", r.access_token), refresh_token: openOAuthToken(r.provider, r.providerAccountId, "refresh_token", r.refresh_token) };
  };

  beforeAll(async () => {
    useEmbeddedSecrets(); // the token keys
    db = await backend.open();
    tokenUrl = await google.start();
    userId = (await db.prisma.user.create({ data: { email: "owner@example.com" } })).id;
  });
  afterAll(async () => {
    await google.stop();
    await db?.close();
  });
  beforeEach(async () => {
    google.calls.length = 0;
    await db.prisma.account.deleteMany({});
    await db.prisma.account.create({
      data: sealAccountTokens({ userId, type: "oidc", provider: "google", providerAccountId: "g-1", access_token: "old-access", refresh_token: "refresh-1", expires_at: Math.floor(now / 1000) + 30 }),
    });
  });

  it("renews a token about to expire, stores it with its expiry and the rotated refresh token", async () => {
    google.set({ status: 200, body: { access_token: "new-access", expires_in: 3599, refresh_token: "refresh-2", token_type: "Bearer" } });
    const s = source();
    const [a, b] = await Promise.all([s.getAccessToken(), s.getAccessToken()]);
    expect([a, b]).toEqual(["new-access", "new-access"]);
    expect(google.calls).toHaveLength(1);
    expect(google.calls[0]!.get("refresh_token")).toBe("refresh-1");
    expect(google.calls[0]!.get("client_id")).toBe("cid");
    expect(await stored()).toMatchObject({ access_token: "new-access", refresh_token: "refresh-2", expires_at: Math.floor(now / 1000) + 3599 });
    // Fresh now: no second call.
    expect(await s.getAccessToken()).toBe("new-access");
    expect(google.calls).toHaveLength(1);
  });

  it("asks the user to sign in again when Google refuses the refresh token or none is stored", async () => {
    google.set({ status: 400, body: { error: "invalid_grant" } });
    await expect(source().getAccessToken()).rejects.toMatchObject({ kind: "SIGN_IN_REQUIRED", message: expect.stringMatching(/Sign in again with Google/) });
    await db.prisma.account.updateMany({ data: { refresh_token: null } });
    await expect(source().refresh()).rejects.toMatchObject({ kind: "SIGN_IN_REQUIRED" });
    await db.prisma.account.deleteMany({});
    await expect(source().getAccessToken()).rejects.toMatchObject({ kind: "SIGN_IN_REQUIRED" });
  });

  it("asks the user to sign in again when the stored tokens do not open (sealed for another row), without calling Google", async () => {
    const foreign = sealAccountTokens({ provider: "google", providerAccountId: "someone-else", access_token: "a", refresh_token: "r" });
    await db.prisma.account.updateMany({ data: { access_token: foreign.access_token, refresh_token: foreign.refresh_token, expires_at: Math.floor(now / 1000) + 3600 } });
    await expect(source().getAccessToken()).rejects.toMatchObject({ kind: "SIGN_IN_REQUIRED" });
    await expect(source().refresh()).rejects.toMatchObject({ kind: "SIGN_IN_REQUIRED" });
    expect(google.calls).toHaveLength(0);
  });

  it("treats a Google outage or a garbled answer as temporary, keeping the stored tokens", async () => {
    google.set({ status: 503, body: { error: "backend" } });
    await expect(source().refresh()).rejects.toMatchObject({ kind: "UNAVAILABLE", retryable: true });
    google.set({ status: 200, body: { nope: true } });
    await expect(source().refresh()).rejects.toMatchObject({ kind: "BAD_RESPONSE" });
    expect(await stored()).toMatchObject({ access_token: "old-access", refresh_token: "refresh-1" });
  });
});
