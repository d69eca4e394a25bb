import { z } from "zod";
import { ProviderError } from "../errors";

/**
 * pluggy-sdk rejects with Pluggy's parsed error body ({code, message}) — or, for a refused
 * POST /auth, with got's HTTPError carrying it in response.body. Both are mapped here.
 */
const body = z.object({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional(), codeDescription: z.string().optional() });
const gotLike = z.object({ response: z.object({ statusCode: z.number(), body: z.unknown() }), code: z.string().optional() });

export function toProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const got = gotLike.safeParse(err);
  if (!got.success && (err instanceof Error || (err && typeof err === "object" && typeof (err as { code?: unknown }).code === "string" && !("message" in err)))) {
    // A transport failure (timeout, refused connection): no answer from Pluggy at all.
    const code = String((err as { code?: unknown }).code ?? "");
    return new ProviderError("PROVIDER_ERROR", code === "ETIMEDOUT" ? "Pluggy did not answer in time." : "Pluggy could not be reached.", code ? { providerCode: code } : {});
  }
  const raw = got.success ? got.data.response.body : err;
  const parsed = body.safeParse(typeof raw === "string" ? safeJson(raw) : raw);
  const status = got.success ? got.data.response.statusCode : parsed.success ? Number(parsed.data.code) : NaN;
  const message = (parsed.success && parsed.data.message) || "Pluggy could not complete the request.";
  if (!parsed.success || (!parsed.data.code && !parsed.data.message)) {
    const code = err && typeof err === "object" && "code" in err ? String((err as { code: unknown }).code) : undefined;
    return new ProviderError("PROVIDER_ERROR", code === "ETIMEDOUT" ? "Pluggy did not answer in time." : "Pluggy could not be reached.", { providerCode: code });
  }
  const details = { providerCode: parsed.data.codeDescription ?? String(parsed.data.code ?? status) };
  if (status === 401 || status === 403) return new ProviderError("NOT_CONFIGURED", message, details);
  if (status === 404) return new ProviderError("ITEM_NOT_FOUND", message, details);
  if (status === 429) return new ProviderError("RATE_LIMITED", message, { ...details, retryAfterSeconds: 60 });
  if (status >= 500 || Number.isNaN(status)) return new ProviderError("PROVIDER_ERROR", message, details);
  return new ProviderError("PROVIDER_ERROR", message, details);
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
