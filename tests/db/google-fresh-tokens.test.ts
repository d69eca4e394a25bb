import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeFreshGoogleTokens } from "@/lib/auth/google-tokens";
import { openOAuthToken } from "@/lib/security/oauth-tokens";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";

describe.each(databaseBackends())("a Google sign-in refreshes the stored tokens on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  beforeAll(async () => {
    useEmbeddedSecrets(); // the token keys: the tokens are stored sealed
    db = await backend.open();
    const user = await db.prisma.user.create({ data: { email: "g@example.com" } });
    await db.prisma.account.create({ data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: "g-1", access_token: "old", refresh_token: "r-old", expires_at: 1 } });
  });
  afterAll(async () => db?.close());

  /** The row with its tokens opened; the stored values are sealed. */
  const row = async () => {
    const r = await db.prisma.account.findFirstOrThrow({ where: { provider: "google", providerAccountId: "g-1" } });
    expect(r.access_token).toMatch(/^ev1\./);
    const open = (f: "access_token" | "refresh_token" | "id_token") => openOAuthToken("google", "g-1", f, r[f]);
    return { ...r, access_token: open("access_token"), refresh_token: open("refresh_token"), id_token: open("id_token") };
  };

  it("keeps the new access token and expiry; keeps the refresh token when Google sends none", async () => {
    await storeFreshGoogleTokens(db.prisma, { provider: "google", providerAccountId: "g-1", access_token: "new", expires_at: 2000 });
    expect(await row()).toMatchObject({ access_token: "new", expires_at: 2000, refresh_token: "r-old" });
  });
  it("replaces the refresh token when Google sends a new one; ignores other providers and other accounts", async () => {
    await storeFreshGoogleTokens(db.prisma, { provider: "google", providerAccountId: "g-1", access_token: "newer", refresh_token: "r-new", expires_at: 3000 });
    await storeFreshGoogleTokens(db.prisma, { provider: "credentials", providerAccountId: "g-1", access_token: "x" });
    await storeFreshGoogleTokens(db.prisma, { provider: "google", providerAccountId: "someone-else", access_token: "y" });
    expect(await row()).toMatchObject({ access_token: "newer", refresh_token: "r-new", expires_at: 3000 });
  });
});
