"use server";

import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { SANDBOX_PROVIDER_ID } from "@/lib/auth/config";
import { getConfig } from "@/lib/config";
import { tooManyAttemptsMessage } from "@/lib/security/rate-limit";
import { isSignInRateLimited } from "@/lib/security/sign-in-limit";

export type SignInState = { error?: string; email?: string };

const input = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address, like name@example.com.").max(254, "That address is too long."),
  callbackUrl: z.string().optional(),
});

export async function signInWithEmail(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const raw = { email: String(formData.get("email") ?? ""), callbackUrl: String(formData.get("callbackUrl") ?? "") };
  if (!getConfig().sandboxSignIn) return { error: "Email sign-in is turned off on this server. Use Google.", email: raw.email };
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Enter a valid email address.", email: raw.email };
  try {
    await signIn(SANDBOX_PROVIDER_ID, { email: parsed.data.email, redirectTo: safeCallbackUrl(parsed.data.callbackUrl) });
  } catch (err) {
    unstable_rethrow(err);
    if (isSignInRateLimited(err)) return { error: tooManyAttemptsMessage(err.retryAfterSeconds ?? 60), email: raw.email };
    return { error: "We could not sign you in. Please try again.", email: raw.email };
  }
  return {};
}

export async function signInWithGoogle(formData: FormData): Promise<void> {
  await signIn("google", { redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
