import { isIsoDay } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import type { BookInfo, BookTransaction, TransactionPatch } from "./types";
import { absDecimal, roundDecimal } from "./bkper/values";
import { msg } from "@/lib/i18n/translate";

/** The rules every BookGateway applies to updateTransaction, whoever keeps the Book. */

/** The patch checked and normalised: an ISO day, the absolute amount rounded to the Book's fraction digits. */
export function normalisePatch(patch: TransactionPatch, fractionDigits: number): TransactionPatch {
  if (!isIsoDay(patch.date)) throw new AppError("INVALID_INPUT", msg("bookErrors.notADate", { value: JSON.stringify(patch.date).slice(0, 40) }));
  const amount = roundDecimal(absDecimal(patch.amount), fractionDigits); // INVALID_INPUT when malformed
  return { date: patch.date, amount, description: patch.description };
}


/** Throws CONFLICT when the transaction may not be changed (checked, trashed, or its old or new date locked). */
export function assertUpdatable(current: Pick<BookTransaction, "checked" | "trashed" | "date">, newDate: string, book: Pick<BookInfo, "lockDate" | "closingDate">): void {
  if (current.trashed) throw new AppError("CONFLICT", msg("bookErrors.inTrash"));
  if (current.checked) throw new AppError("CONFLICT", msg("bookErrors.checked"));
  for (const date of [current.date, newDate]) {
    if (book.closingDate && date && date <= book.closingDate) {
      throw new AppError("CONFLICT", msg("bookErrors.beforeClosing", { date: { day: date }, closing: { day: book.closingDate } }));
    }
    if (book.lockDate && date && date <= book.lockDate) {
      throw new AppError("CONFLICT", msg("bookErrors.beforeLock", { date: { day: date }, lock: { day: book.lockDate } }));
    }
  }
}

export const transactionGone = () => new AppError("NOT_FOUND", msg("bookErrors.transactionGone"));
