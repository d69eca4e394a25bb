"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import type { TransferView } from "@/lib/integrations/transfers/read";
import { useT } from "@/lib/i18n/client";

export type TransferActions = {
  split: (raw: unknown) => Promise<ActionResult<{ done: boolean }>>;
  accept: (raw: unknown) => Promise<ActionResult<{ done: boolean }>>;
  reject: (raw: unknown) => Promise<ActionResult<{ done: boolean }>>;
};

type Props = {
  bookId: string;
  views: TransferView[];
  /** Account id → name, for the words. */
  names: Record<string, string>;
  /** Dates as the table shows them, per ISO day. */
  dates: Record<string, string>;
  /** EDITOR or OWNER: may split a draft transfer, accept or reject a suggestion. */
  canDecide: boolean;
  /** The transaction is a draft (only a draft transfer can be split). */
  draft: boolean;
  actions: TransferActions;
};

/**
 * Under a transaction's description: "Transfer Checking → Card" for a movement recorded from both
 * integrations (with Split), or the suggested other side of a possible transfer (Record as one
 * transfer / Keep separate). Results and refusals are announced in place.
 */
export function TransferNote({ bookId, views, names, dates, canDecide, draft, actions }: Props) {
  const t = useT();
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const run = (kind: keyof TransferActions, pairId: string, done: string) =>
    start(async () => {
      const r = await actions[kind]({ bookId, pairId });
      setMessage(r.ok ? { ok: true, text: done } : { ok: false, text: t.msg(r.message) });
      if (r.ok) router.refresh();
    });
  const button = (label: string, onClick: () => void) => (
    <button type="button" disabled={pending} onClick={onClick} className="rounded border border-slate-300 px-2 py-0.5 text-xs font-medium hover:bg-slate-100 disabled:opacity-60">
      {label}
    </button>
  );
  const name = (id: string | null) => (id ? (names[id] ?? "—") : "—");
  return (
    <div className="mt-1 space-y-1 text-xs">
      {views.map((v) =>
        v.kind === "paired" ? (
          <div key={v.pairId} className="flex flex-wrap items-center gap-2">
            <span className="rounded bg-sky-50 px-1.5 py-0.5 text-sky-800">{t("transfers.between", { from: name(v.fromAccountId), to: name(v.toAccountId) })}</span>
            {canDecide && draft ? button(t("transfers.split"), () => run("split", v.pairId, t("transfers.splitDone"))) : null}
          </div>
        ) : (
          <div key={v.pairId} className="flex flex-wrap items-center gap-2">
            <span className="text-slate-600">{t("transfers.suggested", { description: v.other.description, date: dates[v.other.date] ?? v.other.date, account: name(v.other.accountId) })}</span>
            {canDecide ? (
              <>
                {button(t("transfers.accept"), () => run("accept", v.pairId, t("transfers.accepted")))}
                {button(t("transfers.reject"), () => run("reject", v.pairId, t("transfers.rejected")))}
              </>
            ) : null}
          </div>
        ),
      )}
      {message ? (
        <span role="status" aria-live="polite" className={message.ok ? "text-emerald-700" : "text-red-700"}>
          {message.text}
        </span>
      ) : null}
    </div>
  );
}
