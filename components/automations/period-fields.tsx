"use client";

import { useState } from "react";
import { formatDay } from "@/lib/format/ui-dates";
import { useT } from "@/lib/i18n/client";
import { PERIODS } from "@/lib/integrations/rules";

/** The period of historical data: a preset, or a start date (limited to the provider's history). */
export function PeriodFields({ idPrefix, defaultPeriod = "last90", minDate, maxDate, error }: { idPrefix: string; defaultPeriod?: string; minDate: string; maxDate: string; error?: string }) {
  const t = useT();
  const [period, setPeriod] = useState(defaultPeriod);
  return (
    <div className="space-y-2">
      <div>
        <label htmlFor={`${idPrefix}-period`} className="block text-sm font-medium text-slate-700">
          {t("period.label")}
        </label>
        <select id={`${idPrefix}-period`} name="period" value={period} onChange={(e) => setPeriod(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm">
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`period.choices.${p}`)}
            </option>
          ))}
          <option value="custom">{t("period.custom")}</option>
        </select>
      </div>
      {period === "custom" ? (
        <div>
          <label htmlFor={`${idPrefix}-start`} className="block text-sm font-medium text-slate-700">
            {t("period.startDate")}
          </label>
          <input id={`${idPrefix}-start`} name="startDate" type="date" min={minDate} max={maxDate} required className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        </div>
      ) : null}
      <p className="text-xs text-slate-500">{t("period.historyFrom", { date: formatDay(minDate, t.locale) })}</p>
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
