/**
 * Finding 5 of issue 15: a cookie saved before sign-out kept serving for up to 7 days (stateless JWT
 * sessions). Through the real Auth.js handler and the app's auth config on the embedded database:
 * a cookie copied before sign-out is refused after it; another device's session survives an
 * ordinary sign-out and ends with "Sign out everywhere"; a JWT without a session record (forged
 * with the right secret, or issued by the version before) is refused; the record expires and slides.
 */
import { Auth, skipCSRFCheck } from "@auth/core";
import { encode } from "@auth/core/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAuthConfig } from "@/lib/auth/config";
import { endAllSessions, isSessionLive, SESSION_MAX_AGE_SECONDS, startSession } from "@/lib/auth/session-records";
import { getDatabase } from "@/lib/db";
import { getAuthSecret } from "@/lib/secrets";
import { resetRateLimits } from "@/lib/rate-limits/limits";
import { useEmbeddedSecrets } from "../helpers/secrets";

const ORIGIN = "http://127.0.0.1:3000";
const COOKIE = "authjs.session-token";

async function auth(path: string, init: RequestInit = {}): Promise<Response> {
  return Auth(new Request(`${ORIGIN}/api/auth/${path}`, init), { ...(await buildAuthConfig()), basePath: "/api/auth", skipCSRFCheck });
}

/** Signs in with the sandbox provider; returns the `name=value` of the session cookie. */
async function signIn(email: string): Promise<string> {
  resetRateLimits();
  const res = await auth("callback/sandbox", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, callbackUrl: `${ORIGIN}/books` }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
  if (!cookie) throw new Error(`no session cookie (status ${res.status})`);
  return cookie.split(";")[0]!;
}

/** Who the cookie signs in as (the session endpoint every `auth()` call goes through), or null. */
async function whoIs(cookie: string): Promise<string | null> {
  const res = await auth("session", { headers: { cookie } });
  const body = (await res.json()) as { user?: { email?: string } } | null;
  return body?.user?.email ?? null;
}

async function signOut(cookie: string): Promise<void> {
  const res = await auth("signout", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie }, body: new URLSearchParams({ callbackUrl: "/signin" }) });
  expect(res.status).toBe(302);
}

describe("sign-out ends the session", () => {
  beforeAll(async () => {
    useEmbeddedSecrets();
    await getDatabase();
  });
  afterAll(async () => {
    await (await getDatabase()).close();
  });

  it("a cookie saved before sign-out is refused after it (and the session endpoint clears it)", async () => {
    const saved = await signIn("client@example.com");
    expect(await whoIs(saved)).toBe("client@example.com");
    await signOut(saved);
    // The attacker's copy of the very same cookie:
    const res = await auth("session", { headers: { cookie: saved } });
    expect(await res.json()).toBeNull();
    expect(res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`))).toMatch(new RegExp(`^${COOKIE}=;`));
    expect(await whoIs(saved)).toBeNull();
  });

  it("an ordinary sign-out ends only that session; Sign out everywhere ends the user's others, not other users'", async () => {
    const laptop = await signIn("bookkeeper@example.com");
    const phone = await signIn("bookkeeper@example.com");
    const someoneElse = await signIn("viewer@example.com");
    await signOut(laptop);
    expect(await whoIs(laptop)).toBeNull();
    expect(await whoIs(phone)).toBe("bookkeeper@example.com");

    const db = (await getDatabase()).prisma;
    const user = await db.user.findUniqueOrThrow({ where: { email: "bookkeeper@example.com" } });
    const tablet = await signIn("bookkeeper@example.com");
    expect(await endAllSessions(db, user.id)).toBe(2);
    expect(await whoIs(phone)).toBeNull();
    expect(await whoIs(tablet)).toBeNull();
    expect(await whoIs(someoneElse)).toBe("viewer@example.com");
    // Signing in again works as before.
    expect(await whoIs(await signIn("bookkeeper@example.com"))).toBe("bookkeeper@example.com");
  });

  it("refuses a valid JWT with no session record: without an sid (the previous version's), or with another user's sid", async () => {
    const db = (await getDatabase()).prisma;
    const client = await db.user.findUniqueOrThrow({ where: { email: "client@example.com" } });
    const viewer = await db.user.findUniqueOrThrow({ where: { email: "viewer@example.com" } });
    const forge = async (claims: Record<string, unknown>) =>
      `${COOKIE}=${await encode({ token: { email: "client@example.com", sub: client.id, ...claims }, secret: getAuthSecret(), salt: COOKIE, maxAge: SESSION_MAX_AGE_SECONDS })}`;
    expect(await whoIs(await forge({}))).toBeNull();
    expect(await whoIs(await forge({ sid: "made-up" }))).toBeNull();
    expect(await whoIs(await forge({ sid: await startSession(db, viewer.id) }))).toBeNull();
    // The same forgery with a live record of its own user is accepted: the record is what counts.
    expect(await whoIs(await forge({ sid: await startSession(db, client.id) }))).toBe("client@example.com");
  });

  it("a session record lasts a week after the last visit, written at most once a day", async () => {
    const db = (await getDatabase()).prisma;
    const user = await db.user.findUniqueOrThrow({ where: { email: "client@example.com" } });
    const t0 = new Date("2030-01-01T00:00:00Z");
    const day = 86_400_000;
    const sid = await startSession(db, user.id, t0);
    const expiry = async () => (await db.session.findMany({ where: { userId: user.id }, orderBy: { expires: "desc" }, take: 1 }))[0]!.expires.getTime();
    expect(await isSessionLive(db, sid, user.id, new Date(t0.getTime() + 6 * 3_600_000))).toBe(true);
    expect(await expiry()).toBe(t0.getTime() + 7 * day); // not rewritten within the day
    expect(await isSessionLive(db, sid, user.id, new Date(t0.getTime() + 5 * day))).toBe(true);
    expect(await expiry()).toBe(t0.getTime() + 12 * day); // slid
    expect(await isSessionLive(db, sid, user.id, new Date(t0.getTime() + 12 * day + 1))).toBe(false);
    // The next sign-in of that user removes its expired records, and only those.
    await startSession(db, user.id, new Date(t0.getTime() + 11 * day)); // still live at +13 days
    const expiries = async () => (await db.session.findMany({ where: { userId: user.id }, select: { expires: true } })).map((r) => r.expires.getTime() - t0.getTime()).sort((a, b) => a - b);
    expect(await expiries()).toEqual([12 * day, 18 * day]);
    await startSession(db, user.id, new Date(t0.getTime() + 13 * day));
    expect(await expiries()).toEqual([18 * day, 20 * day]);
  });
});
