import { recordWebhookRejection, requestSource } from "@/lib/audit/system-events";
import { appContext, type AppContext } from "@/lib/app-context";
import { bodyRefusalAnswer, KIB, readBoundedBody } from "@/lib/http/bounded-body";
import { pluggySecretMatches, pluggyWebhookSchema, receivePluggyWebhook } from "@/lib/webhooks/pluggy";
import { PLUGGY_WEBHOOK_SECRET_HEADER } from "@/lib/secrets";
import { webhookRateLimit } from "@/lib/rate-limits/webhook";

export const runtime = "nodejs";

/** Pluggy's webhooks are a few hundred bytes; more is refused (413) without reading further. */
const MAX_BODY_BYTES = 64 * KIB;

const json = (status: number, body: object) => Response.json(body, { status });

/** A refusal, recorded in the audit trail (rate-capped, no body, no address) before it is answered. */
async function refuse(ctx: AppContext, request: Request, status: number, body: object, reason: string): Promise<Response> {
  await recordWebhookRejection(() => ctx.db(), { provider: "PLUGGY", source: requestSource(request.headers), reason });
  return json(status, body);
}

const warned = globalThis as unknown as { __pluggyWebhookSecretWarned?: boolean };

/**
 * Pluggy webhooks: refused unless X-Webhook-Secret carries the configured secret (before the body
 * is read); the body is read with a byte cap, validated, deduplicated by eventId, and the item's
 * state fetched again from Pluggy (lib/).
 */
export async function POST(request: Request): Promise<Response> {
  return receive(request, appContext());
}

async function receive(request: Request, ctx: AppContext): Promise<Response> {
  const limited = await webhookRateLimit("pluggy", request);
  if (limited) return limited;
  const secret = ctx.secrets.pluggyWebhook();
  if (!secret && !warned.__pluggyWebhookSecretWarned) {
    warned.__pluggyWebhookSecretWarned = true;
    console.warn("[webhooks/pluggy] PLUGGY_WEBHOOK_SECRET is not set: every Pluggy webhook is refused.");
  }
  // Pluggy does not retry a 401.
  if (!pluggySecretMatches(request.headers.get(PLUGGY_WEBHOOK_SECRET_HEADER), secret)) {
    return refuse(ctx, request, 401, { error: "missing or wrong webhook secret" }, request.headers.get(PLUGGY_WEBHOOK_SECRET_HEADER) ? "wrong_secret" : "missing_secret");
  }
  const read = await readBoundedBody(request, MAX_BODY_BYTES);
  if (!read.ok) {
    const a = bodyRefusalAnswer(read);
    return refuse(ctx, request, a.status, a.body, read.reason);
  }
  const raw = read.bytes;
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return refuse(ctx, request, 400, { error: "body is not JSON" }, "not_json");
  }
  const event = pluggyWebhookSchema.safeParse(body);
  if (!event.success) return refuse(ctx, request, 400, { error: "not a Pluggy webhook" }, "not_a_webhook");
  try {
    const result = await receivePluggyWebhook({ db: await ctx.db(), provider: ctx.providers.get("PLUGGY"), requestSync: ctx.requestSync, now: () => ctx.clock.now() }, event.data);
    if (result.duplicate) return json(200, { received: true, duplicate: true });
    return json(200, { received: true, handled: result.handled });
  } catch (err) {
    console.error("[webhooks/pluggy] could not handle a webhook:", err instanceof Error ? err.message : String(err));
    return json(500, { error: "could not handle the webhook; it will be retried" });
  }
}
