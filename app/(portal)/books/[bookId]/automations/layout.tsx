import type { ReactNode } from "react";
import { requireBookPage } from "@/lib/app-context";
import { getT } from "@/lib/i18n/server";
import { AutomationsNav } from "@/components/automations/automations-nav";

export default async function AutomationsLayout({ children, params }: { children: ReactNode; params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  const { book } = await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations`);
  const t = await getT();
  return (
    <div>
      <h2 className="mb-4 text-lg font-semibold">{t("automations.title")}</h2>
      <div className="grid gap-6 md:grid-cols-[14rem_1fr]">
        <aside>
          <AutomationsNav bookId={book.id} />
        </aside>
        <main>{children}</main>
      </div>
    </div>
  );
}
