import type { Metadata } from "next";
import Link from "next/link";
import { AUDIT_VIEW_ROLE } from "@/lib/audit/access";
import { parseAuditFilters } from "@/lib/audit/filters";
import { auditTimeLocale } from "@/lib/audit/format";
import { bookAuditConnections, listBookAudit } from "@/lib/audit/query";
import { appContext, requireBookPage } from "@/lib/app-context";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditNotes } from "@/components/audit/audit-notes";
import { AuditPager } from "@/components/audit/audit-pager";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/ui/empty-state";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await appContext().translator())("audit.title") };
}

type SearchParams = Record<string, string | string[] | undefined>;

/** Settings → Audit trail: who did what, when, in this Book — Editors and the Owner only. */
export default async function AuditTrailPage({ params, searchParams }: { params: Promise<{ bookId: string }>; searchParams: Promise<SearchParams> }) {
  const { bookId } = await params;
  const path = `/books/${bookId}/settings/audit`;
  await requireBookPage(bookId, AUDIT_VIEW_ROLE, path);
  const { filters, notes } = parseAuditFilters(await searchParams);
  const ctx = appContext();
  const db = await ctx.db();
  const t = await ctx.translator();
  const [book, connections, page] = await Promise.all([
    db.book.findUnique({ where: { id: bookId }, select: { locale: true } }),
    bookAuditConnections(db, bookId),
    listBookAudit(db, bookId, filters),
  ]);
  const institutions = new Map(connections.map((c) => [c.id, c.institution]));
  const selected = { action: filters.action, connection: filters.connectionId };
  return (
    <main className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">{t("audit.title")}</h2>
        <Link href={`/books/${bookId}/settings`} className="text-sm text-brand-700 underline">
          {t("bookSettings.title")}
        </Link>
      </div>
      <p className="text-sm text-slate-600">{t("audit.intro")}</p>
      <AuditNotes notes={notes} t={t} />
      <AuditFilters action={path} selected={{ action: filters.action, connectionId: filters.connectionId }} connections={connections} t={t} />
      {page.rows.length === 0 ? (
        <EmptyState title={t("audit.noEvents")}>{filters.action || filters.connectionId || filters.before ? t("audit.noMatchFilters") : t("audit.nothingInBook")}</EmptyState>
      ) : (
        <AuditTable rows={page.rows} locale={auditTimeLocale(t.locale, book?.locale ?? "en-US")} institutions={institutions} caption={t("audit.title")} t={t} />
      )}
      <AuditPager path={path} filters={selected} next={page.next} paged={Boolean(filters.before)} t={t} />
    </main>
  );
}
