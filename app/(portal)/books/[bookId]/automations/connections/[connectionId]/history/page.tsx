import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { parseAuditFilters } from "@/lib/audit/filters";
import { auditTimeLocale } from "@/lib/audit/format";
import { listConnectionHistory } from "@/lib/audit/query";
import { appContext, requireBookPage } from "@/lib/app-context";
import { en } from "@/lib/i18n/messages/en";
import { idSchema } from "@/lib/ids";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditNotes } from "@/components/audit/audit-notes";
import { AuditPager } from "@/components/audit/audit-pager";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/ui/empty-state";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await appContext().translator())("audit.historyMetaTitle") };
}

type SearchParams = Record<string, string | string[] | undefined>;

/** A connection's History: its events in every Book it reached — for its owner only (anyone else: not found). */
export default async function ConnectionHistoryPage({ params, searchParams }: { params: Promise<{ bookId: string; connectionId: string }>; searchParams: Promise<SearchParams> }) {
  const { bookId, connectionId } = await params;
  const path = `/books/${bookId}/automations/connections/${connectionId}/history`;
  const { user } = await requireBookPage(bookId, "VIEWER", path);
  if (!idSchema.safeParse(connectionId).success) notFound();
  const { filters, notes } = parseAuditFilters(await searchParams);
  const ctx = appContext();
  const db = await ctx.db();
  const history = await listConnectionHistory(db, user.id, connectionId, { action: filters.action, before: filters.before });
  if (!history) notFound();
  const book = await db.book.findUnique({ where: { id: bookId }, select: { locale: true } });
  const { connection, page } = history;
  const t = await ctx.translator();
  const title = t("connections.historyOf", { name: connection.institutionName });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-base font-semibold">{title}</h3>
        <Link href={`/books/${bookId}/automations/connections`} className="text-sm text-brand-700 underline">
          {t("audit.backToConnections")}
        </Link>
      </div>
      <p className="text-sm text-slate-600">{t("audit.historyIntro")}</p>
      <AuditNotes notes={notes.filter((n) => n !== en.audit.notes.connection)} t={t} />
      <AuditFilters action={path} selected={{ action: filters.action }} t={t} />
      {page.rows.length === 0 ? (
        <EmptyState title={t("audit.noEvents")}>{filters.action || filters.before ? t("audit.noMatchFilter") : t("audit.nothingForConnection")}</EmptyState>
      ) : (
        <AuditTable rows={page.rows} locale={auditTimeLocale(t.locale, book?.locale ?? "en-US")} institutions={new Map([[connection.id, connection.institutionName]])} showBook caption={title} t={t} />
      )}
      <AuditPager path={path} filters={{ action: filters.action }} next={page.next} paged={Boolean(filters.before)} t={t} />
    </div>
  );
}
