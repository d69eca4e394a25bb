import Link from "next/link";
import { auditQuery } from "@/lib/audit/filters";
import type { Translate } from "@/lib/i18n/translate";

type Props = { path: string; filters: { action?: string; connection?: string }; next: string | null; paged: boolean; t: Translate };

/** Newest first, 50 a page: "Newest events" back to the start, "Older events" onwards. */
export function AuditPager({ path, filters, next, paged, t }: Props) {
  if (!next && !paged) return null;
  return (
    <nav aria-label={t("audit.pager.label")} className="flex justify-between text-sm">
      {paged ? (
        <Link href={`${path}${auditQuery(filters)}`} className="text-brand-700 underline">
          {t("audit.pager.newest")}
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={`${path}${auditQuery({ ...filters, before: next })}`} className="text-brand-700 underline">
          {t("audit.pager.older")}
        </Link>
      ) : null}
    </nav>
  );
}
