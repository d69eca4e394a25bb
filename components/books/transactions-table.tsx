import type { BookAccount, BookTransaction } from "@/lib/books/types";
import { formatAmount, formatDate } from "@/lib/format/money";

type Props = { transactions: BookTransaction[]; accounts: BookAccount[]; currency: string; locale: string; fractionDigits: number };

export function TransactionsTable({ transactions, accounts, currency, locale, fractionDigits }: Props) {
  const name = new Map(accounts.map((a) => [a.id, a.name]));
  const side = (id: string | null) => (id ? (name.get(id) ?? "—") : <span className="text-slate-400">(empty)</span>);
  return (
    <table className="w-full text-sm" aria-label="Transactions">
      <thead>
        <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
          <th scope="col" className="py-2 pr-3 font-medium">Date</th>
          <th scope="col" className="py-2 pr-3 font-medium">From</th>
          <th scope="col" className="py-2 pr-3 font-medium">To</th>
          <th scope="col" className="py-2 pr-3 text-right font-medium">Amount</th>
          <th scope="col" className="py-2 pr-3 font-medium">Description</th>
          <th scope="col" className="py-2 font-medium">Status</th>
        </tr>
      </thead>
      <tbody>
        {transactions.map((t) => (
          <tr key={t.id} className="border-b border-slate-100" data-testid="transaction-row" data-remote-ids={t.remoteIds.join(" ")} data-date={t.date}>
            <td className="whitespace-nowrap py-2 pr-3">{formatDate(t.date, locale)}</td>
            <td className="py-2 pr-3">{side(t.creditAccountId)}</td>
            <td className="py-2 pr-3">{side(t.debitAccountId)}</td>
            <td className="whitespace-nowrap py-2 pr-3 text-right tabular-nums">{formatAmount(t.amount, currency, locale, fractionDigits)}</td>
            <td className="py-2 pr-3">{t.description}</td>
            <td className="py-2">
              {t.posted ? (
                <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-800">{t.checked ? "Checked" : "Posted"}</span>
              ) : (
                <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">Draft</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
