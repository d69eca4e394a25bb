"use server";

import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { SANDBOX_PROVIDER_ID } from "@/lib/auth/config";
import { endAllSessions } from "@/lib/auth/session-records";
import { appContext } from "@/lib/app-context";
import { getConfig } from "@/lib/config";
import { isMessageKey } from "@/lib/i18n/stored";
import { msg, type Message } from "@/lib/i18n/translate";
import { tooManyAttempts } from "@/lib/security/rate-limit";
import { isSignInRateLimited } from "@/lib/rate-limits/sign-in";

export type SignInState = { error?: Message; email?: string };

const input = z.object({
  email: z.string().trim().toLowerCase().email("server.invalidEmail").max(254, "server.emailTooLong"),
  callbackUrl: z.string().optional(),
});

export async function signInWithEmail(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const raw = { email: String(formData.get("email") ?? ""), callbackUrl: String(formData.get("callbackUrl") ?? "") };
  if (!getConfig().sandboxSignIn) return { error: msg("server.emailSignInOff"), email: raw.email };
  const parsed = input.safeParse(raw);
  if (!parsed.success) {
    const said = parsed.error.issues[0]?.message ?? "";
    return { error: isMessageKey(said) ? msg(said) : msg("server.invalidEmailShort"), email: raw.email };
  }
  try {
    await signIn(SANDBOX_PROVIDER_ID, { email: parsed.data.email, redirectTo: safeCallbackUrl(parsed.data.callbackUrl) });
  } catch (err) {
    unstable_rethrow(err);
    if (isSignInRateLimited(err)) return { error: tooManyAttempts(err.retryAfterSeconds ?? 60), email: raw.email };
    return { error: msg("server.signInFailed"), email: raw.email };
  }
  return {};
}

export async function signInWithGoogle(formData: FormData): Promise<void> {
  await signIn("google", { redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}

/** Ends every session of the signed-in user (other browsers and devices too), then this one. */
export async function signOutEverywhereAction(): Promise<void> {
  const ctx = appContext();
  const user = await ctx.sessionUser();
  if (user) await endAllSessions(await ctx.db(), user.id);
  await signOut({ redirectTo: "/signin" });
}
