import type { Metadata } from "next";
import { appContext, requireBookPage } from "@/lib/app-context";
import { getT } from "@/lib/i18n/server";
import { DataTable } from "@/components/ui/data-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("bookSettings.metaTitle") };
}

/** Book settings and members: Editors and the Owner. */
export default async function BookSettingsPage({ params }: { params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  await requireBookPage(bookId, "EDITOR", `/books/${bookId}/settings`);
  const db = await appContext().db();
  const t = await getT();
  const book = await db.book.findUniqueOrThrow({
    where: { id: bookId },
    include: { members: { include: { user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } } },
  });
  return (
    <main className="max-w-2xl space-y-6">
      <h2 className="text-lg font-semibold">{t("bookSettings.title")}</h2>
      <dl className="grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <dt className="text-slate-500">{t("bookSettings.currency")}</dt>
        <dd>{book.currency}</dd>
        <dt className="text-slate-500">{t("bookSettings.fractionDigits")}</dt>
        <dd>{book.fractionDigits}</dd>
        <dt className="text-slate-500">{t("bookSettings.timeZone")}</dt>
        <dd>{book.timeZone}</dd>
        <dt className="text-slate-500">{t("bookSettings.locale")}</dt>
        <dd>{book.locale}</dd>
      </dl>
      <section>
        <h3 className="mb-2 font-semibold">{t("bookSettings.members")}</h3>
        <DataTable
          variant="boxed"
          label={t("bookSettings.members")}
          columns={[
            { key: "name", label: t("bookSettings.name") },
            { key: "email", label: t("bookSettings.email") },
            { key: "role", label: t("bookSettings.role") },
          ]}
        >
          {book.members.map((m) => (
            <tr key={m.userId} className="border-b border-slate-100">
              <td className="px-3 py-2">{m.user.name}</td>
              <td className="px-3 py-2">{m.user.email}</td>
              <td className="px-3 py-2">{t(`roles.${m.role}`)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </main>
  );
}
