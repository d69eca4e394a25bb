import { recordWebhookRejection, requestSource, type WebhookRejection } from "@/lib/audit/system-events";
import { appContext, type AppContext } from "@/lib/app-context";
import { plaidWebhookSchema, receivePlaidWebhook } from "@/lib/webhooks/plaid";
import type { PlaidProvider } from "@/lib/providers/plaid/provider";
import { verifyPlaidWebhook } from "@/lib/providers/plaid/webhook-verify";
import { webhookRateLimit } from "@/lib/security/webhook-limit";

export const runtime = "nodejs";

const MAX_BODY_BYTES = 256 * 1024;

const json = (status: number, body: object) => Response.json(body, { status });

/** A refusal, recorded in the audit trail (rate-capped, no body, no address) before it is answered. */
async function refuse(ctx: AppContext, request: Request, status: number, body: object, r: Omit<WebhookRejection, "provider" | "source">): Promise<Response> {
  await recordWebhookRejection(() => ctx.db(), { provider: "PLAID", source: requestSource(request.headers), ...r });
  return json(status, body);
}

/**
 * Plaid webhooks: verified (ES256 signature, key by kid, age ≤ 5 min, SHA-256 of the raw body)
 * before anything is read or changed; a replayed signature is refused; then lib/ decides.
 */
export async function POST(request: Request): Promise<Response> {
  return receive(request, appContext());
}

async function receive(request: Request, ctx: AppContext): Promise<Response> {
  const limited = webhookRateLimit("plaid", request);
  if (limited) return limited;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return json(413, { error: "body too large" });
  const raw = new Uint8Array(await request.arrayBuffer());
  if (raw.byteLength > MAX_BODY_BYTES) return json(413, { error: "body too large" });
  const signedJwt = request.headers.get("plaid-verification");
  const plaid = ctx.providers.get("PLAID") as PlaidProvider;
  let verdict;
  try {
    verdict = await verifyPlaidWebhook({ body: raw, signedJwt, getKey: (kid) => plaid.getWebhookKey(kid) });
  } catch {
    // The verification key could not be fetched: ask Plaid to retry later.
    return json(503, { error: "verification key unavailable" });
  }
  if (!verdict.ok || !signedJwt) {
    const reason = verdict.ok ? "missing_header" : verdict.reason;
    return refuse(ctx, request, 401, { error: `unverified webhook (${reason})` }, { reason });
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return refuse(ctx, request, 400, { error: "body is not JSON" }, { reason: "not_json" });
  }
  const event = plaidWebhookSchema.safeParse(body);
  if (!event.success) return refuse(ctx, request, 400, { error: "not a Plaid webhook" }, { reason: "not_a_webhook" });
  try {
    const result = await receivePlaidWebhook({ db: await ctx.db(), requestSync: ctx.requestSync }, { signedJwt, event: event.data });
    if (result.replay) return refuse(ctx, request, 409, { error: "this webhook was already received" }, { reason: "replayed", verifiedItemId: event.data.item_id });
    return json(200, { received: true, handled: result.handled });
  } catch (err) {
    console.error("[webhooks/plaid] could not handle a verified webhook:", err instanceof Error ? err.message : String(err));
    return json(500, { error: "could not handle the webhook; it will be retried" });
  }
}
