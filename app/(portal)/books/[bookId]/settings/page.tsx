import type { Metadata } from "next";
import { appContext, requireBookPage } from "@/lib/app-context";
import { bookGatewayFor } from "@/lib/books";
import { explainBookErrors } from "@/lib/books/book-page";
import { listRules } from "@/lib/books/counter-rules/store";
import { formatAmount } from "@/lib/format/money";
import { getT } from "@/lib/i18n/server";
import { CounterRules, type RuleRow } from "@/components/books/counter-rules";
import { DataTable } from "@/components/ui/data-table";
import { createCounterRule, deleteCounterRule } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("bookSettings.metaTitle") };
}

/** Book settings and members: Editors and the Owner. */
export default async function BookSettingsPage({ params }: { params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  const { user } = await requireBookPage(bookId, "EDITOR", `/books/${bookId}/settings`);
  const db = await appContext().db();
  const t = await getT();
  const book = await db.book.findUniqueOrThrow({
    where: { id: bookId },
    include: { members: { include: { user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } } },
  });
  // The rules name Accounts of the Book, read through its gateway (local or Bkper); a Bkper that cannot
  // answer now leaves the rules listed without names and the form without choices.
  const [rules, listed] = await Promise.all([listRules(db, bookId), explainBookErrors(() => bookGatewayFor(db, user.id).listAccounts(bookId))]);
  const accounts = listed.ok ? listed.data : [];
  const nameOf = new Map(accounts.map((a) => [a.id, a.name]));
  const money = (v: string) => formatAmount(v, book.currency, book.locale, book.fractionDigits);
  const rows: RuleRow[] = rules.map((r) => ({
    id: r.id,
    contains: r.contains,
    accountName: nameOf.get(r.accountId) ?? null,
    direction: r.direction,
    amount:
      r.minAmount && r.maxAmount
        ? t("counterRules.between", { min: money(r.minAmount), max: money(r.maxAmount) })
        : r.minAmount
          ? t("counterRules.atLeast", { min: money(r.minAmount) })
          : r.maxAmount
            ? t("counterRules.atMost", { max: money(r.maxAmount) })
            : null,
  }));
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
      <CounterRules bookId={bookId} rules={rows} accounts={accounts.filter((a) => !a.archived).map((a) => ({ id: a.id, name: a.name }))} create={createCounterRule} remove={deleteCounterRule} />
    </main>
  );
}
