import { Products } from "plaid";
import { createConnectionFromLink } from "@/lib/connections/service";
import { openSecret } from "@/lib/connections/secret";
import { seedDemoData } from "@/lib/db/seed";
import type { WebhookDelivery } from "@bank-connections/sandbox/pluggy";
import { startSandboxHarness, type SandboxHarness, type SandboxHarnessOptions } from "@bank-connections/sandbox/testing/harness";
import type { TestApp } from "../helpers/app-context";
import type { Backend } from "../helpers/databases";
import { useEmbeddedSecrets as embeddedSecrets } from "../helpers/secrets";

/**
 * The sandbox harness (packages/sandbox/testing/harness.ts) with the webhooks the sandboxes send
 * kept for the test to post to the app's routes: Plaid's come back from its controls (signed),
 * Pluggy's are captured with the headers the sandbox added.
 */
export const APP = "http://127.0.0.1:39998";
export const PLAID_HOOK = `${APP}/api/webhooks/plaid`;
export const PLUGGY_HOOK = `${APP}/api/webhooks/pluggy`;

export type WebhookHarness = SandboxHarness & {
  /** Every Pluggy delivery, in order, as it would have been POSTed. */
  pluggyDeliveries: WebhookDelivery[];
};

export async function startWebhookHarness(opts: { pluggyWebhookHeaders: Record<string, string>; wrapPlaid?: SandboxHarnessOptions["wrapPlaid"] }): Promise<WebhookHarness> {
  const pluggyDeliveries: WebhookDelivery[] = [];
  const harness = await startSandboxHarness({
    ...(opts.wrapPlaid ? { wrapPlaid: opts.wrapPlaid } : {}),
    pluggy: {
      itemWebhookHeaders: opts.pluggyWebhookHeaders,
      webhookSender: async (d) => {
        pluggyDeliveries.push(d);
        return { status: 200 };
      },
    },
  });
  return { ...harness, pluggyDeliveries };
}

/** A web Request as the webhook would arrive. */
export function webhookRequest(url: string, delivery: { body: string; headers: Record<string, string> }): Request {
  return new Request(url, { method: "POST", headers: delivery.headers, body: delivery.body });
}

/**
 * The Plaid webhook tests' world: `state` gets a database on `backend` with the demo world and the
 * webhook harness (as its providers); the demo client connects the Plaid login at `institutionId`,
 * its item's webhook pointing at the app's route. Returns the connection's id and access token.
 */
export async function openPlaidWebhookWorld(
  state: TestApp & { h: WebhookHarness | null },
  backend: Backend,
  institutionId: string,
): Promise<{ connectionId: string; accessToken: string }> {
  embeddedSecrets();
  state.db = await backend.open();
  const h = await startWebhookHarness({ pluggyWebhookHeaders: {} });
  state.h = state.providers = h;
  const db = state.db.prisma;
  await seedDemoData(db);
  const owner = await db.user.findUniqueOrThrow({ where: { email: "client@example.com" } });
  const book = await db.book.findFirstOrThrow({ where: { name: "Acme Ltd" } });
  const pt = await h.plaidApi.sandboxPublicTokenCreate({ institution_id: institutionId, initial_products: [Products.Transactions], options: { webhook: PLAID_HOOK } });
  const r = await createConnectionFromLink(db, h.plaid, { ownerId: owner.id, bookId: book.id, country: "US", result: { provider: "PLAID", publicToken: pt.data.public_token, institutionId } });
  if (r.kind !== "created") throw new Error("setup: connection not created");
  const row = await db.connection.findUniqueOrThrow({ where: { id: r.connectionId } });
  return { connectionId: r.connectionId, accessToken: openSecret(row.id, row.secret!) };
}
