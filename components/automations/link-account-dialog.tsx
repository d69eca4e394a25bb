"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition, type RefObject } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { useT } from "@/lib/i18n/client";
import { fieldTexts } from "@/lib/i18n/translate";
import { useDialogFocus } from "@/components/ui/use-dialog-focus";
import { PeriodFields } from "./period-fields";

type Choice = { id: string; name: string };

type Props = {
  bookId: string;
  institutionAccount: { id: string; label: string; proposedName: string; wantedType: "ASSET" | "LIABILITY" };
  minDate: string;
  maxDate: string;
  /** The Book's Accounts the link may use, asked when the dialog first opens (a large Book has thousands; a page has many dialogs). */
  choices: (raw: unknown) => Promise<ActionResult<Choice[]>>;
  action: (raw: unknown) => Promise<ActionResult<{ integrationId: string }>>;
};

/**
 * Link Account: the button only, until it is pressed. Then the dialog — choose or create the Book
 * Account, choose the period, Save — is rendered and its Account list fetched; it stays for the
 * next opening.
 */
export function LinkAccountDialog(props: Props) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [opened, setOpened] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => (opened ? dialog.current?.showModal() : setOpened(true))}
        className="rounded-md border border-brand-600 px-2 py-0.5 text-xs font-medium text-brand-700 hover:bg-brand-50">
        {t("linkAccount.button")}
      </button>
      {opened ? <LinkAccountForm {...props} dialog={dialog} /> : null}
    </>
  );
}

function LinkAccountForm({ bookId, institutionAccount, minDate, maxDate, choices, action, dialog }: Props & { dialog: RefObject<HTMLDialogElement | null> }) {
  const router = useRouter();
  const t = useT();
  // Before the effect below: the focus handling watches the dialog open.
  useDialogFocus(dialog);
  useEffect(() => {
    dialog.current?.showModal();
  }, [dialog]);
  const [choice, setChoice] = useState("new");
  const [bookAccounts, setBookAccounts] = useState<Choice[] | null>(null);
  const [result, setResult] = useState<{ message: string; fields?: Record<string, string> } | null>(null);
  const [pending, start] = useTransition();
  const id = `link-${institutionAccount.id}`;

  useEffect(() => {
    let current = true;
    void choices({ bookId, institutionAccountId: institutionAccount.id }).then(
      (r) => {
        if (!current) return;
        if (r.ok) setBookAccounts(r.data);
        else {
          setBookAccounts([]);
          setResult({ message: t.msg(r.message) });
        }
      },
      () => current && setBookAccounts([]),
    );
    return () => {
      current = false;
    };
  }, [bookId, choices, institutionAccount.id, t]);

  const submit = (data: FormData) =>
    start(async () => {
      const r = await action(data);
      if (r.ok) {
        dialog.current?.close();
        router.push(`/books/${bookId}/automations/integrations?linked=${r.data.integrationId}`);
      } else setResult({ message: t.msg(r.message), ...(r.fields ? { fields: fieldTexts(t, r.fields) } : {}) });
    });

  return (
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
          <select
            id={`${id}-account`}
            name="bookAccount"
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            aria-busy={bookAccounts === null}
            data-testid="link-book-accounts"
            className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm">
            <option value="new">{t(`linkAccount.createNew.${institutionAccount.wantedType}`)}</option>
            {(bookAccounts ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
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
  );
}
