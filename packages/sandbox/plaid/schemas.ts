/**
 * Request bodies, validated with zod. Unknown fields are ignored (the SDK may send newer ones);
 * failures map to Plaid's MISSING_FIELDS / INVALID_FIELD errors.
 */
import { z } from "zod";
import { PlaidApiError } from "./errors";

export const COUNTRY_CODES = ["US", "GB", "ES", "NL", "FR", "IE", "CA", "DE", "IT", "PL", "DK", "NO", "SE", "EE", "LT", "LV", "PT", "BE", "AT", "FI"] as const;

const countryCodes = z.array(z.enum(COUNTRY_CODES));
const accessToken = z.string().min(1);
const daysRequested = z.number().int().min(1).max(730);
const product = z.string().min(1);
const httpUrl = z.url({ protocol: /^https?$/ });
/** A webhook URL; `""` (what some clients send for "none") means no webhook. */
const webhookUrl = z.union([httpUrl, z.literal("")]);

export const linkTokenCreateSchema = z.object({
  client_name: z.string().min(1),
  language: z.string().min(1),
  country_codes: countryCodes.min(1),
  user: z.object({ client_user_id: z.string().min(1) }).optional(),
  user_id: z.string().optional(),
  user_token: z.string().optional(),
  products: z.array(product).nullable().optional(),
  optional_products: z.array(product).nullable().optional(),
  required_if_supported_products: z.array(product).nullable().optional(),
  webhook: webhookUrl.optional(),
  access_token: accessToken.nullable().optional(),
  transactions: z.object({ days_requested: daysRequested.optional() }).optional(),
  update: z.object({ account_selection_enabled: z.boolean().optional() }).optional(),
  // Checked by redirect-uri.ts (Plaid's rules, Plaid's messages); `""` means none.
  redirect_uri: z.string().max(2048).nullable().optional(),
});

export const publicTokenExchangeSchema = z.object({ public_token: z.string().min(1) });

export const accessTokenSchema = z.object({ access_token: accessToken });

export const accountsGetSchema = z.object({
  access_token: accessToken,
  options: z.object({ account_ids: z.array(z.string()).optional() }).optional(),
});

export const itemRemoveSchema = z.object({
  access_token: accessToken,
  reason_code: z.string().optional(),
  reason_note: z.string().max(512).nullable().optional(),
});

export const institutionsGetByIdSchema = z.object({
  institution_id: z.string().min(1),
  country_codes: countryCodes,
  options: z
    .object({
      include_optional_metadata: z.boolean().optional(),
      include_status: z.boolean().optional(),
      include_auth_metadata: z.boolean().optional(),
      include_payment_initiation_metadata: z.boolean().optional(),
    })
    .optional(),
});

export const institutionsSearchSchema = z.object({
  query: z.string().min(1),
  country_codes: countryCodes,
  products: z.array(product).min(1).nullable().optional(),
  options: z
    .object({
      oauth: z.boolean().nullable().optional(),
      include_optional_metadata: z.boolean().optional(),
    })
    .optional(),
});

export const institutionsGetSchema = z.object({
  count: z.number().int().min(1).max(500),
  offset: z.number().int().min(0),
  country_codes: countryCodes,
  options: z
    .object({
      products: z.array(product).min(1).nullable().optional(),
      oauth: z.boolean().nullable().optional(),
      include_optional_metadata: z.boolean().optional(),
    })
    .optional(),
});

/** Options Plaid documents for its transactions endpoints (accepted; most only shape the output). */
const txOptions = {
  include_original_description: z.boolean().nullable().optional(),
  include_personal_finance_category: z.boolean().optional(),
  include_personal_finance_category_beta: z.boolean().optional(),
  include_logo_and_counterparty_beta: z.boolean().optional(),
  personal_finance_category_version: z.enum(["v1", "v2"]).optional(),
  days_requested: daysRequested.optional(),
};

export const transactionsSyncSchema = z.object({
  access_token: accessToken,
  // Reference clients send `"cursor": null` on the first call: the same as no cursor.
  cursor: z.string().max(256).nullable().optional(),
  count: z.number().int().min(1).max(500).optional(),
  options: z.object({ ...txOptions, account_id: z.string().min(1).optional() }).optional(),
});

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");

export const transactionsGetSchema = z.object({
  access_token: accessToken,
  start_date: isoDay,
  end_date: isoDay,
  options: z
    .object({
      ...txOptions,
      account_ids: z.array(z.string()).optional(),
      count: z.number().int().min(1).max(500).optional(),
      offset: z.number().int().min(0).optional(),
    })
    .optional(),
});

