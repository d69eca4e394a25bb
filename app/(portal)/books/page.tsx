import type { Metadata } from "next";
import Link from "next/link";
import { signInWithGoogle } from "@/app/(auth)/signin/actions";
import { requireUser } from "@/lib/auth/guard";
import { bookGatewayFor } from "@/lib/books";
import { loadBookList } from "@/lib/books/book-page";
import { prisma } from "@/lib/db";
import { BookProblemNotice } from "@/components/books/book-problem";
import { EmptyState } from "@/components/ui/empty-state";
import { RoleBadge } from "@/components/ui/role-badge";

export const metadata: Metadata = { title: "Books" };

export default async function BooksPage() {
  const user = await requireUser("/books");
  const loaded = await loadBookList(bookGatewayFor(await prisma(), user.id));
  const books = loaded.ok ? loaded.data : [];
  return (
    <main>
      <h1 className="text-2xl font-semibold">Books</h1>
      <p className="mt-1 text-sm text-slate-600">The Books you own or that were shared with you.</p>
      <div className="mt-6">
        {!loaded.ok ? (
          <BookProblemNotice problem={loaded.problem} retryHref="/books" signInAction={signInWithGoogle} />
        ) : books.length === 0 ? (
          <EmptyState title="No Books yet">Books shared with you by their owner will appear here.</EmptyState>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2" aria-label="Your Books">
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
