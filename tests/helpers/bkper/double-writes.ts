/// <reference types="@bkper/bkper-api-types" />
import { addDays, isIsoDay, isoDay } from "@/lib/dates";
import {
  ACCOUNT_READ_ONLY,
  ACCOUNT_TYPES,
  ACCOUNT_WRITABLE,
  HttpFail,
  TX_READ_ONLY,
  TX_WRITABLE,
  type AccountType,
  type DoubleOptions,
  type Permission,
  type StoredAccount,
  type StoredBook,
  type StoredTransaction,
} from "./double-types";
import { accountJson, checkFields, expectObject, txJson } from "./double-wire";

/** The Bkper double's writes (PUT /transactions, POST /accounts, POST /transactions/batch) and GET /balances. */

/** What the writes need from the double: its options, its test hooks and its id sequence. */
export type DoubleContext = {
  readonly options: DoubleOptions;
  readonly hooks: { beforeBatchCreate?: (book: StoredBook) => void; beforeAccountCreate?: (book: StoredBook) => void };
  nextId(prefix: string): string;
};

/**
 * PUT /transactions: the body replaces the transaction (bkper-js sends the whole payload it read, read-only
 * fields included, which are ignored). A writable field left out is cleared — so a client that forgets
 * to send the remote ids or Accounts back loses them, as it would on Bkper. Checked or trashed
 * transactions and dates in a locked period are refused.
 */
export function updateTransaction(book: StoredBook, body: unknown, permission: Permission): bkper.TransactionOperation {
  const t = expectObject(body, "Transaction");
  if (typeof t.id !== "string" || !t.id) throw new HttpFail(400, "Transaction id is required");
  const found = book.transactions.find((x) => x.id === t.id);
  if (!found) throw new HttpFail(404, "Transaction not found", "notFound");
  const next = validateTransaction(book, t, "Transaction", { ignoreReadOnly: true });
  if (found.trashed) throw new HttpFail(400, "Cannot update a trashed transaction");
  if (found.checked) throw new HttpFail(400, "Cannot update a checked transaction");
  if (found.posted && !["OWNER", "EDITOR", "POSTER"].includes(permission)) throw new HttpFail(403, `Permission ${permission} cannot update posted transactions`, "forbidden");
  for (const date of [found.date, next.date]) {
    if (book.closingDate && date <= book.closingDate) throw new HttpFail(400, `Cannot update a transaction on ${date}: on or before the closing date ${book.closingDate} of this book`);
    if (book.lockDate && date <= book.lockDate) throw new HttpFail(400, `Cannot update a transaction on ${date}: on or before the lock date ${book.lockDate} of this book`);
  }
  const taken = book.transactions.find((x) => x.id !== found.id && x.remoteIds.some((r) => next.remoteIds.includes(r)));
  if (taken) throw new HttpFail(400, `Remote id already in use by another transaction`);
  found.date = next.date;
  found.amount = next.amount;
  found.description = next.description;
  found.creditAccountId = next.creditAccountId;
  found.debitAccountId = next.debitAccountId;
  found.remoteIds = next.remoteIds;
  found.properties = next.properties;
  found.updates = (found.updates ?? 0) + 1;
  return { transaction: txJson(book, found) };
}

export function createAccount(ctx: DoubleContext, book: StoredBook, body: unknown): bkper.Account {
  const a = expectObject(body, "Account");
  checkFields(a, ACCOUNT_WRITABLE, ACCOUNT_READ_ONLY, "Account");
  if (typeof a.name !== "string" || a.name.trim() === "") throw new HttpFail(400, "Account name is required");
  if (a.type !== undefined && !ACCOUNT_TYPES.includes(a.type as AccountType)) throw new HttpFail(400, `Invalid account type: ${String(a.type)}`);
  ctx.hooks.beforeAccountCreate?.(book);
  if (book.accounts.some((x) => x.name.toLowerCase() === (a.name as string).trim().toLowerCase())) {
    throw new HttpFail(400, `Account name already in use: ${a.name}`);
  }
  const stored: StoredAccount = { id: ctx.nextId("acc"), name: a.name.trim(), type: (a.type as AccountType) ?? "ASSET", archived: a.archived === true, createdAt: Date.now() };
  book.accounts.push(stored);
  return accountJson(stored);
}

