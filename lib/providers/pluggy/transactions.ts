/**
 * Pluggy transactions as normalized pages (docs/reference/providers.md §3.6, §5.2).
 *
 * Pluggy pages per ACCOUNT (`GET /v2/transactions`, keyset cursor `after`), has no item-wide
 * change feed and no "removed" list. The cursor here is our own opaque string (base64url JSON,
 * zod-validated) that walks every account of the item, one Pluggy page per call:
 *
 * - cursor null: a full pass, every account's whole history.
 * - later passes: only rows Pluggy ingested since the last pass (`createdAtFrom`), re-reading an
 *   overlap (default 2 days before the ingestion high-water mark, Pluggy's own clock) so rows
 *   written with an earlier `createdAt` than the last one seen are not missed. Rows already
 *   delivered in that overlap are recognised by a short hash kept in the cursor and not repeated;
 *   one whose `updatedAt` moved on comes back in `modified`.
 * - an account the item did not have before gets its full history.
 *
 * Not covered by paging, by design of Pluggy's API: deletions (`transactions/deleted` webhooks,
 * or a periodic reconciliation re-read, remove them in the sync engine) and in-place updates of
 * rows created before the overlap (`transactions/updated` webhooks carry their ids).
 */
import { createHash } from "node:crypto";
import { DAY_MS } from "@/lib/dates";
import type { PluggyClient } from "pluggy-sdk";
import { z } from "zod";
import { ProviderError } from "../errors";
import { type BankTransaction, type TransactionDirection, type TransactionPage, type TransactionPageOptions, toDecimalAmount } from "../transactions";
import { toProviderError } from "./errors";
import { pluggyDetails } from "./details";

export const DEFAULT_OVERLAP_DAYS = 2;
/** Pluggy dates are instants; Brazilian banks book by the São Paulo calendar day. */
const TIME_ZONE = "America/Sao_Paulo";

// ---------------------------------------------------------------------------------------------
// Cursor

const passAccount = z.object({ id: z.string().min(1), card: z.boolean(), currency: z.string().nullable(), full: z.boolean() });

/** Hashes of delivered rows grouped by their createdAt (ms): `[createdAtMs, "h1h2h3…"]`, 8 chars each. */
const seenGroups = z.array(z.tuple([z.number().int(), z.string().regex(/^(?:[A-Za-z0-9_-]{8})*$/)]));

export const pluggyCursorSchema = z.object({
  v: z.literal(1),
  itemId: z.string().min(1),
  /** Latest createdAt/updatedAt (ms, Pluggy's clock) of any row read by a finished pass. */
  hwm: z.number().int().nullable(),
  /** Rows delivered with createdAt ≥ hwm − overlap. */
  seen: seenGroups,
  /** Accounts whose full history has been read. */
  known: z.array(z.string()),
  /** The pass under way (null between passes). */
  pass: z
    .object({
      /** createdAtFrom (ms) for the accounts not read in full; null = full history. */
      from: z.number().int().nullable(),
      accounts: z.array(passAccount),
      index: z.number().int().min(0),
      after: z.string().min(1).nullable(),
      /** Highest createdAt/updatedAt seen so far in this pass. */
      max: z.number().int().nullable(),
      collected: seenGroups,
    })
    .nullable(),
});

export type PluggyCursor = z.infer<typeof pluggyCursorSchema>;

function invalidCursor(why: string): ProviderError {
  return new ProviderError("PROVIDER_ERROR", `The saved Pluggy transaction cursor cannot be used (${why}); sync again from the start.`, { providerCode: "INVALID_CURSOR" });
}

export function encodePluggyCursor(c: PluggyCursor): string {
  return Buffer.from(JSON.stringify(pluggyCursorSchema.parse(c)), "utf8").toString("base64url");
}

export function decodePluggyCursor(s: string, itemId: string): PluggyCursor {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) throw invalidCursor("not base64url");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor("not JSON");
  }
  const parsed = pluggyCursorSchema.safeParse(json);
  if (!parsed.success) throw invalidCursor("unknown shape");
  const c = parsed.data;
  if (c.itemId !== itemId) throw invalidCursor("it belongs to another item");
  if (c.pass && c.pass.index > c.pass.accounts.length) throw invalidCursor("account position out of range");
  return c;
}

/** 48 bits of sha256, base64url: 8 characters per row. */
export function rowHash(id: string): string {
  return createHash("sha256").update(id).digest().subarray(0, 6).toString("base64url");
}

function groupsToMap(groups: [number, string][], into = new Map<number, Set<string>>()): Map<number, Set<string>> {
  for (const [at, hashes] of groups) {
    const set = into.get(at) ?? new Set<string>();
    for (let i = 0; i < hashes.length; i += 8) set.add(hashes.slice(i, i + 8));
    into.set(at, set);
  }
  return into;
}

