/** /accounts/balance/get, /auth/get, /identity/get and /transactions/get. */
import { getInstitution } from "@bank-connections/sandbox/data/institutions";
import { visibleAt } from "@bank-connections/sandbox/data/view";
import { type HandlerCtx, queueWebhook, requireItem } from "./context";
import { PlaidApiError } from "./errors";
import { accountsFor } from "./items";
import { numbersFor, ownerFor } from "./numbers";
import { ensureProduct } from "./products";
import { accountsOptionsSchema, parseBody, transactionsGetSchema } from "./schemas";
import type { PlaidItemRecord } from "./state";
import { itemData, itemMinDate } from "./sync";
import { syncUpdatesPayload } from "./transactions";
import { toPlaidItem, toPlaidTransaction } from "./transform";

const itemBody = (item: PlaidItemRecord) => toPlaidItem(item, getInstitution(item.institutionId));

export function accountsBalanceGet(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(accountsOptionsSchema, raw);
  const item = requireItem(ctx, body.access_token);
  ensureProduct(item, getInstitution(item.institutionId), "balance");
  return { accounts: accountsFor(ctx, item, body.options?.account_ids), item: itemBody(item) };
}

export function authGet(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(accountsOptionsSchema, raw);
  const item = requireItem(ctx, body.access_token);
  const inst = getInstitution(item.institutionId);
  ensureProduct(item, inst, "auth");
  // Auth covers depository accounts only.
  const accounts = accountsFor(ctx, item, body.options?.account_ids).filter((a) => a.type === "depository");
  const data = itemData(item, ctx.state.seed, ctx.clock);
  const numbers = { ach: [] as unknown[], eft: [] as unknown[], international: [] as unknown[], bacs: [] as unknown[] };
  for (const a of accounts) {
    const src = data.accounts.find((x) => x.accountId === a.account_id);
    if (!src || !inst) continue;
    const n = numbersFor(inst, src);
    if (n.ach) numbers.ach.push(n.ach);
    if (n.eft) numbers.eft.push(n.eft);
    if (n.bacs) numbers.bacs.push(n.bacs);
    if (n.international) numbers.international.push(n.international);
  }
  return { accounts, numbers, item: itemBody(item) };
}

export function identityGet(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(accountsOptionsSchema, raw);
  const item = requireItem(ctx, body.access_token);
  ensureProduct(item, getInstitution(item.institutionId), "identity");
  const data = itemData(item, ctx.state.seed, ctx.clock);
  const accounts = accountsFor(ctx, item, body.options?.account_ids).map((a) => {
    const src = data.accounts.find((x) => x.accountId === a.account_id);
    return { ...a, owners: src ? [ownerFor(data.country, src)] : [] };
  });
  return { accounts, item: itemBody(item) };
}

/**
 * /transactions/get: what the bank shows now between start_date and end_date (newest first),
 * paged by options.count/offset. Before the item's first extraction is done it answers
 * PRODUCT_NOT_READY and completes that extraction (as /transactions/sync's NOT_READY does).
 */
export function transactionsGet(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(transactionsGetSchema, raw);
  if (body.start_date > body.end_date) throw new PlaidApiError("INVALID_FIELD", "start_date must be on or before end_date");
  const item = requireItem(ctx, body.access_token);
  if (!item.products.includes("transactions")) {
    item.products = [...item.products, "transactions"];
    item.phase = "NOT_READY";
  }
  if (item.phase === "NOT_READY") {
    item.phase = ctx.state.readiness === "staged" ? "INITIAL" : "HISTORICAL";
    queueWebhook(ctx, item, "TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", syncUpdatesPayload(item));
    throw new PlaidApiError("PRODUCT_NOT_READY");
  }
  const data = itemData(item, ctx.state.seed, ctx.clock);
  const accounts = accountsFor(ctx, item, body.options?.account_ids);
  const ids = accounts.map((a) => a.account_id);
  const minDate = itemMinDate(item, data);
  const all = visibleAt(data, ctx.clock.nowMs, { minDate: minDate > body.start_date ? minDate : body.start_date, accountIds: ids })
    .filter((t) => t.date <= body.end_date)
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const offset = body.options?.offset ?? 0;
  const count = body.options?.count ?? 100;
  const opts = { includeOriginalDescription: body.options?.include_original_description ?? false };
  return {
    accounts,
    transactions: all.slice(offset, offset + count).map((t) => toPlaidTransaction(t, opts)),
    total_transactions: all.length,
    item: itemBody(item),
  };
}
