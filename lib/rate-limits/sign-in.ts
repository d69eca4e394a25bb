import { CredentialsSignin } from "@auth/core/errors";
import { getConfig } from "@/lib/config";
import { clientIp } from "@/lib/security/client-ip";
import { limiter } from "./limits";

/** Thrown from a Credentials provider's authorize(): Auth.js passes `code` on to the sign-in page. */
export class SignInRateLimited extends CredentialsSignin {
  override code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super(`sign-in rate limited (retry in ${retryAfterSeconds} s)`);
  }
}

type HeaderSource = { get(name: string): string | null };

/**
 * Sign-in attempts: RATE_LIMIT_SIGNIN_IP_PER_MINUTE per client address and
 * RATE_LIMIT_SIGNIN_PER_MINUTE per e-mail address. Checked where Auth.js authorizes, so the form's
 * server action and a direct POST to /api/auth/callback/* count alike.
 */
export async function enforceSignInLimits(email: string, headers: HeaderSource | undefined): Promise<void> {
  const ip = headers ? clientIp(headers, getConfig().trustProxy) : "unknown";
  const byIp = await limiter("signInIp").hit(`ip:${ip}`);
  if (!byIp.ok) throw new SignInRateLimited(byIp.retryAfterSeconds);
  const byEmail = await limiter("signInEmail").hit(`email:${email.toLowerCase()}`);
  if (!byEmail.ok) throw new SignInRateLimited(byEmail.retryAfterSeconds);
}

export function isSignInRateLimited(err: unknown): err is CredentialsSignin & { retryAfterSeconds?: number } {
  return err instanceof CredentialsSignin && err.code === "rate_limited";
}
