import Link from "next/link";
import { getT } from "@/lib/i18n/server";

type Props = {
  /** The list's page, without a query string; the other pages are `?after=<cursor>` and `?before=<cursor>` (keyset, lib/pagination/keyset.ts). */
  basePath: string;
  /** What is paged, for the navigation's accessible name ("Connections"). */
  list: string;
  /** 0-based position of the page's first item. */
  from: number;
  /** How many items the page shows. */
  shown: number;
  total: number;
  /** Cursors of the next and previous pages; null at either end. */
  next: string | null;
  previous: string | null;
};

/** Previous / Next between the pages of a long list, and which items this page shows. Nothing for one page. */
export async function Pager({ basePath, list, from, shown, total, next, previous }: Props) {
  if (!next && !previous) return null;
  const t = await getT();
  const n = new Intl.NumberFormat(t.locale);
  const first = Math.min(total, from + 1);
  const last = Math.min(total, Math.max(first, from + shown));
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50";
  const off = "rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-400";
  return (
    <nav aria-label={t("pager.label", { list })} className="mt-4 flex items-center justify-between gap-3" data-testid="pager">
      {previous ? (
        <Link href={`${basePath}?before=${previous}`} rel="prev" className={link}>
          {t("pager.previous")}
        </Link>
      ) : (
        <span aria-hidden="true" className={off}>
          {t("pager.previous")}
        </span>
      )}
      <p className="text-sm text-slate-600">{t("pager.showing", { from: n.format(first), to: n.format(last), total: n.format(total) })}</p>
      {next ? (
        <Link href={`${basePath}?after=${next}`} rel="next" className={link}>
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
