/**
 * One page of Plaid /transactions/sync, normalized (docs/reference/providers.md §2.7, §5.1).
 * Plaid's `amount` is positive for money OUT of the account, for every account type.
 */
import type { PlaidApi } from "plaid";
import { z } from "zod";
import { ProviderError } from "../errors";
import { type BankTransaction, type TransactionPage, type TransactionPageOptions, toDecimalAmount } from "../transactions";
import { plaidDetails } from "./details";
import { toProviderError } from "./errors";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Only the fields the normalized transaction is built from; everything else stays in `raw`. */
const plaidTransaction = z
  .object({
    transaction_id: z.string().min(1),
    account_id: z.string().min(1),
    amount: z.number().finite(),
    iso_currency_code: z.string().nullish(),
    unofficial_currency_code: z.string().nullish(),
    date: isoDay.nullish(),
    authorized_date: isoDay.nullish(),
    pending: z.boolean(),
    pending_transaction_id: z.string().nullish(),
    name: z.string().nullish(),
    merchant_name: z.string().nullish(),
    // Evidence for transfer pairing only: an unreadable category is no category, not a bad transaction.
    personal_finance_category: z.object({ primary: z.string().nullish(), detailed: z.string().nullish() }).nullish().catch(null),
  })
  .refine((t) => t.date || t.authorized_date, { message: "no date" })
  .refine((t) => t.iso_currency_code || t.unofficial_currency_code, { message: "no currency" });

const removedTransaction = z.object({ transaction_id: z.string().min(1), account_id: z.string().nullish() });

const syncResponse = z.object({
  added: z.array(z.unknown()),
  modified: z.array(z.unknown()),
  removed: z.array(removedTransaction),
  next_cursor: z.string(),
  has_more: z.boolean(),
});

export function toBankTransaction(raw: unknown, opts: { includeRaw?: boolean } = {}): BankTransaction {
  const parsed = plaidTransaction.safeParse(raw);
  if (!parsed.success) {
    const id = raw && typeof raw === "object" && "transaction_id" in raw ? String((raw as { transaction_id: unknown }).transaction_id) : "?";
    throw new ProviderError("PROVIDER_ERROR", `Plaid sent a transaction that cannot be read (${id}): ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  const t = parsed.data;
  const currency = (t.iso_currency_code ?? t.unofficial_currency_code)!;
  return {
    providerTransactionId: t.transaction_id,
    providerAccountId: t.account_id,
    // Posted: `date` is the posted date; pending: the occurrence date. Fall back to authorized_date.
    date: (t.date ?? t.authorized_date)!,
    amount: toDecimalAmount(t.amount, currency, { unofficial: !t.iso_currency_code }),
    direction: t.amount > 0 ? "out" : "in",
    currency,
    description: (t.merchant_name?.trim() || t.name?.trim()) ?? "",
    pending: t.pending,
    pendingTransactionId: t.pending_transaction_id ?? null,
    category: t.personal_finance_category?.detailed?.slice(0, 100) || t.personal_finance_category?.primary?.slice(0, 100) || null,
    ...withDetails(plaidDetails(raw)),
    ...(opts.includeRaw ? { raw } : {}),
  };
}

const withDetails = (details: BankTransaction["details"]) => (details ? { details } : {});

/**
 * Fetches one page after `cursor` (null or "": the full history). Errors are ProviderErrors;
 * TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION keeps its providerCode (see isSyncMutationError).
 */
export async function fetchTransactionsPage(api: PlaidApi, accessToken: string, cursor: string | null, opts: TransactionPageOptions | number = {}): Promise<TransactionPage> {
  const o = typeof opts === "number" ? { count: opts } : opts;
  const count = Math.min(500, Math.max(1, Math.trunc(o.count ?? 500)));
  let data: unknown;
  try {
    data = (await api.transactionsSync({ access_token: accessToken, count, ...(cursor ? { cursor } : {}) })).data;
  } catch (err) {
    throw toProviderError(err);
  }
  const res = syncResponse.safeParse(data);
  if (!res.success) throw new ProviderError("PROVIDER_ERROR", "Plaid answered /transactions/sync with an unexpected body.");
  const r = res.data;
  return {
    added: r.added.map((t) => toBankTransaction(t, o)),
    modified: r.modified.map((t) => toBankTransaction(t, o)),
    removed: r.removed.map((x) => ({ providerTransactionId: x.transaction_id, ...(x.account_id ? { providerAccountId: x.account_id } : {}) })),
    nextCursor: r.next_cursor,
    hasMore: r.has_more,
  };
}
