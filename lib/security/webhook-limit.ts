import { getConfig } from "@/lib/config";
import { clientIp } from "./client-ip";
import { limiter } from "./limits";
import { tooManyAttemptsMessage } from "./rate-limit";

/**
 * Webhook routes: RATE_LIMIT_WEBHOOKS_PER_MINUTE per client address and route. Over the limit the
 * answer is 429 with Retry-After (both Plaid and Pluggy retry later), before the body is read.
 */
export function webhookRateLimit(route: "plaid" | "pluggy", request: Request): Response | null {
  const ip = clientIp(request.headers, getConfig().trustProxy);
  const d = limiter("webhook").hit(`${route}:${ip}`);
  if (d.ok) return null;
  return Response.json(
    { error: "rate_limited", message: tooManyAttemptsMessage(d.retryAfterSeconds), retryAfterSeconds: d.retryAfterSeconds },
    { status: 429, headers: { "Retry-After": String(d.retryAfterSeconds) } },
  );
}
