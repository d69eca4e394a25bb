import { canDo, WORKBENCH_NEEDS, type WorkbenchOperation } from "../roles";
import { addDays, isoDay } from "@/lib/dates";
import { AppError, notAllowed } from "@/lib/errors";
import type { BookAccount, BookInfo, BookRoleName, BookTransaction, TransactionEdit, TransactionPage, TransactionQuery } from "../types";

type BkperBookEntry = { info: BookInfo; role: BookRoleName };
import { transactionGone } from "../update-rules";
import { checkIds, decodeCursor, encodeCursor, normaliseEdit, normaliseQuery, planChanges, type WorkbenchOp } from "../workbench-rules";
import type { BkperClient } from "./client";
import { isBkperError } from "./errors";
import type { BkperRawTransaction } from "./schemas";
import { toTransaction, toUpdateBody } from "./transform";

/**
 * The workbench on Bkper Books (docs/reference/bkper.md §1): each transaction is read (GET
 * …/transactions/{id}), the same rules as local Books are checked for all of them (so the words are
 * ours and nothing is sent unless all may change), then the batch PATCH is sent with the transactions
 * as read, 100 at a time. Bkper applies its own permissions and locks too.
 */

export type BkperWorkbenchDeps = {
  client: BkperClient;
  entry: (bookId: string) => Promise<BkperBookEntry>;
  accounts: (bookId: string) => Promise<BookAccount[]>;
  batchSize: number;
};

const PATH: Record<WorkbenchOp, "post" | "check" | "uncheck" | "trash" | "untrash"> = { post: "post", check: "check", uncheck: "uncheck", trash: "trash", restore: "untrash" };

function requireRole(entry: BkperBookEntry, op: WorkbenchOperation): void {
  if (!canDo(entry.role, op)) throw new AppError("FORBIDDEN", notAllowed(WORKBENCH_NEEDS[op]));
}

async function readAll(client: BkperClient, bookId: string, ids: string[]): Promise<Map<string, BkperRawTransaction>> {
  const out = new Map<string, BkperRawTransaction>();
  for (let i = 0; i < ids.length; i += 8) {
    const chunk = ids.slice(i, i + 8);
    const read = await Promise.all(
      chunk.map((id) =>
        client.getTransaction(bookId, id).catch((err: unknown) => {
          if (isBkperError(err, "NOT_FOUND")) return null;
          throw err;
        }),
      ),
    );
    read.forEach((r, k) => {
      if (r) out.set(chunk[k]!, r);
    });
  }
  return out;
}

export async function applyBkper(d: BkperWorkbenchDeps, bookId: string, op: WorkbenchOp, ids: string[]): Promise<void> {
  const wanted = checkIds(ids);
  const entry = await d.entry(bookId);
  requireRole(entry, op);
  const fd = entry.info.fractionDigits;
  const [raws, accounts] = await Promise.all([readAll(d.client, bookId, wanted), op === "post" ? d.accounts(bookId) : Promise.resolve([])]);
  const found = new Map([...raws].map(([id, r]) => [id, toTransaction(r.transaction, fd)]));
  const change = planChanges(op, wanted, found, entry.info, new Map(accounts.map((a) => [a.id, a])));
  for (let i = 0; i < change.length; i += d.batchSize) {
    const items = change.slice(i, i + d.batchSize).map((t) => raws.get(t.id)!.raw);
    await d.client.patchTransactionsBatch(bookId, PATH[op], items);
  }
}

