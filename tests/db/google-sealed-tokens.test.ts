/**
 * Finding 6 of issue 15: Google's access, refresh and id tokens were stored in clear in
 * `auth_accounts`. Now:
 *   - a real Google sign-in (Auth.js's OAuth flow with the app's auth config; Google's discovery,
 *     token and JWKS answers served in-process through the provider's customFetch) leaves no
 *     token in clear in the database, and a second sign-in's fresh tokens are sealed too;
 *   - Bkper's token source still reads them, and stores a renewed token sealed;
 *   - rows an older version stored in clear are sealed by sealClearOAuthTokens (run at start and
 *     by keys:rotate), once; a sealed value copied into another row or column does not open;
 *   - key rotation re-wraps them (both databases).
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { Auth, customFetch, skipCSRFCheck } from "@auth/core";
import { SignJWT, exportJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAuthConfig } from "@/lib/auth/config";
import { GoogleTokenSource } from "@/lib/books/bkper/google-token-source";
import { ENCRYPTED_COLUMNS } from "@/lib/connections/secret";
import { DecryptionError, keyIdOf } from "@/lib/crypto/envelope";
import { rotateKeys } from "@/lib/crypto/rotate-keys";
import { getDatabase } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getTokenKeyring } from "@/lib/secrets";
import { openOAuthToken, sealClearOAuthTokens } from "@/lib/security/oauth-tokens";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";

const ORIGIN = "http://127.0.0.1:3000";
const CLIENT_ID = "google-client-id.apps.googleusercontent.com";

/** Every value of every auth_accounts row, as the database holds it (raw SQL, no Prisma mapping). */
async function rawAccounts(db: PrismaClient): Promise<string> {
  return JSON.stringify(await db.$queryRawUnsafe(`SELECT * FROM "auth_accounts"`));
}

function useEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  (globalThis as { __bankConnectionsConfig?: unknown }).__bankConnectionsConfig = undefined;
}

