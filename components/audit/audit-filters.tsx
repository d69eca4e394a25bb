import { AUDIT_ACTION_NAMES, actionLabel } from "@/lib/audit/actions";
import type { Translate } from "@/lib/i18n/translate";

type Props = {
  /** The page's own path: the form is a plain GET to it (works without JavaScript). */
  action: string;
  selected: { action?: string; connectionId?: string };
  connections?: { id: string; institution: string }[];
  t: Translate;
};

/** Filter the audit trail by action and, in a Book, by connection. */
export function AuditFilters({ action, selected, connections, t }: Props) {
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm" aria-label={t("audit.filters.label")}>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-600">{t("audit.filters.action")}</span>
        <select name="action" defaultValue={selected.action ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5">
          <option value="">{t("audit.filters.allActions")}</option>
          {AUDIT_ACTION_NAMES.map((value) => (
            <option key={value} value={value}>
              {actionLabel(value, t)}
            </option>
          ))}
        </select>
      </label>
      {connections ? (
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">{t("audit.filters.connection")}</span>
          <select name="connection" defaultValue={selected.connectionId ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">{t("audit.filters.allConnections")}</option>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.institution}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
        {t("audit.filters.submit")}
      </button>
      {selected.action || selected.connectionId ? (
        <a href={action} className="py-1.5 text-brand-700 underline">
          {t("audit.filters.clear")}
        </a>
      ) : null}
    </form>
  );
}