function mapToGroups(map: Map<number, Set<string>>, minAt: number | null): [number, string][] {
  return [...map.entries()]
    .filter(([at]) => minAt === null || at >= minAt)
    .sort((a, b) => a[0] - b[0])
    .map(([at, set]) => [at, [...set].sort().join("")]);
}

// ---------------------------------------------------------------------------------------------
// Rows

const dateish = z.union([z.date(), z.string().min(1)]).transform((v, ctx) => {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: "invalid date" });
    return z.NEVER;
  }
  return d;
});

const pluggyTransaction = z.object({
  id: z.string().min(1),
  accountId: z.string().min(1),
  date: dateish,
  description: z.string().nullish(),
  descriptionRaw: z.string().nullish(),
  amount: z.number().finite(),
  amountInAccountCurrency: z.number().finite().nullish(),
  // The balance after the transaction, where the bank gives it (a bad value is not a bad transaction).
  balance: z.number().finite().nullish().catch(null),
  currencyCode: z.string().nullish(),
  type: z.enum(["DEBIT", "CREDIT"]).nullish().catch(null),
  status: z.string().nullish(),
  merchant: z.object({ name: z.string().nullish(), businessName: z.string().nullish() }).nullish(),
  // Evidence for transfer pairing only: unreadable values are dropped, the transaction is still read.
  categoryId: z.string().max(100).nullish().catch(null),
  paymentData: z
    .object({
      referenceNumber: z.string().max(200).nullish(),
      payer: z.object({ accountNumber: z.string().max(100).nullish() }).nullish(),
      receiver: z.object({ accountNumber: z.string().max(100).nullish() }).nullish(),
    })
    .nullish()
    .catch(null),
  creditCardMetadata: z.object({ billId: z.string().max(200).nullish() }).nullish().catch(null),
  createdAt: dateish,
  updatedAt: dateish,
});

type PluggyRow = z.infer<typeof pluggyTransaction>;

/**
 * Direction from the ACCOUNT's point of view. Pluggy's `type` says it (DEBIT = money out, CREDIT =
 * money in) on every account type. Only without a usable `type` is the sign read, and then per
 * account type: BANK outflows are negative, but on CREDIT (card) accounts the sign is inverted —
 * a purchase is positive, a payment or refund negative (actual#4628).
 */