/** Google as Auth.js's OIDC client sees it: discovery, the token endpoint (signed id_token), JWKS. */
function fakeGoogle() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const issued: string[] = [];
  let next = { access: "", refresh: "" as string | undefined, sub: "google-user-1", email: "gina@example.com" };
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === "/.well-known/openid-configuration") {
      return json({
        issuer: "https://accounts.google.com",
        authorization_endpoint: "https://accounts.google.com/o/oauth2/v2/auth",
        token_endpoint: "https://oauth2.googleapis.com/token",
        jwks_uri: "https://www.googleapis.com/oauth2/v3/certs",
        userinfo_endpoint: "https://openidconnect.googleapis.com/v1/userinfo",
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
    if (url.pathname === "/oauth2/v3/certs") return json({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" }] });
    if (url.pathname === "/token") {
      const form = new URLSearchParams(String(init?.body ?? ""));
      if (form.get("grant_type") !== "authorization_code" || !form.get("code")) return new Response(JSON.stringify({ error: "invalid_grant" }), { status: 400 });
      const now = Math.floor(Date.now() / 1000);
      const idToken = await new SignJWT({ email: next.email, email_verified: true, name: "Gina Google", picture: "https://example.com/g.png" })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuer("https://accounts.google.com")
        .setAudience(CLIENT_ID)
        .setSubject(next.sub)
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(privateKey);
      issued.push(next.access, idToken, ...(next.refresh ? [next.refresh] : []));
      return json({ access_token: next.access, expires_in: 3599, token_type: "Bearer", scope: "openid email profile", id_token: idToken, ...(next.refresh ? { refresh_token: next.refresh } : {}) });
    }
    return new Response("not found", { status: 404 });
  };
  return { fetchImpl, issued, willIssue: (tokens: Partial<typeof next>) => (next = { ...next, ...tokens }) };
}

describe("Google sign-in stores its tokens sealed (embedded database, the app's auth config)", () => {
  const google = fakeGoogle();
  /** What the database held right after Auth.js linked the account (before the signIn event). */
  const atLink: string[] = [];

  async function authWithGoogle(request: Request): Promise<Response> {
    const config = await buildAuthConfig();
    const provider = config.providers.find((p) => typeof p === "object" && p.id === "google") as { options?: Record<string | symbol, unknown> } | undefined;
    provider!.options![customFetch] = google.fetchImpl;
    const db = (await getDatabase()).prisma;
    const events = { ...config.events, linkAccount: async () => void atLink.push(await rawAccounts(db)) };
    return Auth(request, { ...config, events, basePath: "/api/auth", skipCSRFCheck });
  }

  /** The whole flow: sign-in request → Google's consent (skipped: the code) → callback. */
  async function signInWithGoogle(): Promise<Response> {
    const start = await authWithGoogle(new Request(`${ORIGIN}/api/auth/signin/google`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ callbackUrl: `${ORIGIN}/books` }) }));
    expect(start.status).toBe(302);
    const consent = new URL(start.headers.get("location")!);
    expect(consent.origin + consent.pathname).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    const cookies = start.headers.getSetCookie().map((c) => c.split(";")[0]!).join("; ");
    const callback = new URL(`${ORIGIN}/api/auth/callback/google`);
    callback.searchParams.set("code", `code-${randomBytes(4).toString("hex")}`);
    const state = consent.searchParams.get("state");
    if (state) callback.searchParams.set("state", state);
    const res = await authWithGoogle(new Request(callback, { headers: { cookie: cookies } }));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${ORIGIN}/books`);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="))).toBe(true);
    return res;
  }

  beforeAll(async () => {
    useEmbeddedSecrets();
    useEnv({ AUTH_GOOGLE_ID: CLIENT_ID, AUTH_GOOGLE_SECRET: "google-client-secret", APP_URL: undefined });
    await getDatabase();
  });
  afterAll(async () => {
    useEnv({ AUTH_GOOGLE_ID: undefined, AUTH_GOOGLE_SECRET: undefined });
    await (await getDatabase()).close();
  });

  it("a first and a second sign-in leave no token in clear in the database; Bkper's token source reads them", async () => {
    const db = (await getDatabase()).prisma;
    google.willIssue({ access: `ya29.first-${randomBytes(6).toString("hex")}`, refresh: `1//refresh-first-${randomBytes(6).toString("hex")}` });
    await signInWithGoogle();
    google.willIssue({ access: `ya29.second-${randomBytes(6).toString("hex")}`, refresh: undefined }); // Google often sends no new refresh token
    await signInWithGoogle();

    const raw = await rawAccounts(db);
    expect(google.issued.length).toBe(5);
    expect(atLink).toHaveLength(1); // the first sign-in links the account; the second finds it
    for (const token of google.issued) {
      expect(raw).not.toContain(token);
      expect(atLink[0]).not.toContain(token);
    }
    const row = await db.account.findFirstOrThrow({ where: { provider: "google", providerAccountId: "google-user-1" } });
    for (const value of [row.access_token, row.refresh_token, row.id_token]) expect(value).toMatch(/^ev1\./);

    // Reading still works: the second sign-in's access token, the first one's refresh token.
    const open = (field: "access_token" | "refresh_token" | "id_token") => openOAuthToken("google", "google-user-1", field, row[field]);
    // issued: [access 1, id token 1, refresh 1, access 2, id token 2]
    expect(open("access_token")).toBe(google.issued[3]);
    expect(open("refresh_token")).toBe(google.issued[2]);
    expect(open("id_token")).toBe(google.issued[4]);
    const source = new GoogleTokenSource({ db, userId: row.userId, clientId: CLIENT_ID, clientSecret: "s" });
    expect(await source.getAccessToken()).toBe(google.issued[3]);
  });
});

