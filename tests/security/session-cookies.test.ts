/**
 * Auth.js session hardening, through the real Auth.js handler and the app's auth config: the
 * session cookie of a sign-in is httpOnly, SameSite=Lax, lasts SESSION_MAX_AGE_SECONDS, and is
 * Secure (with the __Secure- prefix) when the portal's URL is https; sign-out clears it; sign-in
 * attempts past the limit are refused with code=rate_limited and no cookie.
 */
import { Auth, skipCSRFCheck } from "@auth/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAuthConfig, SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "@/lib/auth/config";
import { getDatabase } from "@/lib/db";
import { resetRateLimits } from "@/lib/rate-limits/limits";
import { useEmbeddedSecrets } from "../helpers/secrets";

function useEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  (globalThis as { __bankConnectionsConfig?: unknown }).__bankConnectionsConfig = undefined;
  resetRateLimits();
}

async function signIn(origin: string, email: string, ip = "198.51.100.20"): Promise<Response> {
  const body = new URLSearchParams({ email, callbackUrl: `${origin}/books` });
  const request = new Request(`${origin}/api/auth/callback/sandbox`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
    body,
  });
  return Auth(request, { ...(await buildAuthConfig()), basePath: "/api/auth", skipCSRFCheck });
}

const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => /^(__Secure-)?authjs\.session-token=/.test(c));

describe("session cookies", () => {
  beforeAll(async () => {
    useEmbeddedSecrets();
    useEnv({ APP_URL: undefined });
    await getDatabase();
  });
  afterAll(async () => {
    useEnv({ APP_URL: undefined, RATE_LIMIT_SIGNIN_PER_MINUTE: undefined });
    await (await getDatabase()).close();
  });

  it("sets deliberate lifetimes: a week, renewed at most daily", async () => {
    const config = await buildAuthConfig();
    expect(config.session).toEqual({ strategy: "jwt", maxAge: 7 * 86_400, updateAge: 86_400 });
    expect(SESSION_MAX_AGE_SECONDS).toBe(604_800);
    expect(SESSION_UPDATE_AGE_SECONDS).toBe(86_400);
  });

  it("over http: httpOnly, SameSite=Lax, Path=/, a week long, not Secure; the redirect URL carries no token", async () => {
    const res = await signIn("http://127.0.0.1:3000", "client@example.com");
    expect(res.status).toBe(302);
    const cookie = sessionCookie(res)!;
    expect(cookie).toMatch(/^authjs\.session-token=[^;]+/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/; Secure/i);
    const expires = Date.parse(/; Expires=([^;]+)/i.exec(cookie)![1]!);
    expect(Math.abs(expires - Date.now() - SESSION_MAX_AGE_SECONDS * 1000)).toBeLessThan(60_000);
    const token = /=([^;]+)/.exec(cookie)![1]!;
    expect(res.headers.get("location")).toBe("http://127.0.0.1:3000/books");
    expect(res.headers.get("location")).not.toContain(token);
  });

  it("with an https APP_URL: Secure and __Secure- prefixed", async () => {
    useEnv({ APP_URL: "https://bank.example.com" });
    const res = await signIn("https://bank.example.com", "client@example.com");
    const cookie = sessionCookie(res)!;
    expect(cookie).toMatch(/^__Secure-authjs\.session-token=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    useEnv({ APP_URL: undefined });
  });

  it("sign-out clears the session cookie", async () => {
    const signedIn = sessionCookie(await signIn("http://127.0.0.1:3000", "client@example.com"))!;
    const pair = signedIn.split(";")[0]!;
    const res = await Auth(
      new Request("http://127.0.0.1:3000/api/auth/signout", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie: pair }, body: new URLSearchParams({ callbackUrl: "/signin" }) }),
      { ...(await buildAuthConfig()), basePath: "/api/auth", skipCSRFCheck },
    );
    const cleared = sessionCookie(res)!;
    expect(cleared).toMatch(/^authjs\.session-token=;/);
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
  });

  it("sign-in past RATE_LIMIT_SIGNIN_PER_MINUTE is refused (code=rate_limited), per address", async () => {
    useEnv({ RATE_LIMIT_SIGNIN_PER_MINUTE: "2" });
    for (let i = 0; i < 2; i++) expect(sessionCookie(await signIn("http://127.0.0.1:3000", "viewer@example.com"))).toBeDefined();
    const refused = await signIn("http://127.0.0.1:3000", "viewer@example.com");
    expect(sessionCookie(refused)).toBeUndefined();
    expect(refused.headers.get("location")).toMatch(/error=CredentialsSignin&code=rate_limited/);
    expect(sessionCookie(await signIn("http://127.0.0.1:3000", "bookkeeper@example.com"))).toBeDefined();
    useEnv({ RATE_LIMIT_SIGNIN_PER_MINUTE: undefined });
  });
});