export function createBatch(ctx: DoubleContext, book: StoredBook, body: unknown, agentId: string | undefined): bkper.TransactionList {
  const list = expectObject(body, "TransactionList");
  checkFields(list, new Set(["items"]), new Set(["account", "cursor"]), "TransactionList");
  if (!Array.isArray(list.items) || list.items.length === 0) throw new HttpFail(400, "TransactionList.items is required");
  if (list.items.length > ctx.options.maxBatchSize) throw new HttpFail(400, `A batch holds at most ${ctx.options.maxBatchSize} transactions; this one has ${list.items.length}`);
  const drafts = list.items.map((item, i) => validateTransaction(book, item, `items[${i}]`));
  ctx.hooks.beforeBatchCreate?.(book);
  for (const d of drafts) {
    if (book.closingDate && d.date <= book.closingDate) throw new HttpFail(400, `Cannot record a transaction on ${d.date}: on or before the closing date ${book.closingDate} of this book`);
    if (book.lockDate && d.date <= book.lockDate) throw new HttpFail(400, `Cannot record a transaction on ${d.date}: on or before the lock date ${book.lockDate} of this book`);
  }
  const out: bkper.Transaction[] = [];
  // Remote id → holder for the batch's remote ids, in one pass over the Book (a Book of many thousands
  // was searched once per item otherwise).
  const wanted = new Set(drafts.flatMap((d) => d.remoteIds));
  const held = new Map<string, StoredTransaction>();
  for (const t of book.transactions) for (const r of t.remoteIds) if (wanted.has(r) && !held.has(r)) held.set(r, t);
  if (ctx.options.duplicateRemoteIds === "refuse") {
    const known = drafts.flatMap((d) => d.remoteIds).find((r) => held.has(r));
    if (known) throw new HttpFail(400, `Remote id ${known} already exists in this book`);
  }
  for (const d of drafts) {
    const existing = d.remoteIds.map((r) => held.get(r)).find((t) => t !== undefined);
    if (existing) {
      if (ctx.options.duplicateRemoteIds === "return-existing") out.push(txJson(book, existing));
      continue;
    }
    const complete = Boolean(d.amount && d.creditAccountId && d.debitAccountId);
    const stored: StoredTransaction = { ...d, id: ctx.nextId("tx"), posted: complete && !d.draft, checked: false, trashed: false, createdAt: Date.now(), agentId };
    delete (stored as { draft?: boolean }).draft;
    book.transactions.push(stored);
    for (const r of stored.remoteIds) if (!held.has(r)) held.set(r, stored);
    out.push(txJson(book, stored));
  }
  return out.length ? { items: out } : {};
}

