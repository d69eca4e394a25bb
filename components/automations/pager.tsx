import Link from "next/link";
import { getT } from "@/lib/i18n/server";

type Props = {
  /** The list's page, without a query string; pages are `?page=N`. */
  basePath: string;
  /** What is paged, for the navigation's accessible name ("Connections"). */
  list: string;
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
};

/** Previous / Next between the pages of a long list, and which items this page shows. Nothing for one page. */
export async function Pager({ basePath, list, page, pageCount, pageSize, total }: Props) {
  if (pageCount <= 1) return null;
  const t = await getT();
  const n = new Intl.NumberFormat(t.locale);
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50";
  const off = "rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-400";
  return (
    <nav aria-label={t("pager.label", { list })} className="mt-4 flex items-center justify-between gap-3" data-testid="pager">
      {page > 1 ? (
        <Link href={`${basePath}?page=${page - 1}`} rel="prev" className={link}>
          {t("pager.previous")}
        </Link>
      ) : (
        <span aria-hidden="true" className={off}>
          {t("pager.previous")}
        </span>
      )}
      <p className="text-sm text-slate-600">
        {t("pager.showing", { from: n.format(from), to: n.format(to), total: n.format(total) })}
      </p>
      {page < pageCount ? (
        <Link href={`${basePath}?page=${page + 1}`} rel="next" className={link}>
          {t("pager.next")}
        </Link>
      ) : (
        <span aria-hidden="true" className={off}>
          {t("pager.next")}
        </span>
      )}
    </nav>
  );
}
