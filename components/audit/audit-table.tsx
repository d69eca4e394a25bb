import { actionLabel } from "@/lib/audit/actions";
import { DataTable } from "@/components/ui/data-table";
import { describeAudit } from "@/lib/audit/describe";
import { actorName, auditTime } from "@/lib/audit/format";
import type { AuditRow } from "@/lib/audit/query";
import type { Translate } from "@/lib/i18n/translate";

type Props = {
  rows: AuditRow[];
  /** The locale the times are written in (lib/audit/format.ts's auditTimeLocale). */
  locale: string;
  /** Institution names of the connections known to the page (a disconnected one falls back to the event's own). */
  institutions: Map<string, string>;
  /** Show the Book column (a connection's history spans Books). */
  showBook?: boolean;
  caption: string;
  t: Translate;
};

/** The audit trail as a table: time (UTC), who, what, which connection, the details in words. */
export function AuditTable({ rows, locale, institutions, showBook = false, caption, t }: Props) {
  return (
    <DataTable
      variant="boxed"
      label={caption}
      columns={[
        { key: "time", label: t("audit.table.time") },
        { key: "who", label: t("audit.table.who") },
        { key: "action", label: t("audit.table.action") },
        { key: "connection", label: t("audit.table.connection") },
        showBook && { key: "book", label: t("audit.table.book") },
        { key: "details", label: t("audit.table.details") },
      ]}
    >
        {rows.map((e) => {
          const who = actorName(e.actor, t);
          const institution = (e.connectionId && institutions.get(e.connectionId)) || (typeof e.details.institution === "string" ? e.details.institution : null);
          return (
            <tr key={e.id} className="border-b border-slate-100 align-top" data-testid="audit-row" data-action={e.action}>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                <time dateTime={e.at.toISOString()}>{auditTime(e.at, locale)}</time>
              </td>
              <td className="px-3 py-2">
                <span className="font-medium">{who.name}</span>
                {who.email && who.email !== who.name ? <span className="block text-xs text-slate-500">{who.email}</span> : null}
              </td>
              <td className="px-3 py-2">{actionLabel(e.action, t)}</td>
              <td className="px-3 py-2">{institution ?? "—"}</td>
              {showBook ? <td className="px-3 py-2">{e.bookName ?? (typeof e.details.book === "string" ? e.details.book : "—")}</td> : null}
              <td className="px-3 py-2 text-slate-700">{describeAudit(e.action, e.details, t)}</td>
            </tr>
          );
        })}
    </DataTable>
  );
}
