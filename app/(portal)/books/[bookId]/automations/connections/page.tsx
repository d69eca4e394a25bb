import type { Metadata } from "next";
import { requireBookPage } from "@/lib/auth/guard";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "User Connections" };

export default async function ConnectionsPage({ params }: { params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations/connections`);
  return (
    <div>
      <h3 className="mb-3 text-base font-semibold">User Connections</h3>
      <EmptyState title="No bank connections yet">
        Your bank connections, and those shared with this Book by their owners, will appear here with their status, last sync and
        accounts.
      </EmptyState>
    </div>
  );
}