function validateTransaction(book: StoredBook, item: unknown, what: string, options: { ignoreReadOnly?: boolean } = {}): Omit<StoredTransaction, "id" | "posted" | "checked" | "trashed" | "createdAt"> & { draft: boolean } {
  const t = { ...expectObject(item, what) };
  if (options.ignoreReadOnly) for (const key of TX_READ_ONLY) delete t[key];
  checkFields(t, TX_WRITABLE, TX_READ_ONLY, what);
  if (typeof t.date !== "string" || !isIsoDay(t.date)) throw new HttpFail(400, `${what}.date must be an ISO date yyyy-MM-dd`);
  if (t.amount !== undefined) {
    if (typeof t.amount !== "string" || !/^\d+(\.\d+)?$/.test(t.amount)) throw new HttpFail(400, `${what}.amount must be a positive decimal string (####.##)`);
    const decimals = t.amount.split(".")[1]?.length ?? 0;
    if (decimals > book.fractionDigits) throw new HttpFail(400, `${what}.amount has ${decimals} decimals; this book has ${book.fractionDigits}`);
  }
  if (t.description !== undefined && typeof t.description !== "string") throw new HttpFail(400, `${what}.description must be a string`);
  if (t.draft !== undefined && typeof t.draft !== "boolean") throw new HttpFail(400, `${what}.draft must be a boolean`);
  if (t.remoteIds !== undefined && (!Array.isArray(t.remoteIds) || !t.remoteIds.every((r) => typeof r === "string" && r.length > 0))) {
    throw new HttpFail(400, `${what}.remoteIds must be a list of strings`);
  }
  if (t.properties !== undefined && (typeof t.properties !== "object" || t.properties === null || Array.isArray(t.properties) || !Object.values(t.properties).every((v) => typeof v === "string"))) {
    throw new HttpFail(400, `${what}.properties must map names to strings`);
  }
  const account = (side: "creditAccount" | "debitAccount"): string | undefined => {
    const ref = t[side];
    if (ref === undefined) return undefined;
    const r = expectObject(ref, `${what}.${side}`);
    const keys = Object.keys(r);
    // On create, a reference is {"id"} or {"name"}; an update sends back the whole Account it read.
    if ((!options.ignoreReadOnly && keys.length !== 1) || (typeof r.id !== "string" && typeof r.name !== "string")) throw new HttpFail(400, `${what}.${side} must be {"id"} or {"name"}`);
    const found = book.accounts.find((a) => (typeof r.id === "string" ? a.id === r.id : a.name.toLowerCase() === String(r.name).toLowerCase()));
    if (!found) throw new HttpFail(400, `Account not found: ${String(r.id ?? r.name)}`);
    return found.id;
  };
  return {
    date: t.date,
    amount: t.amount as string | undefined,
    description: (t.description as string | undefined) ?? "",
    creditAccountId: account("creditAccount"),
    debitAccountId: account("debitAccount"),
    remoteIds: [...((t.remoteIds as string[] | undefined) ?? [])],
    properties: { ...((t.properties as Record<string, string> | undefined) ?? {}) },
    draft: t.draft === true,
  };
}

/**
 * GET /balances for the one query the gateway sends (`before:$d+1`, or `before:yyyy-MM-dd`): per Account
 * the raw cumulative balance of posted, untrashed transactions before that day — credits minus debits, the
 * sign bkper-js `getRepresentativeValue` flips for debit-nature Accounts. `options.balances: "url"` answers
 * like a report too large to inline.
 */
export function balances(book: StoredBook, query: string, mode: DoubleOptions["balances"]): bkper.Balances & { balancesUrl?: string } {
  const m = /^before:(\$d\+1|\d{4}-\d{2}-\d{2})$/.exec(query.trim());
  if (!m) throw new HttpFail(400, `Invalid query: ${query}`);
  if (mode === "url") return { balancesUrl: "https://storage.example.com/balances/report.json" };
  const before = m[1] === "$d+1" ? isoDay(addDays(new Date(), 1)) : m[1]!;
  const scale = 10n ** BigInt(book.fractionDigits);
  const minor = (amount: string) => {
    const [i, f = ""] = amount.split(".");
    return BigInt(i!) * scale + BigInt((f + "0".repeat(book.fractionDigits)).slice(0, book.fractionDigits) || "0");
  };
  const raw = new Map<string, bigint>(book.accounts.map((a) => [a.id, 0n]));
  for (const t of book.transactions) {
    if (!t.posted || t.trashed || !t.amount || t.date >= before) continue;
    if (t.creditAccountId) raw.set(t.creditAccountId, raw.get(t.creditAccountId)! + minor(t.amount));
    if (t.debitAccountId) raw.set(t.debitAccountId, raw.get(t.debitAccountId)! - minor(t.amount));
  }
  const text = (v: bigint) => {
    const neg = v < 0n;
    const digits = (neg ? -v : v).toString().padStart(book.fractionDigits + 1, "0");
    const cut = digits.length - book.fractionDigits;
    return `${neg ? "-" : ""}${digits.slice(0, cut)}${book.fractionDigits ? `.${digits.slice(cut)}` : ""}`;
  };
  return {
    accountBalances: book.accounts.map((a) => ({
      name: a.name,
      normalizedName: a.name.toLowerCase().replace(/[^a-z0-9]+/g, "_"),
      credit: a.type === "LIABILITY" || a.type === "INCOMING",
      cumulativeBalance: text(raw.get(a.id)!),
    })),
  };
}
