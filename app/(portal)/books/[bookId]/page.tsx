import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { signInWithGoogle } from "@/app/(auth)/signin/actions";
import { appContext, requireBookPage } from "@/lib/app-context";
import { canDo, canManageIntegrations } from "@/lib/auth/roles";
import { bookGatewayFor } from "@/lib/books";
import { loadBookPage, parseBookFilters } from "@/lib/books/book-page";
import { formatAmount } from "@/lib/format/money";
import { dateLocaleFor } from "@/lib/format/ui-dates";
import { getT } from "@/lib/i18n/server";
import { BookProblemNotice } from "@/components/books/book-problem";
import { NewAccountForm } from "@/components/books/new-account-form";
import { Pager, TransactionFilters } from "@/components/books/transaction-filters";
import { TransactionsTable } from "@/components/books/transactions-table";
import { EmptyState } from "@/components/ui/empty-state";
import { transfersFor } from "@/lib/integrations/transfers/read";
import { acceptTransferAction, checkTransaction, createAccount, editTransaction, postTransaction, rejectTransferAction, restoreTransaction, splitTransferAction, trashTransaction, uncheckTransaction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("book.metaTitle") };
}

export default async function BookPage({ params, searchParams }: { params: Promise<{ bookId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { bookId } = await params;
  const { user, role } = await requireBookPage(bookId, "VIEWER", `/books/${bookId}`);
  const query = await searchParams;
  const accountParam = query.account;
  const filters = parseBookFilters(query);
  const db = await appContext().db();
  const loaded = await loadBookPage(bookGatewayFor(db, user.id), bookId, accountParam, filters, { suggest: canDo(role, "complete") });
  if (!loaded.ok) {
    const here = typeof accountParam === "string" ? `/books/${bookId}?account=${encodeURIComponent(accountParam)}` : `/books/${bookId}`;
    return <BookProblemNotice problem={loaded.problem} retryHref={here} signInAction={signInWithGoogle} />;
  }
  if (!loaded.data) notFound();
  const { book, accounts, selected, transactions, balances, next, previous, suggestions } = loaded.data;
  const t = await getT();
  const allowed = {
    complete: canDo(role, "complete"),
    post: canDo(role, "post"),
    check: canDo(role, "check"),
    uncheck: canDo(role, "uncheck"),
    editPosted: canDo(role, "editPosted"),
    trash: canDo(role, "trash"),
    restore: canDo(role, "restore"),
  };
  const transfers = {
    bookId,
    views: Object.fromEntries(await transfersFor(db, bookId, transactions.map((x) => x.id))),
    canDecide: canManageIntegrations(role),
    actions: { split: splitTransferAction, accept: acceptTransferAction, reject: rejectTransferAction },
  };
  const actions = { edit: editTransaction, post: postTransaction, check: checkTransaction, uncheck: uncheckTransaction, trash: trashTransaction, restore: restoreTransaction };

  return (
    <div className="grid gap-6 md:grid-cols-[16rem_1fr]">
      <aside aria-label={t("book.accounts")} className="space-y-4">
        {(["ASSET", "LIABILITY", "INCOMING", "OUTGOING"] as const).map((type) => {
          const list = accounts.filter((a) => a.type === type);
          if (list.length === 0) return null;
          return (
            <section key={type}>
              <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t(`book.accountTypes.${type}`)}</h2>
              <ul>
                {list.map((a) => (
                  <li key={a.id}>
                    <Link
                      href={selected?.id === a.id ? `/books/${bookId}` : `/books/${bookId}?account=${encodeURIComponent(a.id)}`}
                      aria-current={selected?.id === a.id ? "true" : undefined}
                      className={`flex justify-between rounded px-2 py-1 text-sm hover:bg-slate-100 ${selected?.id === a.id ? "bg-brand-50 font-medium" : ""}`}
                    >
                      <span>{a.name}</span>
                      <span className="tabular-nums text-slate-600" data-testid={`balance-${a.name}`}>
                        {balances ? formatAmount(balances.get(a.id) ?? "0", book.currency, book.locale, book.fractionDigits) : "—"}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
        {balances ? null : <p className="text-xs text-slate-500">{t("book.balancesUnavailable")}</p>}
        {canManageIntegrations(role) ? <NewAccountForm bookId={bookId} action={createAccount} /> : <p className="text-xs text-slate-500">{t("book.readOnly")}</p>}
      </aside>
      <main>
        <div className="mb-3 flex items-baseline justify-between">
          <h2 className="text-lg font-semibold">{selected ? t("book.transactionsOf", { name: selected.name }) : t("book.transactions")}</h2>
          <p className="text-sm text-slate-500">
            {t("book.shown", { count: transactions.length })}
            {selected ? (
              <>
                {" · "}
                <Link href={`/books/${bookId}`} className="text-brand-700 underline">
                  {t("book.showAll")}
                </Link>
              </>
            ) : null}
          </p>
        </div>
        <TransactionFilters bookId={bookId} filters={filters} accounts={accounts} selected={selected} />
        {transactions.length === 0 ? (
          filters.status !== "all" || filters.text || filters.from || filters.to || filters.cursor ? (
            <EmptyState title={t("workbench.noMatchTitle")}>{t("workbench.noMatchBody")}</EmptyState>
          ) : (
            <EmptyState title={t("book.emptyTitle")}>{t("book.emptyBody")}</EmptyState>
          )
        ) : (
          <TransactionsTable
            transactions={transactions}
            accounts={accounts}
            currency={book.currency}
            locale={book.locale}
            dateLocale={dateLocaleFor(t.locale, book.locale)}
            fractionDigits={book.fractionDigits}
            workbench={{ bookId, allowed, actions, suggestions }}
            transfers={transfers}
          />
        )}
        <Pager bookId={bookId} filters={filters} selected={selected} next={next} previous={previous} />
      </main>
    </div>
  );
}
