import type { WebhookDelivery } from "@bank-connections/sandbox/pluggy";
import { startSandboxHarness, type SandboxHarness, type SandboxHarnessOptions } from "@bank-connections/sandbox/testing/harness";

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
