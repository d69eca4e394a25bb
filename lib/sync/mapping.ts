import { dateTimeFormat } from "@bank-connections/i18n";
import { BANK_PROPERTY } from "@/lib/books/bank-properties";
import type { NewBookTransaction } from "@/lib/books/types";
import { roundAbs } from "./amounts";

/**
 * How one bank transaction lands in a Book: one draft per bank transaction and integration, the
 * provider's id in remoteIds, the linked Account on the side money moved from or to, the other
 * side empty for the bookkeeper (docs/architecture.md#how-a-bank-transaction-lands-in-a-book).
 * Pure: shared by the sync engine and the tests.
 */
export type BankTransactionForBook = {
  providerTransactionId: string;
  /** YYYY-MM-DD, or an ISO date-time (converted to the Book's time zone). */
  date: string;
  amount: string | number;
  /** Money leaving ("out") or entering ("in") the institution account. */
  direction: "out" | "in";
  description: string;
  pending: boolean;
  /** Plaid: the pending transaction this posted one replaces. */
  pendingTransactionId?: string | null;
  /** What the provider says about the other party (lib/providers/transactions.ts CounterpartDetails). */
  details?: { merchant?: string; category?: string; counterpart?: string; counterpartDocument?: string } | null;
};

export type IntegrationForBook = {
  provider: "PLAID" | "PLUGGY";
  bookAccountId: string;
  periodStart: string;
  postPending?: boolean;
  /** The institution's name and the institution account's name and mask, for the draft's properties. */
  institution?: string;
  institutionAccount?: { name: string; mask: string | null };
};
export type BookForMapping = { fractionDigits: number; timeZone: string; lockDate: string | null; closingDate: string | null };

export type MappingResult =
  | { kind: "post"; draft: NewBookTransaction }
  | { kind: "skip"; reason: "pending" | "before-period" | "locked" | "zero-amount" };

export const remoteId = (provider: "PLAID" | "PLUGGY", id: string) => `${provider.toLowerCase()}:${id}`;

export function bookDate(date: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const at = new Date(date);
  if (Number.isNaN(at.getTime())) throw new Error(`not a date: ${date}`);
  // en-CA formats as YYYY-MM-DD.
  const format = dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  if (!format) throw new RangeError(`not a time zone: ${timeZone}`);
  return format.format(at);
}

export function cleanDescription(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > 500 ? `${one.slice(0, 497)}...` : one;
}

export function toBookDraft(tx: BankTransactionForBook, integration: IntegrationForBook, book: BookForMapping): MappingResult {
  if (tx.pending && !integration.postPending) return { kind: "skip", reason: "pending" };
  const date = bookDate(tx.date, book.timeZone);
  if (date < integration.periodStart) return { kind: "skip", reason: "before-period" };
  const locked = [book.lockDate, book.closingDate].filter((d): d is string => Boolean(d)).sort().at(-1);
  if (locked && date <= locked) return { kind: "skip", reason: "locked" };
  const amount = roundAbs(tx.amount, book.fractionDigits);
  if (/^0+(\.0+)?$/.test(amount)) return { kind: "skip", reason: "zero-amount" };
  const ids = [remoteId(integration.provider, tx.providerTransactionId)];
  // A posted transaction also carries the id of the pending one it replaces, so a draft made from
  // the pending one (when pending posting is on) is found and reused: one entry, never two.
  if (tx.pendingTransactionId) ids.push(remoteId(integration.provider, tx.pendingTransactionId));
  return {
    kind: "post",
    draft: {
      date,
      amount,
      description: cleanDescription(tx.description),
      creditAccountId: tx.direction === "out" ? integration.bookAccountId : null,
      debitAccountId: tx.direction === "in" ? integration.bookAccountId : null,
      remoteIds: ids,
      properties: draftProperties(tx, integration),
    },
  };
}

/**
 * The draft's clean properties (lib/books/bank-properties.ts, documented in README): where it came from and
 * whom it was with, for people, the Bkper Agent and bots, and the suggester. A value the bank does not give
 * is left out; each is one line of at most 200 characters.
 */
export function draftProperties(tx: BankTransactionForBook, integration: IntegrationForBook): Record<string, string> {
  const p: Record<string, string> = { [BANK_PROPERTY.bankTransactionId]: tx.providerTransactionId, [BANK_PROPERTY.provider]: integration.provider.toLowerCase() };
  const put = (key: string, value: string | null | undefined) => {
    const v = value?.replace(/\s+/g, " ").trim().slice(0, 200);
    if (v) p[key] = v;
  };
  put(BANK_PROPERTY.pendingId, tx.pendingTransactionId);
  put(BANK_PROPERTY.merchant, tx.details?.merchant);
  put(BANK_PROPERTY.category, tx.details?.category);
  put(BANK_PROPERTY.counterpart, tx.details?.counterpart);
  put(BANK_PROPERTY.counterpartDocument, tx.details?.counterpartDocument);
  put(BANK_PROPERTY.institution, integration.institution);
  const a = integration.institutionAccount;
  if (a) put(BANK_PROPERTY.institutionAccount, a.mask ? `${a.name} ••${a.mask}` : a.name);
  return p;
}
