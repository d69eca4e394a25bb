/** Sandbox data → Plaid API shapes (AccountBase, Transaction, Item, Institution). */
import type { AccountBalances } from "@bank-connections/sandbox/data/view";
import { base62Id } from "@bank-connections/sandbox/data/prng";
import type { InstitutionHealth, SandboxInstitution } from "@bank-connections/sandbox/data/institutions";
import type { SandboxAccount, TxState } from "@bank-connections/sandbox/data/types";
import type { PlaidErrorObject } from "./errors";
import type { PlaidItemRecord } from "./state";

/** ISO 8601 without milliseconds, as Plaid formats datetimes. */
export function plaidDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface PlaidAccount {
  account_id: string;
  balances: {
    available: number | null;
    current: number | null;
    limit: number | null;
    iso_currency_code: string | null;
    unofficial_currency_code: string | null;
    last_updated_datetime: string | null;
  };
  mask: string | null;
  name: string;
  official_name: string | null;
  type: "depository" | "credit";
  subtype: "checking" | "savings" | "credit card";
  persistent_account_id: string;
  holder_category: "personal";
}

export function toPlaidAccount(a: SandboxAccount, b: AccountBalances | undefined, nowMs: number): PlaidAccount {
  return {
    account_id: a.accountId,
    balances: {
      available: b?.available ?? null,
      current: b?.current ?? null,
      limit: b?.limit ?? null,
      iso_currency_code: a.currency,
      unofficial_currency_code: null,
      last_updated_datetime: a.type === "credit" ? null : plaidDateTime(nowMs),
    },
    mask: a.mask,
    name: a.name,
    official_name: a.officialName,
    type: a.type,
    subtype: a.subtype,
    persistent_account_id: a.persistentAccountId,
    holder_category: "personal",
  };
}

/** Link's onSuccess/onExit account metadata shape. */
export function toLinkAccount(a: SandboxAccount): { id: string; name: string; mask: string | null; type: string; subtype: string; verification_status: null; class_type: null } {
  return { id: a.accountId, name: a.name, mask: a.mask, type: a.type, subtype: a.subtype, verification_status: null, class_type: null };
}

const nullLocation = {
  address: null,
  city: null,
  region: null,
  postal_code: null,
  country: null,
  lat: null,
  lon: null,
  store_number: null,
};

const nullPaymentMeta = {
  by_order_of: null,
  payee: null,
  payer: null,
  payment_method: null,
  payment_processor: null,
  ppd_id: null,
  reason: null,
  reference_number: null,
};

export function toPlaidTransaction(s: TxState, opts: { includeOriginalDescription?: boolean } = {}) {
  const entityId = s.merchantName ? base62Id(`merchant:${s.merchantName}`, 37) : null;
  const transactionType = s.paymentChannel === "in store" ? "place" : s.paymentChannel === "online" ? "digital" : "special";
  return {
    account_id: s.accountId,
    account_owner: null,
    amount: s.amount,
    iso_currency_code: s.currency,
    unofficial_currency_code: null,
    category: null,
    category_id: null,
    check_number: null,
    counterparties: s.merchantName
      ? [{ name: s.merchantName, type: "merchant", entity_id: entityId, logo_url: null, website: s.website, confidence_level: "VERY_HIGH" }]
      : [],
    date: s.date,
    datetime: null,
    authorized_date: s.authorizedDate,
    authorized_datetime: s.authorizedDatetime,
    location: s.location
      ? { ...nullLocation, city: s.location.city, region: s.location.region, postal_code: s.location.postalCode, country: s.location.country }
      : { ...nullLocation },
    logo_url: null,
    merchant_entity_id: entityId,
    merchant_name: s.merchantName,
    name: s.name,
    original_description: opts.includeOriginalDescription ? s.name.toUpperCase() : null,
    payment_channel: s.paymentChannel,
    payment_meta: { ...nullPaymentMeta },
    pending: s.pending,
    pending_transaction_id: s.pendingTransactionId,
    personal_finance_category: { primary: s.category.primary, detailed: s.category.detailed, confidence_level: "VERY_HIGH" },
    personal_finance_category_icon_url: `https://plaid-category-icons.plaid.com/PFC_${s.category.primary}.png`,
    transaction_code: s.transactionCode,
    transaction_id: s.id,
    transaction_type: transactionType,
    website: s.website,
  };
}

export type PlaidTransaction = ReturnType<typeof toPlaidTransaction>;

export function toPlaidItem(item: PlaidItemRecord, inst: SandboxInstitution | undefined) {
  const products = [...item.products].sort();
  return {
    item_id: item.itemId,
    institution_id: item.institutionId,
    institution_name: inst?.name ?? null,
    webhook: item.webhook,
    auth_method: null,
    error: item.error as PlaidErrorObject | null,
    available_products: (inst?.products ?? []).filter((p) => !products.includes(p)).sort(),
    billed_products: products,
    products,
    consented_products: products,
    consent_expiration_time: item.consentExpiresAtMs === null ? null : plaidDateTime(item.consentExpiresAtMs),
    update_type: "background" as const,
  };
}

const STATUS_BREAKDOWN = { success: 0.98, error_plaid: 0.01, error_institution: 0.01, refresh_interval: "NORMAL" };

function productStatus(health: InstitutionHealth, sinceMs: number) {
  const breakdown =
    health === "HEALTHY"
      ? STATUS_BREAKDOWN
      : health === "DEGRADED"
        ? { success: 0.6, error_plaid: 0.05, error_institution: 0.35, refresh_interval: "DELAYED" }
        : { success: 0, error_plaid: 0, error_institution: 1, refresh_interval: "STOPPED" };
  return { status: health, last_status_change: plaidDateTime(sinceMs), breakdown };
}

export function toPlaidInstitution(
  inst: SandboxInstitution,
  opts: { includeOptionalMetadata?: boolean; includeStatus?: boolean; health?: InstitutionHealth; nowMs: number },
) {
  const base = {
    institution_id: inst.institutionId,
    name: inst.name,
    products: inst.products,
    country_codes: inst.countryCodes,
    routing_numbers: inst.routingNumbers,
    dtc_numbers: [] as string[],
    oauth: inst.oauth,
  };
  const optional = opts.includeOptionalMetadata ? { url: inst.url, primary_color: inst.primaryColor, logo: null } : {};
  const health = opts.health ?? inst.health;
  const since = opts.nowMs - 3 * 86_400_000;
  const status = opts.includeStatus
    ? {
        status: {
          item_logins: productStatus(health, since),
          transactions_updates: productStatus(health, since),
          auth: productStatus(health, since),
          identity: productStatus(health, since),
          health_incidents: [],
        },
      }
    : {};
  return { ...base, ...optional, ...status };
}
