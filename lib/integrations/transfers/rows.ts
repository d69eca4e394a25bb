import type { BookInfo, NewBookTransaction } from "@/lib/books/types";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { MovementSide } from "./types";

/**
 * A Posting as transfer pairing reads it: its bank transaction, its integration and institution
 * account (mask, type), the connection's provider. The same shape the poster drains.
 */
export const postingInclude = {
  bankTransaction: true,
  integration: { include: { institutionAccount: { include: { connection: { select: { ownerId: true, provider: true, institutionName: true } } } } } },
} as const satisfies Prisma.PostingInclude;

export type PostingRow = Prisma.PostingGetPayload<{ include: typeof postingInclude }>;

/**
 * How a side lands in the Book, given by the poster (lib/sync/mapping.ts sits a layer above):
 * `draft` is the one-sided draft the sync would post (null: not posted — pending, before the
 * period, locked, removed); `remoteIds` are its ids whether posted or not.
 */
export type SideMapper = {
  draft(row: PostingRow, book: BookInfo): NewBookTransaction | null;
  remoteIds(row: PostingRow): string[];
};

export const isCardAccount = (row: PostingRow) => row.integration.institutionAccount.type === "credit";

/** The matcher's view of one side (`pairedWith` and `personal` are the caller's to set). */
export function sideOf(row: PostingRow, draft: NewBookTransaction, remoteId: string): MovementSide {
  const bt = row.bankTransaction;
  const hasPayment = bt.paymentReference !== null || bt.payerAccount !== null || bt.receiverAccount !== null;
  return {
    key: row.id,
    integrationId: row.integrationId,
    institutionAccountId: row.integration.institutionAccountId,
    bookAccountId: row.integration.bookAccountId,
    remoteId,
    date: draft.date,
    amount: draft.amount,
    direction: bt.direction === "in" ? "in" : "out",
    currency: bt.currency,
    description: draft.description,
    pending: bt.pending,
    accountMask: row.integration.institutionAccount.mask,
    isCard: isCardAccount(row),
    category: bt.category,
    paymentData: hasPayment ? { referenceNumber: bt.paymentReference, payerAccount: bt.payerAccount, receiverAccount: bt.receiverAccount } : null,
    billId: bt.billId,
    personal: false,
    pairedWith: null,
  };
}
