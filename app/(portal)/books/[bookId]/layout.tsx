import Link from "next/link";
import type { ReactNode } from "react";
import { requireBookPage } from "@/lib/auth/guard";
import { SettingsMenu } from "@/components/books/settings-menu";
import { RoleBadge } from "@/components/ui/role-badge";

export default async function BookLayout({ children, params }: { children: ReactNode; params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  const { book, role } = await requireBookPage(bookId, "VIEWER", `/books/${bookId}`);
  return (
    <div>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 pb-4">
        <div className="flex items-center gap-3">
          <Link href={`/books/${book.id}`} className="text-2xl font-semibold hover:text-brand-700">
            {book.name}
          </Link>
          <RoleBadge role={role} />
        </div>
        <SettingsMenu bookId={book.id} />
      </div>
      {children}
    </div>
  );
}
