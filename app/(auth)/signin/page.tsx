import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { appContext } from "@/lib/app-context";
import { getConfig } from "@/lib/config";
import { DEMO_USERS } from "@/lib/db/seed";
import { getT } from "@/lib/i18n/server";
import { LanguageSwitch } from "@/components/ui/language-switch";
import { signInWithGoogle } from "./actions";
import { DemoUserButton, EmailSignInForm } from "./email-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("signin.metaTitle") };
}

const AUTH_ERRORS = ["CredentialsSignin", "OAuthAccountNotLinked", "AccessDenied", "Configuration"] as const;

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await appContext().sessionUser()) redirect(callbackUrl);
  const config = getConfig();
  const t = await getT();
  const errorCode = typeof params.error === "string" ? params.error : undefined;
  const known = AUTH_ERRORS.find((c) => c === errorCode);
  const error = errorCode ? t(known ? `signin.errors.${known}` : "signin.errors.fallback") : undefined;

  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <header className="mb-6 flex justify-end">
        <LanguageSwitch />
      </header>
      <h1 className="text-2xl font-semibold">{t("signin.title")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("signin.subtitle")}</p>
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
              {t("signin.google")}
            </button>
          </form>
        ) : null}
        {config.sandboxSignIn ? (
          <>
            <section aria-labelledby="sandbox-heading">
              <h2 id="sandbox-heading" className="mb-1 text-sm font-semibold">
                {t("signin.sandboxHeading")}
              </h2>
              <p className="mb-3 text-xs text-slate-500">{t("signin.sandboxNote")}</p>
              <EmailSignInForm callbackUrl={callbackUrl} />
            </section>
            <section aria-labelledby="demo-heading">
              <h2 id="demo-heading" className="mb-2 text-sm font-semibold">
                {t("signin.demoHeading")}
              </h2>
              <ul className="space-y-2">
                {DEMO_USERS.map((u) => {
                  const noteKey = `signin.demoNotes.${u.email.split("@")[0]}`;
                  return (
                    <li key={u.email}>
                      <DemoUserButton email={u.email} name={u.name} note={t.has(noteKey) ? t(noteKey) : u.role} callbackUrl={callbackUrl} />
                    </li>
                  );
                })}
              </ul>
            </section>
          </>
        ) : null}
        {!config.google && !config.sandboxSignIn ? (
          <p className="text-sm text-slate-700">{t("signin.noMethod")}</p>
        ) : null}
      </div>
    </main>
  );
}
