"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import type { BookAccount } from "@/lib/books/types";
import { useT } from "@/lib/i18n/client";
import { fieldTexts } from "@/lib/i18n/translate";

type State = ActionResult<BookAccount> | null;

export function NewAccountForm({ bookId, action }: { bookId: string; action: (raw: unknown) => Promise<ActionResult<BookAccount>> }) {
  const [state, formAction, pending] = useActionState<State, FormData>(async (_prev, data) => action(data), null);
  const t = useT();
  const fields = fieldTexts(t, state && !state.ok ? state.fields : undefined);
  return (
    <form action={formAction} className="space-y-2 rounded-lg border border-slate-200 bg-white p-3" aria-labelledby="new-account-heading">
      <h3 id="new-account-heading" className="text-sm font-semibold">
        {t("newAccount.heading")}
      </h3>
      <input type="hidden" name="bookId" value={bookId} />
      <div>
        <label htmlFor="account-name" className="block text-xs font-medium text-slate-700">
          {t("newAccount.name")}
        </label>
        <input id="account-name" name="name" required maxLength={120} aria-invalid={fields?.name ? true : undefined} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm" />
        {fields?.name ? <p className="mt-1 text-xs text-red-700">{fields.name}</p> : null}
      </div>
      <div>
        <label htmlFor="account-type" className="block text-xs font-medium text-slate-700">
          {t("newAccount.type")}
        </label>
        <select id="account-type" name="type" defaultValue="ASSET" className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm">
          <option value="ASSET">{t("newAccount.types.ASSET")}</option>
          <option value="LIABILITY">{t("newAccount.types.LIABILITY")}</option>
          <option value="INCOMING">{t("newAccount.types.INCOMING")}</option>
          <option value="OUTGOING">{t("newAccount.types.OUTGOING")}</option>
        </select>
      </div>
      <button type="submit" disabled={pending} className="w-full rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? t("newAccount.creating") : t("newAccount.create")}
      </button>
      <p role="status" aria-live="polite" className="text-xs">
        {state?.ok ? <span className="text-emerald-700">{t("newAccount.created", { name: state.data.name })}</span> : null}
        {state && !state.ok ? <span className="text-red-700">{t.msg(state.message)}</span> : null}
      </p>
    </form>
  );
}