export function pluggyDirection(type: string | null | undefined, amount: number, accountIsCard: boolean): TransactionDirection {
  if (type === "DEBIT") return "out";
  if (type === "CREDIT") return "in";
  if (accountIsCard) return amount > 0 ? "out" : "in";
  return amount < 0 ? "out" : "in";
}

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** The São Paulo calendar day of a Pluggy instant (Pluggy sends 00:00 local as T03:00:00Z). */
export function pluggyLocalDate(d: Date): string {
  const parts = Object.fromEntries(dayFormat.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function toBankTransaction(raw: unknown, account: { card: boolean; currency: string | null }, opts: { includeRaw?: boolean } = {}): BankTransaction {
  return fromRow(parseRow(raw), account, raw, opts);
}

function parseRow(raw: unknown): PluggyRow {
  const parsed = pluggyTransaction.safeParse(raw);
  if (!parsed.success) {
    const id = raw && typeof raw === "object" && "id" in raw ? String((raw as { id: unknown }).id) : "?";
    throw new ProviderError("PROVIDER_ERROR", `Pluggy sent a transaction that cannot be read (${id}): ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

function fromRow(t: PluggyRow, account: { card: boolean; currency: string | null }, raw: unknown, opts: { includeRaw?: boolean }): BankTransaction {
  const direction = pluggyDirection(t.type, t.amount, account.card);
  const details = pluggyDetails(raw, direction);
  // A foreign-currency card purchase: book what it cost in the account's currency.
  const foreign = t.amountInAccountCurrency != null && account.currency !== null && t.currencyCode != null && t.currencyCode !== account.currency;
  const currency = foreign ? account.currency! : (t.currencyCode ?? account.currency ?? "BRL");
  const magnitude = foreign ? t.amountInAccountCurrency! : t.amount;
  return {
    providerTransactionId: t.id,
    providerAccountId: t.accountId,
    date: pluggyLocalDate(t.date),
    amount: toDecimalAmount(magnitude, currency),
    direction,
    currency,
    description: (t.merchant?.name?.trim() || t.description?.trim() || t.descriptionRaw?.trim()) ?? "",
    pending: t.status === "PENDING",
    pendingTransactionId: null,
    category: t.categoryId ?? null,
    paymentData: t.paymentData
      ? { referenceNumber: t.paymentData.referenceNumber ?? null, payerAccount: t.paymentData.payer?.accountNumber ?? null, receiverAccount: t.paymentData.receiver?.accountNumber ?? null }
      : null,
    billId: t.creditCardMetadata?.billId ?? null,
    // A running balance in another currency than the account's would not be the account's balance.
    ...(typeof t.balance === "number" && !foreign ? { runningBalance: t.balance.toFixed(8) } : {}),
    ...(details ? { details } : {}),
    ...(opts.includeRaw ? { raw } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Paging

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toProviderError(err);
  }
}

function afterOf(next: string | null): string | null {
  if (!next) return null;
  try {
    return new URL(next, "http://pluggy.invalid").searchParams.get("after") || null;
  } catch {
    return null;
  }
}

/**
 * Fetches the next page for the item (one Pluggy page of one account per call). Pass the
 * returned `nextCursor` back until `hasMore` is false; save only that last cursor.
 */
export async function fetchTransactionsPage(client: PluggyClient, itemId: string, cursor: string | null, opts: TransactionPageOptions = {}): Promise<TransactionPage> {
  const overlapMs = Math.max(0, opts.overlapDays ?? DEFAULT_OVERLAP_DAYS) * DAY_MS;
  const state: PluggyCursor = cursor ? decodePluggyCursor(cursor, itemId) : { v: 1, itemId, hwm: null, seen: [], known: [], pass: null };

  if (!state.pass) {
    const accounts = await call(() => client.fetchAccounts(itemId));
    state.pass = {
      from: state.hwm === null ? null : state.hwm - overlapMs,
      accounts: accounts.results.map((a) => ({ id: a.id, card: a.type === "CREDIT", currency: a.currencyCode ?? null, full: state.hwm === null || !state.known.includes(a.id) })),
      index: 0,
      after: null,
      max: null,
      collected: [],
    };
  }
  const pass = state.pass;
  const page: TransactionPage = { added: [], modified: [], removed: [], nextCursor: "", hasMore: false };

  const account = pass.accounts[pass.index];
  if (account) {
    const filters = {
      ...(!account.full && pass.from !== null ? { createdAtFrom: new Date(pass.from).toISOString() } : {}),
      ...(pass.after ? { after: pass.after } : {}),
    };
    const res = await call(() => client.fetchTransactionsCursor(account.id, filters));
    const prevSeen = groupsToMap(state.seen);
    const collected = groupsToMap(pass.collected);
    for (const raw of res.results) {
      const row = parseRow(raw);
      const createdAt = row.createdAt.getTime();
      const updatedAt = row.updatedAt.getTime();
      const hash = rowHash(row.id);
      const delivered = prevSeen.get(createdAt)?.has(hash) ?? false;
      if (!delivered) page.added.push(fromRow(row, account, raw, opts));
      else if (state.hwm !== null && updatedAt > state.hwm) page.modified.push(fromRow(row, account, raw, opts));
      const set = collected.get(createdAt) ?? new Set<string>();
      set.add(hash);
      collected.set(createdAt, set);
      pass.max = Math.max(pass.max ?? createdAt, createdAt, updatedAt);
    }
    pass.collected = mapToGroups(collected, null);
    const after = afterOf(res.next);
    if (after && after !== pass.after) pass.after = after;
    else {
      pass.index += 1;
      pass.after = null;
    }
  }

  if (pass.index >= pass.accounts.length) {
    // The pass is complete: move the high-water mark and keep only the overlap's hashes.
    const hwm = pass.max === null ? state.hwm : Math.max(state.hwm ?? pass.max, pass.max);
    const merged = groupsToMap(pass.collected, groupsToMap(state.seen));
    state.seen = hwm === null ? [] : mapToGroups(merged, hwm - overlapMs);
    state.hwm = hwm;
    state.known = [...new Set([...state.known.filter((id) => pass.accounts.some((a) => a.id === id)), ...pass.accounts.map((a) => a.id)])].sort();
    state.pass = null;
    page.hasMore = false;
  } else {
    page.hasMore = true;
  }
  page.nextCursor = encodePluggyCursor(state);
  return page;
}

/**
 * Every transaction of every account of the item dated on or after `fromDate` (YYYY-MM-DD), for
 * the engine's reconciliation re-read: what is stored but no longer listed was deleted at Pluggy.
 */
export async function listTransactionsSince(client: PluggyClient, itemId: string, fromDate: string): Promise<{ providerAccountIds: string[]; transactions: BankTransaction[] }> {
  const accounts = await call(() => client.fetchAccounts(itemId));
  const transactions: BankTransaction[] = [];
  for (const a of accounts.results) {
    const account = { card: a.type === "CREDIT", currency: a.currencyCode ?? null };
    let after: string | null = null;
    for (let page = 0; page < 10_000; page++) {
      const res = await call(() => client.fetchTransactionsCursor(a.id, { dateFrom: fromDate, ...(after ? { after } : {}) }));
      for (const raw of res.results) transactions.push(toBankTransaction(raw, account));
      const next = afterOf(res.next);
      if (!next || next === after) break;
      after = next;
    }
  }
  return { providerAccountIds: accounts.results.map((a) => a.id), transactions };
}
