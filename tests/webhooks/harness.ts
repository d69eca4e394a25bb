import { createSandboxClock } from "@/lib/sandbox/clock";
import { startSandboxHttpServer, type SandboxHttpServer } from "@/lib/sandbox/http";
import { createPlaidSandbox, type PlaidSandbox } from "@/lib/sandbox/plaid";
import { createPluggySandbox, type PluggySandbox, type WebhookDelivery } from "@/lib/sandbox/pluggy";
import { createMemoryStore } from "@/lib/sandbox/store";
import { createPlaidClient } from "@/lib/providers/plaid/client";
import { PlaidProvider } from "@/lib/providers/plaid/provider";
import { createPluggyClient } from "@/lib/providers/pluggy/client";
import { PluggyProvider } from "@/lib/providers/pluggy/provider";

/**
 * The app's real providers against the sandbox banks over HTTP (like tests/helpers/sandbox-providers),
 * with the webhooks the sandboxes send kept for the test to post to the app's routes: Plaid's come
 * back from its controls (signed), Pluggy's are captured with the headers the sandbox added.
 */
export const APP = "http://127.0.0.1:39998";
export const PLAID_HOOK = `${APP}/api/webhooks/plaid`;
export const PLUGGY_HOOK = `${APP}/api/webhooks/pluggy`;

export type WebhookHarness = {
  server: SandboxHttpServer;
  plaidSandbox: PlaidSandbox;
  pluggySandbox: PluggySandbox;
  plaid: PlaidProvider;
  pluggy: PluggyProvider;
  plaidApi: ReturnType<typeof createPlaidClient>;
  /** Every Pluggy delivery, in order, as it would have been POSTed. */
  pluggyDeliveries: WebhookDelivery[];
  close(): Promise<void>;
};

export async function startWebhookHarness(opts: { pluggyWebhookHeaders: Record<string, string> }): Promise<WebhookHarness> {
  const store = createMemoryStore();
  const clock = createSandboxClock();
  const pluggyDeliveries: WebhookDelivery[] = [];
  const plaidSandbox = createPlaidSandbox({ store, clock, webhookSender: async () => ({ status: 200 }) });
  const pluggySandbox = createPluggySandbox({
    clock,
    mountPath: "/pluggy",
    execution: { pollsToSettle: 1, settleAfterMs: 50 },
    itemWebhookHeaders: opts.pluggyWebhookHeaders,
    webhookSender: async (d) => {
      pluggyDeliveries.push(d);
      return { status: 200 };
    },
  });
  const server = await startSandboxHttpServer({ plaid: plaidSandbox, pluggy: pluggySandbox, port: 0, host: "127.0.0.1" });
  const plaidApi = createPlaidClient({ basePath: `${server.url}/plaid`, clientId: "test", secret: "test" });
  return {
    server,
    plaidSandbox,
    pluggySandbox,
    plaid: new PlaidProvider(plaidApi),
    pluggy: new PluggyProvider(createPluggyClient({ baseUrl: `${server.url}/pluggy`, clientId: "test", clientSecret: "test" }), { includeSandbox: true }),
    plaidApi,
    pluggyDeliveries,
    close: async () => {
      await server.close();
      pluggySandbox.close();
    },
  };
}

/** A web Request as the webhook would arrive. */
export function webhookRequest(url: string, delivery: { body: string; headers: Record<string, string> }): Request {
  return new Request(url, { method: "POST", headers: delivery.headers, body: delivery.body });
}
