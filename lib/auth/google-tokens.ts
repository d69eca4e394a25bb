import { PrismaAdapter } from "@auth/prisma-adapter";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { sealAccountTokens } from "@/lib/security/oauth-tokens";

type SignInAccount = { provider: string; providerAccountId: string; access_token?: string; refresh_token?: string; expires_at?: number; scope?: string; id_token?: string } | null | undefined;

/**
 * Auth.js stores a Google account's tokens only when the account is first linked (next-auth#3599).
 * A later sign-in brings fresh ones — keep them, so background posting to Bkper keeps working after
 * a revoked refresh token. A refresh token is only replaced by a new one, never cleared. The
 * tokens are stored sealed (lib/security/oauth-tokens.ts), like every account token.
 */
export async function storeFreshGoogleTokens(db: PrismaClient, account: SignInAccount): Promise<void> {
  if (account?.provider !== "google" || !account.access_token) return;
  const sealed = sealAccountTokens(account);
  await db.account.updateMany({
    where: { provider: "google", providerAccountId: account.providerAccountId },
    data: {
      access_token: sealed.access_token!,
      expires_at: account.expires_at ?? null,
      scope: account.scope ?? null,
      id_token: sealed.id_token ?? null,
      ...(sealed.refresh_token ? { refresh_token: sealed.refresh_token } : {}),
    },
  });
}

type Adapter = ReturnType<typeof PrismaAdapter>;

/**
 * The Auth.js Prisma adapter with the account's tokens sealed before they are stored: Auth.js
 * writes a first sign-in's tokens through linkAccount (the adapter's default stores them in clear).
 */
export function sealingPrismaAdapter(db: PrismaClient): Adapter {
  const base = PrismaAdapter(db);
  const link = base.linkAccount!.bind(base);
  return { ...base, linkAccount: (account) => link(sealAccountTokens(account)) };
}
