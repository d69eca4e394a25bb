"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { useT } from "@/lib/i18n/client";
import { fieldTexts } from "@/lib/i18n/translate";
import { useDialogFocus } from "@/components/ui/use-dialog-focus";
import { PeriodFields } from "./period-fields";

type Props = {
  bookId: string;
  institutionAccount: { id: string; label: string; proposedName: string; wantedType: "ASSET" | "LIABILITY" };
  bookAccounts: { id: string; name: string }[];
  minDate: string;
  maxDate: string;
  action: (raw: unknown) => Promise<ActionResult<{ integrationId: string }>>;
};

/** Link Account: choose or create the Book Account, choose the period, Save. */
export function LinkAccountDialog({ bookId, institutionAccount, bookAccounts, minDate, maxDate, action }: Props) {
  const router = useRouter();
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  useDialogFocus(dialog);
  const [choice, setChoice] = useState("new");
  // The Book's Accounts become options once the dialog is first opened: a large Book has thousands,
  // and a page shows many closed dialogs.
  const [opened, setOpened] = useState(false);
  const [result, setResult] = useState<{ message: string; fields?: Record<string, string> } | null>(null);
  const [pending, start] = useTransition();
  const id = `link-${institutionAccount.id}`;

  const submit = (data: FormData) =>
    start(async () => {
      const r = await action(data);
      if (r.ok) {
        dialog.current?.close();
        router.push(`/books/${bookId}/automations/integrations?linked=${r.data.integrationId}`);
      } else setResult({ message: t.msg(r.message), ...(r.fields ? { fields: fieldTexts(t, r.fields) } : {}) });
    });

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpened(true);
          dialog.current?.showModal();
        }}
        className="rounded-md border border-brand-600 px-2 py-0.5 text-xs font-medium text-brand-700 hover:bg-brand-50">
        {t("linkAccount.button")}
      </button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} className="m-auto w-full max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40">
        <form action={submit} className="space-y-4">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {t("linkAccount.title", { label: institutionAccount.label })}
          </h2>
          <input type="hidden" name="bookId" value={bookId} />
          <input type="hidden" name="institutionAccountId" value={institutionAccount.id} />
          <div>
            <label htmlFor={`${id}-account`} className="block text-sm font-medium text-slate-700">
              {t("linkAccount.bookAccount")}
            </label>
            <select id={`${id}-account`} name="bookAccount" value={choice} onChange={(e) => setChoice(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm">
              <option value="new">{t(`linkAccount.createNew.${institutionAccount.wantedType}`)}</option>
              {opened
                ? bookAccounts.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))
                : null}
            </select>
            {result?.fields?.bookAccount ? <p className="mt-1 text-sm text-red-700">{result.fields.bookAccount}</p> : null}
          </div>
          {choice === "new" ? (
            <div>
              <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-700">
                {t("linkAccount.newName")}
              </label>
              <input id={`${id}-name`} name="newAccountName" defaultValue={institutionAccount.proposedName} maxLength={120} required className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
              {result?.fields?.newAccountName ?? result?.fields?.name ? <p className="mt-1 text-sm text-red-700">{result?.fields?.newAccountName ?? result?.fields?.name}</p> : null}
            </div>
          ) : null}
          <PeriodFields idPrefix={id} minDate={minDate} maxDate={maxDate} error={result?.fields?.periodStart ?? result?.fields?.startDate} />
          <div className="flex items-start gap-2">
            <input id={`${id}-opening`} name="openingBalance" type="checkbox" className="mt-1" />
            <label htmlFor={`${id}-opening`} className="text-sm text-slate-700">
              {t("linkAccount.opening")}
            </label>
          </div>
          {result ? (
            <p role="alert" className="text-sm text-red-700">
              {result.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className="rounded-md border border-slate-300 px-4 py-1.5 text-sm">
              {t("common.cancel")}
            </button>
            <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
              {pending ? t("common.saving") : t("common.save")}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
