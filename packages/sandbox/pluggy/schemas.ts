import { z } from "zod";
import { badRequest } from "./errors";

/**
 * Request bodies the SDK (and the Connect stand-in) send. Unknown keys are ignored, as the real
 * API does; a body that does not fit is a 400 with the zod issues in `data`, never a 500.
 */

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === "https:" || u.protocol === "http:";
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

/** Credential values: strings; numbers are accepted and stringified (SDK types say string). */
const parameterValue = z.union([z.string(), z.number().transform(String), z.boolean().transform(String)]);
export const parametersSchema = z.record(z.string().min(1).max(100), parameterValue);

const PRODUCTS = [
  "ACCOUNTS",
  "CREDIT_CARDS",
  "TRANSACTIONS",
  "PAYMENT_DATA",
  "INVESTMENTS",
  "INVESTMENTS_TRANSACTIONS",
  "IDENTITY",
  "BROKERAGE_NOTE",
  "MOVE_SECURITY",
  "LOANS",
  "ACCOUNT_STATEMENTS",
] as const;

export const authBodySchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  nonExpiring: z.boolean().optional(),
});

export const connectTokenOptionsSchema = z.object({
  webhookUrl: httpUrl.nullish(),
  clientUserId: z.string().max(255).nullish(),
  oauthRedirectUri: z.string().max(2048).nullish(),
  avoidDuplicates: z.boolean().nullish(),
  connectorSortAlphabetically: z.boolean().nullish(),
});

export const connectTokenBodySchema = z.object({
  itemId: z.string().min(1).nullish(),
  options: connectTokenOptionsSchema.nullish(),
});

export const createItemBodySchema = z.object({
  connectorId: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]),
  parameters: parametersSchema.nullish(),
  webhookUrl: httpUrl.nullish(),
  clientUserId: z.string().max(255).nullish(),
  products: z.array(z.enum(PRODUCTS)).nullish(),
  avoidDuplicates: z.boolean().nullish(),
  oauthRedirectUri: z.string().max(2048).nullish(),
});

export const updateItemBodySchema = z.object({
  id: z.string().nullish(),
  parameters: parametersSchema.nullish(),
  webhookUrl: httpUrl.nullish(),
  clientUserId: z.string().max(255).nullish(),
  products: z.array(z.enum(PRODUCTS)).nullish(),
});

export const mfaBodySchema = parametersSchema;

/** pluggy-sdk's WEBHOOK_EVENTS (types/webhook.d.ts), plus `item/all` from Pluggy's docs. */
export const WEBHOOK_EVENT_NAMES = [
  "item/created",
  "item/updated",
  "item/error",
  "item/deleted",
  "item/waiting_user_input",
  "item/waiting_user_action",
  "item/login_succeeded",
  "connector/status_updated",
  "transactions/created",
  "transactions/updated",
  "transactions/deleted",
  "payment_intent/created",
  "payment_intent/completed",
  "payment_intent/waiting_payer_authorization",
  "payment_intent/error",
  "scheduled_payment/created",
  "scheduled_payment/completed",
  "scheduled_payment/error",
  "scheduled_payment/canceled",
  "scheduled_payment/all_completed",
  "scheduled_payment/all_created",
  "boleto/updated",
  "automatic_pix_payment/created",
  "automatic_pix_payment/completed",
  "automatic_pix_payment/error",
  "automatic_pix_payment/canceled",
  "payment_request/updated",
  "smart_transfer_preauthorization/completed",
  "smart_transfer_preauthorization/error",
  "smart_transfer_payment/completed",
  "smart_transfer_payment/error",
  "item/all",
  "all",
] as const;

/** Header names as HTTP allows them (a token); values without line breaks. */
const webhookHeadersSchema = z.record(
  z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, "must be an HTTP header name"),
  z.string().max(4096).regex(/^[^\r\n]*$/, "must not contain line breaks"),
);

/** POST /webhooks (SDK CreateWebhook). */
export const createWebhookBodySchema = z.object({
  event: z.enum(WEBHOOK_EVENT_NAMES),
  url: httpUrl,
  headers: webhookHeadersSchema.nullish(),
});
export type CreateWebhookBody = z.output<typeof createWebhookBodySchema>;

/** PATCH /webhooks/{id} (SDK UpdateWebhook). */
export const updateWebhookBodySchema = z.object({
  event: z.enum(WEBHOOK_EVENT_NAMES).optional(),
  url: httpUrl.optional(),
  headers: webhookHeadersSchema.nullish(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookBody = z.output<typeof updateWebhookBodySchema>;

export const updateTransactionBodySchema = z.object({
  categoryId: z.string().min(1).max(64),
});

export const connectSessionBodySchema = z.object({
  connectToken: z.string().min(1).optional(),
  includeSandbox: z.boolean().optional(),
});

export const connectSubmitBodySchema = z.object({
  connectToken: z.string().min(1).optional(),
  connectorId: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  parameters: parametersSchema,
});

export const connectMfaBodySchema = z.object({
  connectToken: z.string().min(1).optional(),
  itemId: z.string().min(1),
  parameters: parametersSchema,
});

/** Parses `body` or throws a Pluggy 400. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const value = body === undefined || body === null || body === "" ? {} : body;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw badRequest("INVALID_REQUEST_BODY", "The request body must be a JSON object");
  }
  const res = schema.safeParse(value);
  if (!res.success) {
    const issues = res.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    const first = issues[0];
    throw badRequest(
      "PARAMETER_VALIDATION_ERROR",
      first ? `Invalid request: ${first.path || "body"} ${first.message}` : "Invalid request body",
      { issues },
    );
  }
  return res.data;
}
