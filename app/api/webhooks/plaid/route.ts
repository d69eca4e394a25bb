import { recordWebhookRejection, requestSource, type WebhookRejection } from "@/lib/audit/system-events";
import { appContext, type AppContext } from "@/lib/app-context";
import { bodyRefusalAnswer, KIB, readBoundedBody } from "@/lib/http/bounded-body";
import { plaidWebhookSchema, receivePlaidWebhook } from "@/lib/webhooks/plaid";
import type { PlaidProvider } from "@/lib/providers/plaid/provider";
import { WebhookKeyUnavailableError } from "@/lib/providers/plaid/webhook-keys";
import { verifyPlaidWebhook } from "@/lib/providers/plaid/webhook-verify";
import { webhookRateLimit } from "@/lib/rate-limits/webhook";

export const runtime = "nodejs";

/** Plaid's webhooks are a few hundred bytes; more is refused (413) without reading further. */
const MAX_BODY_BYTES = 64 * KIB;

const json = (status: number, body: object) => Response.json(body, { status });

/** A refusal, recorded in the audit trail (rate-capped, no body, no address) before it is answered. */
async function refuse(ctx: AppContext, request: Request, status: number, body: object, r: Omit<WebhookRejection, "provider" | "source">): Promise<Response> {
  await recordWebhookRejection(() => ctx.db(), { provider: "PLAID", source: requestSource(request.headers), ...r });
  return json(status, body);
}

/**
 * Plaid webhooks: the body read with a byte cap, then verified (ES256 signature, key by kid, age ≤
 * 5 min, SHA-256 of the raw body) before anything in it is used or changed; a replay — the same
 * kid, iat and body, however the signature is encoded — is refused; then lib/ decides.
 *
 * Statuses, with Plaid's retries in mind (Plaid retries any non-2xx answer for up to a day):
 * 401 for what is not Plaid's (unsigned, bad signature, stale, a kid Plaid does not know): a
 * forger's retries are refused the same way, and a genuine delivery refused by mistake comes back.
 * 503 only when the key could not be looked up (Plaid down, or this process's look-up budget used
 * up by a flood of made-up kids): the retry is wanted then.
 */
export async function POST(request: Request): Promise<Response> {
  return receive(request, appContext());
}

async function receive(request: Request, ctx: AppContext): Promise<Response> {
  const limited = await webhookRateLimit("plaid", request);
  if (limited) return limited;
  const read = await readBoundedBody(request, MAX_BODY_BYTES);
  if (!read.ok) {
    const a = bodyRefusalAnswer(read);
    return refuse(ctx, request, a.status, a.body, { reason: read.reason });
  }
  const raw = read.bytes;
  const signedJwt = request.headers.get("plaid-verification");
  const plaid = ctx.providers.get("PLAID") as PlaidProvider;
  let verdict;
  try {
    verdict = await verifyPlaidWebhook({ body: raw, signedJwt, getKey: (kid) => plaid.getWebhookKey(kid) });
  } catch (err) {
    // The verification key could not be looked up: ask Plaid to retry later.
    const reason = err instanceof WebhookKeyUnavailableError && err.why === "fetch_budget" ? "key_lookups_limited" : "key_unavailable";
    return refuse(ctx, request, 503, { error: "verification key unavailable" }, { reason });
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
    const result = await receivePlaidWebhook({ db: await ctx.db(), requestSync: ctx.requestSync }, { verified: verdict, event: event.data });
    if (result.replay) return refuse(ctx, request, 409, { error: "this webhook was already received" }, { reason: "replayed", verifiedItemId: event.data.item_id });
    return json(200, { received: true, handled: result.handled });
  } catch (err) {
    console.error("[webhooks/plaid] could not handle a verified webhook:", err instanceof Error ? err.message : String(err));
    return json(500, { error: "could not handle the webhook; it will be retried" });
  }
}
