import { isoDay } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { msg } from "@/lib/i18n/translate";
import type { BookTransaction } from "../types";

/** Local Books' transaction rows and their BookTransaction shape. */

export const txInclude = { remoteIds: { select: { remoteId: true } }, book: { select: { fractionDigits: true } } } as const;
export type TxRow = Prisma.LedgerTransactionGetPayload<{ include: typeof txInclude }>;

export const dateFromIso = (s: string): Date => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) throw new AppError("INVALID_INPUT", msg("bookErrors.notADate", { value: s }));
  return new Date(`${s}T00:00:00Z`);
};

export function toTransaction(row: TxRow): BookTransaction {
  const props = row.properties && typeof row.properties === "object" && !Array.isArray(row.properties) ? row.properties : {};
  return {
    id: row.id,
    date: isoDay(row.date),
    amount: row.amount.toFixed(row.book.fractionDigits),
    description: row.description,
    creditAccountId: row.creditAccountId,
    debitAccountId: row.debitAccountId,
    posted: row.posted,
    checked: row.checked,
    trashed: row.trashed,
    remoteIds: row.remoteIds.map((r) => r.remoteId).sort(),
    properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, String(v)])),
  };
}

