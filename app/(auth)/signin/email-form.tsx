"use client";

import { useActionState } from "react";
import { useT } from "@/lib/i18n/client";
import { signInWithEmail, type SignInState } from "./actions";

export function EmailSignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithEmail, {});
  const t = useT();
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          {t("signin.email")}
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email}
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? "email-error" : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600"
          placeholder={t("signin.emailPlaceholder")}
        />
        {state.error ? (
          <p id="email-error" role="alert" className="mt-1 text-sm text-red-700">
            {t.msg(state.error)}
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? t("signin.submitting") : t("signin.submit")}
      </button>
    </form>
  );
}

export function DemoUserButton({ email, name, note, callbackUrl }: { email: string; name: string; note: string; callbackUrl: string }) {
  const [, action, pending] = useActionState<SignInState, FormData>(signInWithEmail, {});
  const t = useT();
  return (
    <form action={action}>
      <input type="hidden" name="email" value={email} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button
        type="submit"
        disabled={pending}
        aria-label={t("signin.signInAs", { name })}
        className="flex w-full items-center justify-between rounded-md border border-slate-200 bg-white px-3 py-2 text-left text-sm hover:border-brand-600 hover:bg-brand-50 disabled:opacity-60"
      >
        <span>
          <span className="block font-medium">{t("signin.signInAs", { name })}</span>
          <span className="block text-xs text-slate-500">
            {email} — {note}
          </span>
        </span>
        <span aria-hidden="true">→</span>
      </button>
    </form>
  );
}