describe.each(databaseBackends())("sealed OAuth tokens on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let userId = "";
  const key = () => randomBytes(32).toString("base64");
  const OLD = `old:${key()}`;
  const NEW = `new:${key()}`;
  const clear = { access_token: `ya29.legacy-${randomBytes(6).toString("hex")}`, refresh_token: `1//legacy-${randomBytes(6).toString("hex")}`, id_token: `eyJlegacy.${randomBytes(6).toString("hex")}` };

  beforeAll(async () => {
    useEmbeddedSecrets();
    useEnv({ TOKEN_ENCRYPTION_KEYS: OLD });
    db = await backend.open();
    userId = (await db.prisma.user.create({ data: { email: `legacy-${backend.name}@example.com` } })).id;
    // As the version before stored it: in clear. And a second account with no tokens at all.
    await db.prisma.account.create({ data: { userId, type: "oidc", provider: "google", providerAccountId: "legacy-1", ...clear, expires_at: Math.floor(Date.now() / 1000) + 3600 } });
    const other = await db.prisma.user.create({ data: { email: `empty-${backend.name}@example.com` } });
    await db.prisma.account.create({ data: { userId: other.id, type: "oidc", provider: "google", providerAccountId: "empty-1" } });
  });
  afterAll(async () => {
    useEnv({ TOKEN_ENCRYPTION_KEYS: undefined });
    await db?.close();
  });

  const row = () => db.prisma.account.findFirstOrThrow({ where: { provider: "google", providerAccountId: "legacy-1" } });

  it("reads a clear row of an older version, seals it once (idempotent), and reads it sealed", async () => {
    const source = new GoogleTokenSource({ db: db.prisma, userId, clientId: "c", clientSecret: "s" });
    expect(await source.getAccessToken()).toBe(clear.access_token);
    expect(await sealClearOAuthTokens(db.prisma)).toBe(3);
    expect(await sealClearOAuthTokens(db.prisma)).toBe(0);
    const raw = await rawAccounts(db.prisma);
    for (const token of Object.values(clear)) expect(raw).not.toContain(token);
    const r = await row();
    expect([r.access_token, r.refresh_token, r.id_token].map((v) => keyIdOf(v!))).toEqual(["old", "old", "old"]);
    expect(await source.getAccessToken()).toBe(clear.access_token);
    expect(openOAuthToken("google", "legacy-1", "refresh_token", r.refresh_token)).toBe(clear.refresh_token);
    // Bound to its row and column: moved elsewhere it does not open.
    expect(() => openOAuthToken("google", "legacy-1", "access_token", r.refresh_token)).toThrow(DecryptionError);
    expect(() => openOAuthToken("google", "empty-1", "access_token", r.access_token)).toThrow(DecryptionError);
  });

  it("key rotation re-wraps them under the new key; they open with the new key alone", async () => {
    useEnv({ TOKEN_ENCRYPTION_KEYS: `${NEW},${OLD}` });
    const report = await rotateKeys(db.prisma, getTokenKeyring(), ENCRYPTED_COLUMNS, { batchSize: 1 });
    const oauth = report.columns.filter((c) => c.column.startsWith("auth_accounts."));
    expect(oauth.map((c) => [c.column, c.scanned, c.rotated, c.failed])).toEqual([
      ["auth_accounts.access_token", 1, 1, 0],
      ["auth_accounts.refresh_token", 1, 1, 0],
      ["auth_accounts.id_token", 1, 1, 0],
    ]);
    useEnv({ TOKEN_ENCRYPTION_KEYS: NEW });
    const r = await row();
    expect([r.access_token, r.refresh_token, r.id_token].map((v) => keyIdOf(v!))).toEqual(["new", "new", "new"]);
    expect(await new GoogleTokenSource({ db: db.prisma, userId, clientId: "c", clientSecret: "s" }).getAccessToken()).toBe(clear.access_token);
    expect(openOAuthToken("google", "legacy-1", "id_token", r.id_token)).toBe(clear.id_token);
    const again = await rotateKeys(db.prisma, getTokenKeyring(), ENCRYPTED_COLUMNS);
    expect(again.columns.filter((c) => c.column.startsWith("auth_accounts.")).map((c) => c.alreadyCurrent)).toEqual([1, 1, 1]);
  });
});
