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
  "item/all",
  "all",
] as const;

export const createWebhookBodySchema = z.object({
  event: z.enum(WEBHOOK_EVENT_NAMES),
  url: httpUrl,
  headers: z.record(z.string().min(1), z.string()).nullish(),
});

export const updateWebhookBodySchema = z.object({
  event: z.enum(WEBHOOK_EVENT_NAMES).optional(),
  url: httpUrl.optional(),
  headers: z.record(z.string().min(1), z.string()).nullish(),
  enabled: z.boolean().optional(),
});

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
