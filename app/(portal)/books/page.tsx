import type { Metadata } from "next";
import Link from "next/link";
import { signInWithGoogle } from "@/app/(auth)/signin/actions";
import { appContext, requireUser } from "@/lib/app-context";
import { bookGatewayFor } from "@/lib/books";
import { loadBookList } from "@/lib/books/book-page";
import { getT } from "@/lib/i18n/server";
import { BookProblemNotice } from "@/components/books/book-problem";
import { EmptyState } from "@/components/ui/empty-state";
import { RoleBadge } from "@/components/ui/role-badge";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("books.metaTitle") };
}

export default async function BooksPage() {
  const user = await requireUser("/books");
  const loaded = await loadBookList(bookGatewayFor(await appContext().db(), user.id));
  const books = loaded.ok ? loaded.data : [];
  const t = await getT();
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t("books.title")}</h1>
      <p className="mt-1 text-sm text-slate-600">{t("books.subtitle")}</p>
      <div className="mt-6">
        {!loaded.ok ? (
          <BookProblemNotice problem={loaded.problem} retryHref="/books" signInAction={signInWithGoogle} />
        ) : books.length === 0 ? (
          <EmptyState title={t("books.emptyTitle")}>{t("books.emptyBody")}</EmptyState>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2" aria-label={t("books.listLabel")}>
            {books.map((b) => (
              <li key={b.id}>
                <Link href={`/books/${b.id}`} className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-600">
                  <span className="flex items-center justify-between">
                    <span className="font-medium">{b.name}</span>
                    <RoleBadge role={b.role} />
                  </span>
                  <span className="mt-1 block text-xs text-slate-500">{b.currency}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </main>
  );
}
