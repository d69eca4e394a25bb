"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/auth/action";
import type { BookTransaction } from "@/lib/books/types";
import { useT } from "@/lib/i18n/client";
import { CompleteDialog, type AccountOption } from "./complete-dialog";

export type WorkbenchActions = {
  edit: (raw: unknown) => Promise<ActionResult<BookTransaction>>;
  post: (raw: unknown) => Promise<ActionResult<{ done: boolean }>>;
  check: (raw: unknown) => Promise<ActionResult<{ done: boolean }>>;
  uncheck: (raw: unknown) => Promise<ActionResult<{ done: boolean }>>;
  trash: (raw: unknown) => Promise<ActionResult<{ done: boolean }>>;
  restore: (raw: unknown) => Promise<ActionResult<{ done: boolean }>>;
};
/** What the reader's role allows (lib/auth/roles canDo), worked out on the server. */
export type Allowed = { complete: boolean; post: boolean; check: boolean; uncheck: boolean; editPosted: boolean; trash: boolean; restore: boolean };

/** The suggester's other Account for a one-sided draft (lib/books/suggestions/), with its name. */
export type RowSuggestion = { accountId: string; accountName: string; confidence: number };

type Props = { bookId: string; tx: BookTransaction; accounts: AccountOption[]; allowed: Allowed; actions: WorkbenchActions; suggestion?: RowSuggestion };

/** The buttons a row gets for its state and the reader's role; results and refusals are announced in the row. */
export function RowActions({ bookId, tx, accounts, allowed, actions, suggestion }: Props) {
  const t = useT();
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const run = (kind: Exclude<keyof WorkbenchActions, "edit">) =>
    start(async () => {
      const r = await actions[kind]({ bookId, transactionId: tx.id });
      setMessage(r.ok ? { ok: true, text: t(`workbench.done.${kind}`) } : { ok: false, text: t.msg(r.message) });
      if (r.ok) router.refresh();
    });
  const button = (kind: Exclude<keyof WorkbenchActions, "edit">) => (
    <button key={kind} type="button" disabled={pending} onClick={() => run(kind)} className="rounded border border-slate-300 px-2 py-0.5 text-xs font-medium hover:bg-slate-100 disabled:opacity-60">
      {t(`workbench.${kind}`)}
    </button>
  );
  // Accepting is completing: the same action as the Complete dialog's Save, with the suggested Account on the empty side.
  const accept = (s: RowSuggestion) =>
    start(async () => {
      const r = await actions.edit({ bookId, transactionId: tx.id, date: tx.date, amount: tx.amount, description: tx.description, creditAccountId: tx.creditAccountId ?? s.accountId, debitAccountId: tx.debitAccountId ?? s.accountId, suggested: "1" });
      setMessage(r.ok ? { ok: true, text: t("suggestions.accepted", { name: s.accountName }) } : { ok: false, text: t.msg(r.message) });
      if (r.ok) router.refresh();
    });
  const complete = Boolean(tx.creditAccountId && tx.debitAccountId);
  const offered = !tx.posted && !tx.trashed && !complete && allowed.complete ? suggestion : undefined;
  const items: ReactNode[] = [];
  if (offered) {
    items.push(
      <span key="suggestion" className="flex basis-full flex-wrap items-center gap-1 text-xs" data-testid="suggestion">
        <span className="text-slate-600">{t("suggestions.suggested", { name: offered.accountName, percent: Math.round(offered.confidence * 100) })}</span>
        <button type="button" disabled={pending} onClick={() => accept(offered)} className="rounded bg-brand-600 px-2 py-0.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {t("suggestions.accept")}
        </button>
      </span>,
    );
  }
  if (tx.trashed) {
    if (allowed.restore) items.push(button("restore"));
  } else if (!tx.posted) {
    if (allowed.complete) items.push(<CompleteDialog key="complete" bookId={bookId} tx={tx} accounts={accounts} canPost={allowed.post} action={actions.edit} onDone={() => router.refresh()} suggestion={offered} />);
    if (allowed.post && complete) items.push(button("post"));
    if (allowed.trash) items.push(button("trash"));
  } else if (!tx.checked) {
    if (allowed.editPosted) items.push(<CompleteDialog key="edit" bookId={bookId} tx={tx} accounts={accounts} canPost={false} action={actions.edit} onDone={() => router.refresh()} />);
    if (allowed.check) items.push(button("check"));
    if (allowed.trash) items.push(button("trash"));
  } else if (allowed.uncheck) items.push(button("uncheck"));
  return (
    <div className="flex flex-wrap items-center gap-1">
      {items}
      {/* Only a row that was acted on gets a live region: 50 empty ones would crowd the page's own status. */}
      {message ? (
        <span role="status" aria-live="polite" className={`text-xs ${message.ok ? "text-emerald-700" : "text-red-700"}`}>
          {message.text}
        </span>
      ) : null}
    </div>
  );
}
