import type { Metadata } from "next";
import { requireBookPage } from "@/lib/auth/guard";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Banks" };

export default async function BanksPage({ params }: { params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations/banks`);
  return (
    <div>
      <h3 className="mb-3 text-base font-semibold">Banks</h3>
      <EmptyState title="Connect a bank">
        Here you will choose your country, select your bank from the list and sign in to it, creating a User Connection that this Book can
        use. Connecting banks is not available in this version yet.
      </EmptyState>
    </div>
  );
}
