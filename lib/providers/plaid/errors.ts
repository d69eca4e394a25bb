import { z } from "zod";
import { ProviderError } from "../errors";

/**
 * Plaid errors arrive as axios errors; only `response.data` (Plaid's error object) and the status
 * are read — the request, which holds the secret, is never logged or kept.
 */
const plaidErrorBody = z.object({
  error_type: z.string(),
  error_code: z.string(),
  error_message: z.string().optional(),
  display_message: z.string().nullish(),
  request_id: z.string().optional(),
});

const axiosLike = z.object({
  response: z.object({ status: z.number(), data: z.unknown(), headers: z.unknown().optional() }).optional(),
  code: z.string().optional(),
});

export function toProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const ax = axiosLike.safeParse(err);
  if (!ax.success || !ax.data.response) {
    const code = ax.success ? ax.data.code : undefined;
    return new ProviderError("PROVIDER_ERROR", code === "ECONNABORTED" ? "Plaid did not answer in time." : "Plaid could not be reached.", { providerCode: code });
  }
  const { status, data, headers } = ax.data.response;
  const body = plaidErrorBody.safeParse(data);
  if (!body.success) return new ProviderError("PROVIDER_ERROR", `Plaid answered ${status} without an error object.`);
  const e = body.data;
  const details = { providerCode: e.error_code, requestId: e.request_id };
  const msg = e.display_message ?? e.error_message ?? e.error_code;
  switch (e.error_code) {
    case "ITEM_LOGIN_REQUIRED":
    case "PENDING_EXPIRATION":
    case "ACCESS_NOT_GRANTED":
    case "NO_ACCOUNTS":
      return new ProviderError("REAUTH_REQUIRED", msg, details);
    case "INVALID_CREDENTIALS":
    case "INVALID_USERNAME":
    case "INVALID_PASSWORD":
    case "INVALID_MFA":
    case "USER_SETUP_REQUIRED":
      return new ProviderError("INVALID_CREDENTIALS", msg, details);
    case "INSTITUTION_DOWN":
    case "INSTITUTION_NOT_RESPONDING":
    case "INSTITUTION_NOT_AVAILABLE":
    case "INSTITUTION_NO_LONGER_SUPPORTED":
      return new ProviderError("INSTITUTION_DOWN", msg, details);
    case "ITEM_NOT_FOUND":
      return new ProviderError("ITEM_NOT_FOUND", msg, details);
    case "INVALID_PUBLIC_TOKEN":
    case "INVALID_LINK_TOKEN":
      return new ProviderError("INVALID_TOKEN", msg, details);
    case "INVALID_API_KEYS":
    case "UNAUTHORIZED_ENVIRONMENT":
    case "INVALID_PRODUCT":
      return new ProviderError("NOT_CONFIGURED", msg, details);
  }
  if (e.error_type === "RATE_LIMIT_EXCEEDED" || status === 429) {
    const retry = Number(headers && typeof headers === "object" ? (headers as Record<string, unknown>)["retry-after"] : undefined);
    return new ProviderError("RATE_LIMITED", msg, { ...details, retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : 60 });
  }
  if (e.error_code === "INVALID_ACCESS_TOKEN") return new ProviderError("ITEM_NOT_FOUND", msg, details);
  return new ProviderError("PROVIDER_ERROR", msg, details);
}
