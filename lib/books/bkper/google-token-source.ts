import { z } from "zod";
import { DecryptionError } from "@/lib/crypto/envelope";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { openOAuthToken, sealOAuthToken, type OAuthTokenField } from "@/lib/security/oauth-tokens";
import { BkperError, MESSAGES } from "./errors";
import type { TokenSource } from "./client";

/**
 * The signed-in user's Google access token for Bkper, from the Auth.js account row, refreshed with
 * the stored refresh token when it is about to expire — so background posting keeps working after
 * the user has left. A refused refresh (revoked, expired) asks the user to sign in with Google again.
 * The tokens are stored sealed (lib/security/oauth-tokens.ts): opened here, sealed again when renewed.
 */
export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const EARLY_SECONDS = 60;

const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
});

const signInAgain = () => new BkperError("SIGN_IN_REQUIRED", MESSAGES.signIn);

type Options = {
  db: PrismaClient;
  userId: string;
  clientId: string;
  clientSecret: string;
  tokenUrl?: string;
  fetch?: typeof fetch;
  nowMs?: () => number;
};

export class GoogleTokenSource implements TokenSource {
  private refreshing: Promise<string> | null = null;

  constructor(private readonly opts: Options) {}

  private now(): number {
    return (this.opts.nowMs ?? Date.now)();
  }

  private async account() {
    const row = await this.opts.db.account.findFirst({ where: { userId: this.opts.userId, provider: "google" } });
    if (!row) throw signInAgain();
    return row;
  }

  /** A stored token in clear; one the configured keys cannot open is as good as none (sign in again). */
  private open(row: { provider: string; providerAccountId: string }, field: OAuthTokenField, value: string | null): string | null {
    try {
      return openOAuthToken(row.provider, row.providerAccountId, field, value);
    } catch (err) {
      if (err instanceof DecryptionError) throw signInAgain();
      throw err;
    }
  }

  async getAccessToken(): Promise<string> {
    const row = await this.account();
    const fresh = row.access_token && row.expires_at && row.expires_at - EARLY_SECONDS > this.now() / 1000;
    return fresh ? this.open(row, "access_token", row.access_token)! : this.refresh();
  }

  /** One refresh at a time; concurrent callers share it. */
  refresh(): Promise<string> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<string> {
    const row = await this.account();
    const refreshToken = this.open(row, "refresh_token", row.refresh_token);
    if (!refreshToken) throw signInAgain();
    const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: this.opts.clientId, client_secret: this.opts.clientSecret });
    let res: Response;
    try {
      res = await (this.opts.fetch ?? fetch)(this.opts.tokenUrl ?? GOOGLE_TOKEN_URL, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new BkperError("UNAVAILABLE", MESSAGES.googleUnreachable);
    }
    if (res.status === 400 || res.status === 401) throw signInAgain(); // invalid_grant: revoked or expired
    if (!res.ok) throw new BkperError("UNAVAILABLE", MESSAGES.googleStatus(res.status), { status: res.status });
    const parsed = tokenResponse.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new BkperError("BAD_RESPONSE", MESSAGES.googleUnreadable);
    const t = parsed.data;
    await this.opts.db.account.update({
      where: { provider_providerAccountId: { provider: row.provider, providerAccountId: row.providerAccountId } },
      data: {
        access_token: sealOAuthToken(row.provider, row.providerAccountId, "access_token", t.access_token),
        expires_at: Math.floor(this.now() / 1000) + t.expires_in,
        // Google may rotate the refresh token: keep the newest.
        ...(t.refresh_token ? { refresh_token: sealOAuthToken(row.provider, row.providerAccountId, "refresh_token", t.refresh_token) } : {}),
      },
    });
    return t.access_token;
  }
}