export async function editBkper(d: BkperWorkbenchDeps, bookId: string, transactionId: string, edit: TransactionEdit): Promise<BookTransaction> {
  const entry = await d.entry(bookId);
  const fd = entry.info.fractionDigits;
  const read = await d.client.getTransaction(bookId, transactionId).catch((err: unknown) => {
    throw isBkperError(err, "NOT_FOUND") ? transactionGone() : err;
  });
  const current = toTransaction(read.transaction, fd);
  requireRole(entry, current.posted ? "editPosted" : "complete");
  const e = normaliseEdit(current, edit, entry.info, await d.accounts(bookId));
  const body = toUpdateBody(read.raw, read.transaction.id, e);
  // A PUT replaces the transaction: the Accounts are sent as references, or left out to clear a side.
  delete body.creditAccount;
  delete body.debitAccount;
  if (e.creditAccountId) body.creditAccount = { id: e.creditAccountId };
  if (e.debitAccountId) body.debitAccount = { id: e.debitAccountId };
  const updated = await d.client.updateTransaction(bookId, body).catch((err: unknown) => {
    throw isBkperError(err, "NOT_FOUND") ? transactionGone() : err;
  });
  if (updated) return toTransaction(updated, fd);
  return toTransaction((await d.client.getTransaction(bookId, transactionId)).transaction, fd);
}

/** The trail of Bkper cursors that led to this page (Bkper's own cursors only go forward). */
type Trail = { t: string[] };
const isTrail = (v: unknown): v is Trail => typeof v === "object" && v !== null && Array.isArray((v as Trail).t) && (v as Trail).t.length <= 200 && (v as Trail).t.every((c) => typeof c === "string");

/** Words in a quoted term of Bkper's query language: no quotes or backslashes. */
const quoteSafe = (s: string) => s.replace(/['"\\()]/g, " ").trim();

/**
 * The Bkper search query for a filter (docs/reference/bkper.md §1 "Query language"): `is:draft`,
 * `is:posted is:unchecked`, `is:checked`, `is:trashed`, `account:'Name'`, `after:` (inclusive) and
 * `before:` (exclusive) with ISO dates, and the words of the text. Null when the Account is unknown.
 */
export function pageQuery(q: ReturnType<typeof normaliseQuery>, accountName: string | null | undefined): string | null {
  const parts: string[] = [];
  if (q.status === "draft") parts.push("is:draft");
  if (q.status === "posted") parts.push("is:posted", "is:unchecked");
  if (q.status === "checked") parts.push("is:checked");
  if (q.status === "trashed") parts.push("is:trashed");
  if (accountName === null) return null;
  if (accountName !== undefined) parts.push(`account:'${quoteSafe(accountName)}'`);
  if (q.from) parts.push(`after:${q.from}`);
  if (q.to) parts.push(`before:${isoDay(addDays(new Date(`${q.to}T00:00:00Z`), 1))}`);
  for (const word of (q.text ? quoteSafe(q.text) : "").split(/\s+/).filter(Boolean)) parts.push(`'${word}'`);
  return parts.join(" ");
}

export async function pageBkper(d: BkperWorkbenchDeps, bookId: string, query: TransactionQuery): Promise<TransactionPage> {
  const q = normaliseQuery(query);
  const trail = q.cursor ? decodeCursor(q.cursor, isTrail).t : [];
  const entry = await d.entry(bookId);
  const accountName = q.accountId ? ((await d.accounts(bookId)).find((a) => a.id === q.accountId)?.name ?? null) : undefined;
  const search = pageQuery(q, accountName);
  const previous = trail.length > 0 ? encodeCursor({ t: trail.slice(0, -1) } satisfies Trail) : null;
  if (search === null) return { items: [], next: null, previous };
  const answer = await d.client.searchTransactions(bookId, { query: search, limit: q.limit, cursor: trail[trail.length - 1] });
  let items = answer.items.map((t) => toTransaction(t, entry.info.fractionDigits));
  // Bkper matches an Account by name; the id decides (two Accounts cannot share a name, but be exact).
  if (q.accountId) items = items.filter((t) => t.creditAccountId === q.accountId || t.debitAccountId === q.accountId);
  const next = answer.cursor && answer.items.length >= q.limit ? encodeCursor({ t: [...trail, answer.cursor] } satisfies Trail) : null;
  return { items, next, previous };
}

