"use client";

import { useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import type { BookTransaction } from "@/lib/books/types";
import { useT } from "@/lib/i18n/client";
import { fieldTexts } from "@/lib/i18n/translate";
import { useDialogFocus } from "@/components/ui/use-dialog-focus";

export type AccountOption = { id: string; name: string };
type Tx = Pick<BookTransaction, "id" | "date" | "amount" | "description" | "creditAccountId" | "debitAccountId" | "posted">;

type Props = {
  bookId: string;
  tx: Tx;
  accounts: AccountOption[];
  /** May post right after saving (POSTER and up): shows "Save and post". */
  canPost: boolean;
  action: (raw: unknown) => Promise<ActionResult<BookTransaction>>;
  onDone: () => void;
  /**
   * The Account the suggester proposes for the empty side (lib/books/suggestions/). When given it is
   * preselected; the person still saves (or changes it) themselves.
   */
  suggestion?: { accountId: string };
};

/**
 * Complete a draft (choose the other Account — From when the bank put its Account on the To side, To
 * when on the From side — and edit description, date, amount), or edit a posted transaction (both
 * sides). A native modal dialog: focus inside, Escape closes, focus returns to the opener.
 */
export function CompleteDialog({ bookId, tx, accounts, canPost, action, onDone, suggestion }: Props) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  useDialogFocus(dialog);
  const [opened, setOpened] = useState(false);
  const [result, setResult] = useState<{ message: string; fields?: Record<string, string> } | null>(null);
  const [pending, start] = useTransition();
  const id = `complete-${tx.id}`;
  const name = new Map(accounts.map((a) => [a.id, a.name]));
  // A draft with one side: that side is the bank's and stays; the other is chosen here.
  const bankSide = !tx.posted && (tx.creditAccountId === null) !== (tx.debitAccountId === null) ? (tx.creditAccountId ? "credit" : "debit") : null;

  const submit = (data: FormData) =>
    start(async () => {
      const r = await action(data);
      if (r.ok) {
        setResult(null);
        dialog.current?.close();
        onDone();
      } else setResult({ message: t.msg(r.message), ...(r.fields ? { fields: fieldTexts(t, r.fields) } : {}) });
    });

  const select = (side: "credit" | "debit", label: string, current: string | null) => (
    <div>
      <label htmlFor={`${id}-${side}`} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        // Remounted when the options arrive: an uncontrolled select applies its defaultValue (the current
        // or suggested Account) only on mount, and its options are rendered once the dialog is first opened.
        key={opened ? "open" : "closed"}
        id={`${id}-${side}`}
        name={side === "credit" ? "creditAccountId" : "debitAccountId"}
        defaultValue={current ?? (bankSide ? (suggestion?.accountId ?? "") : "")}
        required={bankSide !== null || tx.posted}
        data-autofocus={current === null ? true : undefined}
        aria-invalid={result?.fields?.account ? true : undefined}
        className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm">
        <option value="">{t("workbench.chooseAccount")}</option>
        {opened ? accounts.map((a) => <option key={a.id} value={a.id}>{a.name}</option>) : current ? <option value={current}>{name.get(current) ?? current}</option> : null}
      </select>
    </div>
  );

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpened(true);
          dialog.current?.showModal();
        }}
        className="rounded border border-brand-600 px-2 py-0.5 text-xs font-medium text-brand-700 hover:bg-brand-50">
        {tx.posted ? t("workbench.edit") : t("workbench.complete")}
      </button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} className="m-auto w-full max-w-md rounded-lg p-6 text-left shadow-xl backdrop:bg-slate-900/40">
        <form action={submit} className="space-y-3">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {tx.posted ? t("workbench.editTitle") : t("workbench.completeTitle")}
          </h2>
          <input type="hidden" name="bookId" value={bookId} />
          <input type="hidden" name="transactionId" value={tx.id} />
          {bankSide === "credit" ? (
            <>
              <input type="hidden" name="creditAccountId" value={tx.creditAccountId ?? ""} />
              <p className="text-sm">{t("workbench.bankFrom", { name: name.get(tx.creditAccountId ?? "") ?? "—" })}</p>
              {select("debit", t("workbench.otherTo"), null)}
            </>
          ) : bankSide === "debit" ? (
            <>
              {select("credit", t("workbench.otherFrom"), null)}
              <input type="hidden" name="debitAccountId" value={tx.debitAccountId ?? ""} />
              <p className="text-sm">{t("workbench.bankTo", { name: name.get(tx.debitAccountId ?? "") ?? "—" })}</p>
            </>
          ) : (
            <>
              {select("credit", t("workbench.from"), tx.creditAccountId)}
              {select("debit", t("workbench.to"), tx.debitAccountId)}
            </>
          )}
          {result?.fields?.account ? <p className="text-xs text-red-700">{result.fields.account}</p> : null}
          <div>
            <label htmlFor={`${id}-description`} className="block text-sm font-medium text-slate-700">
              {t("workbench.description")}
            </label>
            <input id={`${id}-description`} name="description" defaultValue={tx.description} maxLength={1000} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm" />
          </div>
          <div className="flex gap-3">
            <div className="flex-1">
              <label htmlFor={`${id}-date`} className="block text-sm font-medium text-slate-700">
                {t("workbench.date")}
              </label>
              <input id={`${id}-date`} name="date" type="date" required defaultValue={tx.date} aria-invalid={result?.fields?.date ? true : undefined} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm" />
              {result?.fields?.date ? <p className="mt-1 text-xs text-red-700">{result.fields.date}</p> : null}
            </div>
            <div className="flex-1">
              <label htmlFor={`${id}-amount`} className="block text-sm font-medium text-slate-700">
                {t("workbench.amount")}
              </label>
              <input id={`${id}-amount`} name="amount" inputMode="decimal" required defaultValue={tx.amount} aria-invalid={result?.fields?.amount ? true : undefined} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm tabular-nums" />
              {result?.fields?.amount ? <p className="mt-1 text-xs text-red-700">{result.fields.amount}</p> : null}
            </div>
          </div>
          <p role="alert" className="text-sm text-red-700">
            {result?.message ?? ""}
          </p>
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
              {t("workbench.cancel")}
            </button>
            <button type="submit" name="post" value="" disabled={pending} className="rounded-md border border-brand-600 px-3 py-1.5 text-sm font-medium text-brand-700 disabled:opacity-60">
              {pending ? t("workbench.saving") : t("workbench.save")}
            </button>
            {canPost && !tx.posted ? (
              <button type="submit" name="post" value="1" disabled={pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
                {t("workbench.saveAndPost")}
              </button>
            ) : null}
          </div>
        </form>
      </dialog>
    </>
  );
}
