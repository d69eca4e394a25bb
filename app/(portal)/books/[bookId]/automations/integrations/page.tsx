import type { Metadata } from "next";
import { requireBookPage } from "@/lib/auth/guard";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Book Integrations" };

export default async function IntegrationsPage({ params }: { params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations/integrations`);
  return (
    <div>
      <h3 className="mb-3 text-base font-semibold">Book Integrations</h3>
      <EmptyState title="No integrations yet">
        When an account at a bank is linked to an Account of this Book, it appears here with its historical period, status and last
        posting.
      </EmptyState>
    </div>
  );
}
