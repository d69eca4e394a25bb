"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { formatDay } from "@/lib/format/ui-dates";
import { useT } from "@/lib/i18n/client";
import { fieldTexts } from "@/lib/i18n/translate";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useLazyDialog } from "@/components/ui/use-lazy-dialog";
import { PeriodFields } from "./period-fields";

type Props = {
  bookId: string;
  integrationId: string;
  label: string;
  /** The integration's auto-check setting, as saved. */
  autoCheck: boolean;
  minDate: string;
  maxDate: string;
  saveConfiguration: (raw: unknown) => Promise<ActionResult<{ integrationId: string; periodStart: string }>>;
  remove: (raw: unknown) => Promise<ActionResult<{ integrationId: string }>>;
};

/** Change the period → Save Configuration; Remove → Yes. Editors and Owners only. */
export function IntegrationControls({ bookId, integrationId, label, autoCheck, minDate, maxDate, saveConfiguration, remove }: Props) {
  const router = useRouter();
  const t = useT();
  const dialog = useLazyDialog();
  const [message, setMessage] = useState<{ ok: boolean; text: string; fields?: Record<string, string> } | null>(null);
  const [pending, start] = useTransition();
  const id = `cfg-${integrationId}`;

  const save = (data: FormData) =>
    start(async () => {
      const r = await saveConfiguration(data);
      if (r.ok) {
        setMessage({ ok: true, text: t("integrations.saved", { date: formatDay(r.data.periodStart, t.locale) }) });
        router.refresh();
      } else setMessage({ ok: false, text: t.msg(r.message), ...(r.fields ? { fields: fieldTexts(t, r.fields) } : {}) });
    });

  const confirmRemove = () =>
    start(async () => {
      const r = await remove({ bookId, integrationId });
      dialog.ref.current?.close();
      if (r.ok) router.refresh();
      else setMessage({ ok: false, text: t.msg(r.message) });
    });

  return (
    <div className="mt-3 border-t border-slate-100 pt-3">
      <form action={save} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="bookId" value={bookId} />
        <input type="hidden" name="integrationId" value={integrationId} />
        <div className="min-w-64">
          <PeriodFields idPrefix={id} defaultPeriod="last12m" minDate={minDate} maxDate={maxDate} error={message?.fields?.periodStart ?? message?.fields?.startDate} />
        </div>
        <div className="basis-full">
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="autoCheck" value="on" defaultChecked={autoCheck} aria-describedby={`${id}-auto-help`} className="mt-0.5" />
            <span>{t("integrations.autoCheck")}</span>
          </label>
          <p id={`${id}-auto-help`} className="ml-6 text-xs text-slate-500">
            {t("integrations.autoCheckHelp")}
          </p>
        </div>
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {t("integrations.saveConfiguration")}
        </button>
        <button type="button" onClick={() => dialog.open()} disabled={pending} className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50">
          {t("integrations.remove")}
        </button>
      </form>
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`mt-2 text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}`}>
          {message.text}
        </p>
      ) : null}
      {dialog.mounted ? (
        <ConfirmDialog dialogRef={dialog.ref} id={`${id}-remove`} title={t("integrations.removeTitle", { label })} onYes={confirmRemove} busy={pending}>
          {t("integrations.removeBody")}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