export const transactionsRecurringGetSchema = z.object({
  access_token: accessToken,
  account_ids: z.array(z.string()).optional(),
  options: z
    .object({
      include_personal_finance_category: z.boolean().optional(),
      personal_finance_category_version: z.enum(["v1", "v2"]).optional(),
    })
    .optional(),
});

/** /accounts/get, /accounts/balance/get, /auth/get, /identity/get. */
export const accountsOptionsSchema = z.object({
  access_token: accessToken,
  options: z
    .object({
      account_ids: z.array(z.string()).optional(),
      min_last_updated_datetime: z.string().optional(),
    })
    .optional(),
});

export const linkTokenGetSchema = z.object({ link_token: z.string().min(1) });

export const itemWebhookUpdateSchema = z.object({
  access_token: accessToken,
  webhook: httpUrl.nullable().optional(),
});

export const webhookKeyGetSchema = z.object({ key_id: z.string().min(1) });

export const sandboxPublicTokenCreateSchema = z.object({
  institution_id: z.string().min(1),
  initial_products: z.array(product).min(1),
  options: z
    .object({
      webhook: webhookUrl.optional(),
      override_username: z.string().nullable().optional(),
      override_password: z.string().nullable().optional(),
      /** Sandbox extension (not Plaid's): the item's client_user_id, as a link token would set it. */
      client_user_id: z.string().min(1).max(255).optional(),
      transactions: z.object({ start_date: isoDay.optional(), end_date: isoDay.optional(), days_requested: daysRequested.optional() }).nullable().optional(),
      statements: z.object({ start_date: isoDay, end_date: isoDay }).nullable().optional(),
    })
    .optional(),
});

export const FIRE_WEBHOOK_CODES = [
  "DEFAULT_UPDATE",
  "NEW_ACCOUNTS_AVAILABLE",
  "SMS_MICRODEPOSITS_VERIFICATION",
  "AUTHORIZATION_GRANTED",
  "USER_PERMISSION_REVOKED",
  "USER_ACCOUNT_REVOKED",
  "PENDING_DISCONNECT",
  "RECURRING_TRANSACTIONS_UPDATE",
  "LOGIN_REPAIRED",
  "SYNC_UPDATES_AVAILABLE",
  "PRODUCT_READY",
  "ERROR",
] as const;

export const sandboxFireWebhookSchema = z.object({
  access_token: accessToken,
  webhook_type: z.enum(["AUTH", "HOLDINGS", "INVESTMENTS_TRANSACTIONS", "ITEM", "LIABILITIES", "TRANSACTIONS", "ASSETS"]).optional(),
  webhook_code: z.enum(FIRE_WEBHOOK_CODES),
});

// Link stand-in (non-Plaid, browser-facing: authenticated by the link token, not API keys).
export const linkSessionSchema = z.object({ link_token: z.string().min(1) });

export const linkLoginSchema = z.object({
  link_token: z.string().min(1),
  institution_id: z.string().min(1),
  username: z.string(),
  password: z.string(),
  mfa_code: z.string().optional(),
});

export const linkCompleteSchema = z.object({
  link_token: z.string().min(1),
  link_session_id: z.string().min(1).optional(),
  institution_id: z.string().min(1).optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  mfa_code: z.string().optional(),
  account_ids: z.array(z.string().min(1)).min(1).optional(),
});

export const linkOAuthStartSchema = z.object({
  link_token: z.string().min(1),
  institution_id: z.string().min(1).optional(),
});

export const linkOAuthResumeSchema = z.object({
  link_token: z.string().min(1),
  received_redirect_uri: z.string().min(1).max(4096),
});

function valueAt(body: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = body;
  for (const k of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

const RANGE_MESSAGES: Record<string, string> = {
  count: "count must be an integer between 1 and 500",
  days_requested: "days_requested must be an integer between 1 and 730",
  offset: "offset must be a non-negative integer",
};

/** Parses a body or throws Plaid's MISSING_FIELDS / INVALID_FIELD. */
export function parseBody<T extends z.ZodType>(schema: T, body: Record<string, unknown>): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const issue of result.error.issues) {
    const name = issue.path.map(String).join(".");
    if (issue.code === "invalid_type" && valueAt(body, issue.path) === undefined) missing.push(name);
    else invalid.push(RANGE_MESSAGES[String(issue.path[issue.path.length - 1])] ?? `${name}: ${issue.message}`);
  }
  if (missing.length > 0) throw new PlaidApiError("MISSING_FIELDS", `the following required fields are missing: ${missing.join(", ")}`);
  throw new PlaidApiError("INVALID_FIELD", invalid.join("; "));
}
