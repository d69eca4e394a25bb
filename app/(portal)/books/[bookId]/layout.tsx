import Link from "next/link";
import type { ReactNode } from "react";
import { canViewAudit } from "@/lib/audit/access";
import { requireBookPage } from "@/lib/app-context";
import { SettingsMenu } from "@/components/books/settings-menu";
import { RoleBadge } from "@/components/ui/role-badge";

export default async function BookLayout({ children, params }: { children: ReactNode; params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  const { book, role } = await requireBookPage(bookId, "VIEWER", `/books/${bookId}`);
  return (
    <div>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 pb-4">
        <div className="flex items-center gap-3">
          <h1 className="text-2xl font-semibold">
            <Link href={`/books/${book.id}`} className="hover:text-brand-700">
              {book.name}
            </Link>
          </h1>
          <RoleBadge role={role} />
        </div>
        <SettingsMenu bookId={book.id} canViewAudit={canViewAudit(role)} />
      </div>
      {children}
    </div>
  );
}
