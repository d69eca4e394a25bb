import type { PrismaClient } from "@/lib/generated/prisma/client";

type SignInAccount = { provider: string; providerAccountId: string; access_token?: string; refresh_token?: string; expires_at?: number; scope?: string; id_token?: string } | null | undefined;

/**
 * Auth.js stores a Google account's tokens only when the account is first linked (next-auth#3599).
 * A later sign-in brings fresh ones — keep them, so background posting to Bkper keeps working after
 * a revoked refresh token. A refresh token is only replaced by a new one, never cleared.
 */
export async function storeFreshGoogleTokens(db: PrismaClient, account: SignInAccount): Promise<void> {
  if (account?.provider !== "google" || !account.access_token) return;
  await db.account.updateMany({
    where: { provider: "google", providerAccountId: account.providerAccountId },
    data: {
      access_token: account.access_token,
      expires_at: account.expires_at ?? null,
      scope: account.scope ?? null,
      id_token: account.id_token ?? null,
      ...(account.refresh_token ? { refresh_token: account.refresh_token } : {}),
    },
  });
}
