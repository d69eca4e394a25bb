import type { Suggestion } from "@/lib/books/suggestions/score";
import type { BookAccount, BookTransaction } from "@/lib/books/types";
import { formatAmount, formatDate } from "@/lib/format/money";
import { getT } from "@/lib/i18n/server";
import { DataTable } from "@/components/ui/data-table";
import type { TransferView } from "@/lib/integrations/transfers/read";
import { RowActions, type Allowed, type RowSuggestion, type WorkbenchActions } from "./row-actions";
import { TransferNote, type TransferActions } from "./transfer-note";

/** Amounts in the Book's currency and locale; dates in `dateLocale` (the reader's, or the Book's when it is the same language). */
type Props = {
  transactions: BookTransaction[];
  accounts: BookAccount[];
  currency: string;
  locale: string;
  dateLocale?: string;
  fractionDigits: number;
  /** The workbench: per row, the actions the reader's role allows. Left out: a read-only table. */
  workbench?: { bookId: string; allowed: Allowed; actions: WorkbenchActions; suggestions?: Map<string, Suggestion> };
  /** Transfer pairing per transaction id (recorded transfers, suggested other sides); `canDecide`: EDITOR or OWNER. */
  transfers?: { bookId: string; views: Record<string, TransferView[]>; canDecide: boolean; actions: TransferActions };
};

/** What a row shows of a suggestion: the Account's name with it (only for an Account still offered). */
function suggestionOf(s: Suggestion | undefined, names: Map<string, string>): RowSuggestion | undefined {
  const accountName = s ? names.get(s.accountId) : undefined;
  return s && accountName ? { accountId: s.accountId, accountName, confidence: s.confidence } : undefined;
}

export async function TransactionsTable({ transactions, accounts, currency, locale, dateLocale = locale, fractionDigits, workbench, transfers }: Props) {
  const t = await getT();
  const name = new Map(accounts.map((a) => [a.id, a.name]));
  const side = (id: string | null) => (id ? (name.get(id) ?? "—") : <span className="text-slate-500">{t("transactions.empty")}</span>);
  const choices = accounts.filter((a) => !a.archived).map((a) => ({ id: a.id, name: a.name }));
  const anyAction = workbench && Object.values(workbench.allowed).some(Boolean);
  const names = Object.fromEntries(accounts.map((a) => [a.id, a.name]));
  const otherDates = (views: TransferView[]) => Object.fromEntries(views.flatMap((v) => (v.kind === "suggested" ? [[v.other.date, formatDate(v.other.date, dateLocale)]] : [])));
  return (
    <DataTable
      label={t("transactions.label")}
      columns={[
        { key: "date", label: t("transactions.date") },
        { key: "from", label: t("transactions.from") },
        { key: "to", label: t("transactions.to") },
        { key: "amount", label: t("transactions.amount"), align: "right" },
        { key: "description", label: t("transactions.description") },
        { key: "status", label: t("transactions.status") },
        anyAction && { key: "actions", label: t("workbench.actions") },
      ]}
    >
      {transactions.map((tx) => (
        <tr key={tx.id} className="border-b border-slate-100" data-testid="transaction-row" data-remote-ids={tx.remoteIds.join(" ")} data-date={tx.date}>
          <td className="whitespace-nowrap py-2 pr-3">{formatDate(tx.date, dateLocale)}</td>
          <td className="py-2 pr-3">{side(tx.creditAccountId)}</td>
          <td className="py-2 pr-3">{side(tx.debitAccountId)}</td>
          <td className="whitespace-nowrap py-2 pr-3 text-right tabular-nums">{formatAmount(tx.amount, currency, locale, fractionDigits)}</td>
          <td className="py-2 pr-3">
            {tx.description}
            {transfers?.views[tx.id] && !tx.trashed ? (
              <TransferNote bookId={transfers.bookId} views={transfers.views[tx.id]!} names={names} dates={otherDates(transfers.views[tx.id]!)} canDecide={transfers.canDecide} draft={!tx.posted} actions={transfers.actions} />
            ) : null}
          </td>
          <td className="py-2 pr-3">
            {tx.trashed ? (
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{t("transactions.trashed")}</span>
            ) : tx.posted ? (
              <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-800">{tx.checked ? t("transactions.checked") : t("transactions.posted")}</span>
            ) : (
              <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">{t("transactions.draft")}</span>
            )}
          </td>
          {anyAction ? (
            <td className="py-2">
              <RowActions bookId={workbench.bookId} tx={tx} accounts={choices} allowed={workbench.allowed} actions={workbench.actions} suggestion={suggestionOf(workbench.suggestions?.get(tx.id), name)} />
            </td>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );
}
