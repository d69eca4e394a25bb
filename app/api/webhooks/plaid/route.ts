import { prisma } from "@/lib/db";
import { applyPlaidWebhook, plaidWebhookSchema } from "@/lib/connections/plaid-webhooks";
import { getProvider } from "@/lib/providers";
import type { PlaidProvider } from "@/lib/providers/plaid/provider";
import { verifyPlaidWebhook } from "@/lib/providers/plaid/webhook-verify";

export const runtime = "nodejs";

const json = (status: number, body: object) => Response.json(body, { status });

/** Plaid webhooks: verified (signature, age, body hash) before anything is read or changed. */
export async function POST(request: Request): Promise<Response> {
  const raw = await request.text();
  if (raw.length > 256 * 1024) return json(413, { error: "body too large" });
  const plaid = getProvider("PLAID") as PlaidProvider;
  let verdict;
  try {
    verdict = await verifyPlaidWebhook({ body: raw, signedJwt: request.headers.get("plaid-verification"), getKey: (kid) => plaid.getWebhookKey(kid) });
  } catch {
    // The verification key could not be fetched: ask Plaid to retry later.
    return json(503, { error: "verification key unavailable" });
  }
  if (!verdict.ok) return json(401, { error: `unverified webhook (${verdict.reason})` });
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return json(400, { error: "body is not JSON" });
  }
  const event = plaidWebhookSchema.safeParse(body);
  if (!event.success) return json(400, { error: "not a Plaid webhook" });
  const outcome = await applyPlaidWebhook(await prisma(), event.data);
  return json(200, { received: true, handled: outcome.handled });
}
