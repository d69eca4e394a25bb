/**
 * /transactions/recurring/get: inflow/outflow streams derived from the deterministic timeline —
 * salary (inflow), rent, utilities, subscriptions and the gym (outflows) — grouped per account and
 * payee, with the frequency read from the gaps between posted occurrences.
 */
import { DAY_MS, dateMs, isoDate } from "@bank-connections/sandbox/data/dates";
import { base62Id, keyOf } from "@bank-connections/sandbox/data/prng";
import type { TxKind, TxState } from "@bank-connections/sandbox/data/types";
import { visibleAt } from "@bank-connections/sandbox/data/view";
import { type HandlerCtx, requireItem } from "./context";
import { PlaidApiError } from "./errors";
import { accountsFor } from "./items";
import { parseBody, transactionsRecurringGetSchema } from "./schemas";
import { itemData, itemMinDate } from "./sync";
import { plaidDateTime } from "./transform";

const RECURRING: ReadonlySet<TxKind> = new Set<TxKind>(["salary", "rent", "utility", "subscription", "gym", "interest"]);

type Frequency = "WEEKLY" | "BIWEEKLY" | "SEMI_MONTHLY" | "MONTHLY" | "ANNUALLY" | "UNKNOWN";

function frequencyOf(gapDays: number): { frequency: Frequency; days: number } {
  if (gapDays <= 9) return { frequency: "WEEKLY", days: 7 };
  if (gapDays <= 15) return { frequency: "BIWEEKLY", days: 14 };
  if (gapDays <= 19) return { frequency: "SEMI_MONTHLY", days: 15 };
  if (gapDays <= 45) return { frequency: "MONTHLY", days: 30 };
  if (gapDays >= 330 && gapDays <= 400) return { frequency: "ANNUALLY", days: 365 };
  return { frequency: "UNKNOWN", days: Math.round(gapDays) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};
const cents = (x: number) => Math.round(x * 100) / 100;

function stream(itemId: string, key: string, txs: TxState[], nowMs: number) {
  const sorted = [...txs].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const gaps = sorted.slice(1).map((t, i) => (dateMs(t.date) - dateMs(sorted[i]!.date)) / DAY_MS);
  const { frequency, days } = frequencyOf(median(gaps));
  const next = frequency === "MONTHLY" ? nextMonthly(last.date) : isoDate(dateMs(last.date) + days * DAY_MS);
  const active = nowMs - dateMs(last.date) <= 2 * days * DAY_MS;
  const amount = (n: number) => ({ amount: cents(n), iso_currency_code: first.currency, unofficial_currency_code: null });
  return {
    account_id: first.accountId,
    stream_id: base62Id(keyOf("stream", itemId, key), 37),
    category: null,
    category_id: null,
    description: last.name,
    merchant_name: last.merchantName,
    first_date: first.date,
    last_date: last.date,
    predicted_next_date: active ? next : null,
    frequency,
    transaction_ids: sorted.map((t) => t.id),
    average_amount: amount(sorted.reduce((s, t) => s + t.amount, 0) / sorted.length),
    last_amount: amount(last.amount),
    is_active: active,
    status: !active ? ("TOMBSTONED" as const) : sorted.length >= 3 ? ("MATURE" as const) : ("EARLY_DETECTION" as const),
    personal_finance_category: { primary: last.category.primary, detailed: last.category.detailed, confidence_level: "VERY_HIGH" },
    is_user_modified: false,
  };
}

/** Same day of the next month (clamped to its length). */
function nextMonthly(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  const len = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, "0")}-${String(Math.min(d, len)).padStart(2, "0")}`;
}

export function transactionsRecurringGet(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(transactionsRecurringGetSchema, raw);
  const item = requireItem(ctx, body.access_token);
  if (!item.products.includes("transactions")) {
    throw new PlaidApiError("PRODUCT_NOT_ENABLED", "transactions/recurring/get needs the Transactions product on this item: initialise it with transactions");
  }
  if (item.phase === "NOT_READY") throw new PlaidApiError("PRODUCT_NOT_READY");
  const data = itemData(item, ctx.state.seed, ctx.clock);
  const ids = accountsFor(ctx, item, body.account_ids && body.account_ids.length > 0 ? body.account_ids : undefined).map((a) => a.account_id);
  const groups = new Map<string, TxState[]>();
  for (const t of visibleAt(data, ctx.clock.nowMs, { minDate: itemMinDate(item, data), accountIds: ids })) {
    if (t.pending || !RECURRING.has(t.kind)) continue;
    const key = `${t.accountId}|${t.amount < 0 ? "in" : "out"}|${t.kind}|${t.merchantName ?? t.name}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const inflow: ReturnType<typeof stream>[] = [];
  const outflow: ReturnType<typeof stream>[] = [];
  for (const [key, txs] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (txs.length < 2) continue;
    (key.includes("|in|") ? inflow : outflow).push(stream(item.itemId, key, txs, ctx.clock.nowMs));
  }
  return { inflow_streams: inflow, outflow_streams: outflow, updated_datetime: plaidDateTime(ctx.clock.nowMs), personal_finance_category_version: "v2" };
}
