import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { signInWithGoogle } from "@/app/(auth)/signin/actions";
import { requireBookPage } from "@/lib/auth/guard";
import { canManageIntegrations } from "@/lib/auth/roles";
import { bookGatewayFor } from "@/lib/books";
import { loadBookPage } from "@/lib/books/book-page";
import { prisma } from "@/lib/db";
import { formatAmount } from "@/lib/format/money";
import { BookProblemNotice } from "@/components/books/book-problem";
import { NewAccountForm } from "@/components/books/new-account-form";
import { TransactionsTable } from "@/components/books/transactions-table";
import { EmptyState } from "@/components/ui/empty-state";
import { createAccount } from "./actions";

export const metadata: Metadata = { title: "Book" };

const TYPE_LABEL = { ASSET: "Assets", LIABILITY: "Liabilities", INCOMING: "Incoming", OUTGOING: "Outgoing" } as const;

export default async function BookPage({ params, searchParams }: { params: Promise<{ bookId: string }>; searchParams: Promise<{ account?: string | string[] }> }) {
  const { bookId } = await params;
  const { user, role } = await requireBookPage(bookId, "VIEWER", `/books/${bookId}`);
  const accountParam = (await searchParams).account;
  const loaded = await loadBookPage(bookGatewayFor(await prisma(), user.id), bookId, accountParam);
  if (!loaded.ok) {
    const here = typeof accountParam === "string" ? `/books/${bookId}?account=${encodeURIComponent(accountParam)}` : `/books/${bookId}`;
    return <BookProblemNotice problem={loaded.problem} retryHref={here} signInAction={signInWithGoogle} />;
  }
  if (!loaded.data) notFound();
  const { book, accounts, selected, transactions, balances } = loaded.data;
  const drafts = transactions.filter((t) => !t.posted).length;

  return (
    <div className="grid gap-6 md:grid-cols-[16rem_1fr]">
      <aside aria-label="Accounts" className="space-y-4">
        {(["ASSET", "LIABILITY", "INCOMING", "OUTGOING"] as const).map((type) => {
          const list = accounts.filter((a) => a.type === type);
          if (list.length === 0) return null;
          return (
            <section key={type}>
              <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{TYPE_LABEL[type]}</h2>
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
        {balances ? null : <p className="text-xs text-slate-500">Balances are not available here for this Book: see them in Bkper.</p>}
        {canManageIntegrations(role) ? <NewAccountForm bookId={bookId} action={createAccount} /> : <p className="text-xs text-slate-500">Read-only: your role lets you view this Book.</p>}
      </aside>
      <main>
        <div className="mb-3 flex items-baseline justify-between">
          <h2 className="text-lg font-semibold">{selected ? `Transactions — ${selected.name}` : "Transactions"}</h2>
          <p className="text-sm text-slate-500">
            {transactions.length} shown{drafts > 0 ? `, ${drafts} draft${drafts === 1 ? "" : "s"} first` : ""}
            {selected ? (
              <>
                {" · "}
                <Link href={`/books/${bookId}`} className="text-brand-700 underline">
                  Show all
                </Link>
              </>
            ) : null}
          </p>
        </div>
        {transactions.length === 0 ? (
          <EmptyState title="No transactions">Transactions posted to this Book, and drafts arriving from bank connections, appear here.</EmptyState>
        ) : (
          <TransactionsTable transactions={transactions} accounts={accounts} currency={book.currency} locale={book.locale} fractionDigits={book.fractionDigits} />
        )}
      </main>
    </div>
  );
}
