import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getSessionUser } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { DEMO_USERS } from "@/lib/db/seed";
import { signInWithGoogle } from "./actions";
import { DemoUserButton, EmailSignInForm } from "./email-form";

export const metadata: Metadata = { title: "Sign in" };

const AUTH_ERRORS: Record<string, string> = {
  CredentialsSignin: "We could not sign you in with that address. Please check it and try again.",
  OAuthAccountNotLinked: "That Google account is linked to another user here.",
  AccessDenied: "Sign-in was cancelled or refused.",
  Configuration: "Sign-in is not configured correctly on this server. The operator can see the details in the server log.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const config = getConfig();
  const errorCode = typeof params.error === "string" ? params.error : undefined;
  const error = errorCode ? (AUTH_ERRORS[errorCode] ?? "Sign-in failed. Please try again.") : undefined;

  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <h1 className="text-2xl font-semibold">Sign in to Bank Connections</h1>
      <p className="mt-2 text-sm text-slate-600">Connect banks and credit cards to your Books.</p>
      {error ? (
        <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <div className="mt-8 space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {config.google ? (
          <form action={signInWithGoogle}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <button type="submit" className="w-full rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50">
              Sign in with Google
            </button>
          </form>
        ) : null}
        {config.sandboxSignIn ? (
          <>
            <section aria-labelledby="sandbox-heading">
              <h2 id="sandbox-heading" className="mb-1 text-sm font-semibold">
                Sandbox sign-in
              </h2>
              <p className="mb-3 text-xs text-slate-500">This server runs the embedded sandbox: any address signs in, no password.</p>
              <EmailSignInForm callbackUrl={callbackUrl} />
            </section>
            <section aria-labelledby="demo-heading">
              <h2 id="demo-heading" className="mb-2 text-sm font-semibold">
                Demo users
              </h2>
              <ul className="space-y-2">
                {DEMO_USERS.map((u) => (
                  <li key={u.email}>
                    <DemoUserButton email={u.email} name={u.name} note={u.role} callbackUrl={callbackUrl} />
                  </li>
                ))}
              </ul>
            </section>
          </>
        ) : null}
        {!config.google && !config.sandboxSignIn ? (
          <p className="text-sm text-slate-700">No sign-in method is configured. The operator must set AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET.</p>
        ) : null}
      </div>
    </main>
  );
}
