import { getConfig } from "@/lib/config";
import { clientIp } from "@/lib/security/client-ip";
import { tooManyAttemptsMessage } from "@/lib/security/rate-limit";
import { limiter } from "./limits";

/**
 * Webhook routes: RATE_LIMIT_WEBHOOKS_PER_MINUTE per client address and route. Over the limit the
 * answer is 429 with Retry-After (both Plaid and Pluggy retry later), before the body is read.
 */
export async function webhookRateLimit(route: "plaid" | "pluggy", request: Request): Promise<Response | null> {
  const ip = clientIp(request.headers, getConfig().trustProxy);
  const d = await limiter("webhook").hit(`${route}:${ip}`);
  if (d.ok) return null;
  return Response.json(
    { error: "rate_limited", message: tooManyAttemptsMessage(d.retryAfterSeconds), retryAfterSeconds: d.retryAfterSeconds },
    { status: 429, headers: { "Retry-After": String(d.retryAfterSeconds) } },
  );
}
