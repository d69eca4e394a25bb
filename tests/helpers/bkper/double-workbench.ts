/// <reference types="@bkper/bkper-api-types" />
import { HttpFail, RECORD, type Permission, type StoredBook, type StoredTransaction } from "./double-types";
import { expectObject } from "./double-wire";

/**
 * The Bkper double's workbench PATCHes: `transactions/{post|check|uncheck|trash|untrash}/batch` with a
 * TransactionList (bkper-js `Book.batchPostTransactions`, `batchCheckTransactions`, `batchUncheckTransactions`,
 * `batchTrashTransactions(trashChecked)`, `batchUntrashTransactions`; docs/reference/bkper.md §1).
 * Permissions as Bkper's sharing table has them (§2 "Permissions"): post (and trash/restore a posted
 * one) OWNER, EDITOR, POSTER; check/uncheck OWNER, EDITOR; trash/restore a draft any recorder.
 * Locked or closed dates are refused; posting needs both Accounts and an amount; checking needs a
 * posted transaction; a checked one is trashed only with `trashChecked=true`.
 * Bkper does not document whether a batch with one refused item applies the others: modelled
 * all-or-nothing (the whole batch is refused, nothing changes). Items already in the wanted state
 * are left alone. The answer is empty, as bkper-js reads nothing from it.
 */

export type WorkbenchPath = "post" | "check" | "uncheck" | "trash" | "untrash";
export const WORKBENCH_PATHS = new Set<string>(["post", "check", "uncheck", "trash", "untrash"]);
const POST: Permission[] = ["OWNER", "EDITOR", "POSTER"];
const CHECK: Permission[] = ["OWNER", "EDITOR"];

export function workbenchBatch(book: StoredBook, op: WorkbenchPath, body: unknown, permission: Permission, trashChecked: boolean): Record<string, never> {
  const list = expectObject(body, "TransactionList");
  if (!Array.isArray(list.items) || list.items.length === 0) throw new HttpFail(400, "TransactionList.items is required");
  const targets = list.items.map((item, i) => {
    const t = expectObject(item, `items[${i}]`);
    if (typeof t.id !== "string" || !t.id) throw new HttpFail(400, `items[${i}].id is required`);
    const found = book.transactions.find((x) => x.id === t.id);
    if (!found) throw new HttpFail(404, "Transaction not found", "notFound");
    return found;
  });
  const deny = (what: string) => {
    throw new HttpFail(403, `Permission ${permission} cannot ${what}`, "forbidden");
  };
  const locked = (t: StoredTransaction) => {
    if (book.closingDate && t.date <= book.closingDate) throw new HttpFail(400, `Transaction on ${t.date} is on or before the closing date ${book.closingDate} of this book`);
    if (book.lockDate && t.date <= book.lockDate) throw new HttpFail(400, `Transaction on ${t.date} is on or before the lock date ${book.lockDate} of this book`);
  };
  const change: StoredTransaction[] = [];
  for (const t of targets) {
    if (op === "post") {
      if (!POST.includes(permission)) deny("post transactions");
      if (t.trashed) throw new HttpFail(400, "Cannot post a trashed transaction");
      if (t.posted) continue;
      locked(t);
      if (!t.creditAccountId || !t.debitAccountId || !t.amount) throw new HttpFail(400, "Cannot post an incomplete transaction: it needs an amount and both accounts");
      if (t.creditAccountId === t.debitAccountId) throw new HttpFail(400, "Credit and debit accounts must differ");
    } else if (op === "check" || op === "uncheck") {
      if (!CHECK.includes(permission)) deny(`${op} transactions`);
      if (t.trashed) throw new HttpFail(400, `Cannot ${op} a trashed transaction`);
      if (op === "check" && !t.posted) throw new HttpFail(400, "Cannot check a draft");
      if (t.checked === (op === "check")) continue;
      locked(t);
    } else {
      if (!(t.posted ? POST : RECORD).includes(permission)) deny(`${op} ${t.posted ? "posted transactions" : "drafts"}`);
      if (t.trashed === (op === "trash")) continue;
      if (op === "trash" && t.checked && !trashChecked) throw new HttpFail(400, "Cannot trash a checked transaction");
      locked(t);
    }
    change.push(t);
  }
  for (const t of change) {
    if (op === "post") t.posted = true;
    if (op === "check") t.checked = true;
    if (op === "uncheck") t.checked = false;
    if (op === "trash") {
      t.trashed = true;
      t.checked = false;
    }
    if (op === "untrash") t.trashed = false;
  }
  return {};
}
