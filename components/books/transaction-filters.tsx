import Link from "next/link";
import type { BookFilters } from "@/lib/books/book-page";
import type { BookAccount } from "@/lib/books/types";
import { TRANSACTION_STATUSES } from "@/lib/books/types";
import { getT } from "@/lib/i18n/server";

/** The Book page's URL for these filters (and a cursor), keeping the selected Account. */
export function bookHref(bookId: string, f: Partial<BookFilters> & { account?: string }): string {
  const p = new URLSearchParams();
  if (f.account) p.set("account", f.account);
  if (f.status && f.status !== "all") p.set("status", f.status);
  if (f.text) p.set("q", f.text);
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", f.to);
  if (f.cursor) p.set("cursor", f.cursor);
  const q = p.toString();
  return q ? `/books/${bookId}?${q}` : `/books/${bookId}`;
}

/** Status tabs (links), then a GET form for Account, words and dates: works without JavaScript, and every page is a URL. */
export async function TransactionFilters({ bookId, filters, accounts, selected }: { bookId: string; filters: BookFilters; accounts: BookAccount[]; selected?: BookAccount }) {
  const t = await getT();
  const base = { ...filters, cursor: undefined, account: selected?.id };
  return (
    <div className="mb-3 space-y-2">
      <nav aria-label={t("workbench.statusFilter")}>
        <ul className="flex flex-wrap gap-1">
          {TRANSACTION_STATUSES.map((s) => (
            <li key={s}>
              <Link
                href={bookHref(bookId, { ...base, status: s })}
                aria-current={filters.status === s ? "page" : undefined}
                className={`rounded-full border px-3 py-0.5 text-sm ${filters.status === s ? "border-brand-600 bg-brand-50 font-medium text-brand-800" : "border-slate-300 hover:bg-slate-100"}`}>
                {t(`workbench.statuses.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={`/books/${bookId}`} className="flex flex-wrap items-end gap-2" aria-label={t("workbench.filters")}>
        {filters.status !== "all" ? <input type="hidden" name="status" value={filters.status} /> : null}
        <div>
          <label htmlFor="filter-account" className="block text-xs font-medium text-slate-700">
            {t("workbench.account")}
          </label>
          <select id="filter-account" name="account" defaultValue={selected?.id ?? ""} className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm">
            <option value="">{t("workbench.anyAccount")}</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-text" className="block text-xs font-medium text-slate-700">
            {t("workbench.text")}
          </label>
          <input id="filter-text" name="q" type="search" maxLength={100} defaultValue={filters.text ?? ""} className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm" />
        </div>
        <div>
          <label htmlFor="filter-from" className="block text-xs font-medium text-slate-700">
            {t("workbench.fromDate")}
          </label>
          <input id="filter-from" name="from" type="date" defaultValue={filters.from ?? ""} className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm" />
        </div>
        <div>
          <label htmlFor="filter-to" className="block text-xs font-medium text-slate-700">
            {t("workbench.toDate")}
          </label>
          <input id="filter-to" name="to" type="date" defaultValue={filters.to ?? ""} className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm" />
        </div>
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          {t("workbench.apply")}
        </button>
        <Link href={`/books/${bookId}`} className="px-1 py-1.5 text-sm text-brand-700 underline">
          {t("workbench.clear")}
        </Link>
      </form>
    </div>
  );
}

/** Previous / Next by keyset cursors. */
export async function Pager({ bookId, filters, selected, next, previous }: { bookId: string; filters: BookFilters; selected?: BookAccount; next: string | null; previous: string | null }) {
  const t = await getT();
  if (!next && !previous) return null;
  const href = (cursor: string) => bookHref(bookId, { ...filters, account: selected?.id, cursor });
  const cls = "rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100";
  return (
    <nav aria-label={t("workbench.pages")} className="mt-3 flex justify-between">
      {previous ? (
        <Link href={href(previous)} className={cls} rel="prev">
          {t("workbench.previous")}
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={href(next)} className={cls} rel="next">
          {t("workbench.next")}
        </Link>
      ) : null}
    </nav>
  );
}
