import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeFreshGoogleTokens } from "@/lib/auth/google-tokens";
import { databaseBackends, type Backend } from "../helpers/databases";

describe.each(databaseBackends())("a Google sign-in refreshes the stored tokens on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  beforeAll(async () => {
    db = await backend.open();
    const user = await db.prisma.user.create({ data: { email: "g@example.com" } });
    await db.prisma.account.create({ data: { userId: user.id, type: "oidc", provider: "google", providerAccountId: "g-1", access_token: "old", refresh_token: "r-old", expires_at: 1 } });
  });
  afterAll(async () => db?.close());

  const row = () => db.prisma.account.findFirstOrThrow({ where: { provider: "google", providerAccountId: "g-1" } });

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
