import { createSandboxClock } from "@/lib/sandbox/clock";
import { startSandboxHttpServer, type SandboxHttpServer } from "@/lib/sandbox/http";
import { createPlaidSandbox, type PlaidSandbox } from "@/lib/sandbox/plaid";
import { createPluggySandbox, type PluggySandbox } from "@/lib/sandbox/pluggy";
import { createMemoryStore } from "@/lib/sandbox/store";
import { createPlaidClient } from "@/lib/providers/plaid/client";
import { PlaidProvider } from "@/lib/providers/plaid/provider";
import { createPluggyClient } from "@/lib/providers/pluggy/client";
import { PluggyProvider } from "@/lib/providers/pluggy/provider";

/**
 * The app's real providers (official SDKs) against the sandbox banks on a local HTTP server:
 * the same code path as production, with the sandbox's controls at hand.
 */
export type SandboxProviders = {
  server: SandboxHttpServer;
  plaidSandbox: PlaidSandbox;
  pluggySandbox: PluggySandbox;
  plaid: PlaidProvider;
  pluggy: PluggyProvider;
  plaidApi: ReturnType<typeof createPlaidClient>;
  close(): Promise<void>;
};

export async function startSandboxProviders(): Promise<SandboxProviders> {
  const store = createMemoryStore();
  const clock = createSandboxClock();
  const noWebhooks = async () => ({ status: 200 });
  const plaidSandbox = createPlaidSandbox({ store, clock, webhookSender: noWebhooks });
  const pluggySandbox = createPluggySandbox({ clock, webhookSender: noWebhooks, mountPath: "/pluggy", execution: { pollsToSettle: 1, settleAfterMs: 50 } });
  const server = await startSandboxHttpServer({ plaid: plaidSandbox, pluggy: pluggySandbox, port: 0, host: "127.0.0.1" });
  const plaidApi = createPlaidClient({ basePath: `${server.url}/plaid`, clientId: "test", secret: "test" });
  const plaid = new PlaidProvider(plaidApi);
  const pluggy = new PluggyProvider(createPluggyClient({ baseUrl: `${server.url}/pluggy`, clientId: "test", clientSecret: "test" }), { includeSandbox: true });
  return {
    server,
    plaidSandbox,
    pluggySandbox,
    plaid,
    pluggy,
    plaidApi,
    close: async () => {
      await server.close();
      pluggySandbox.close();
    },
  };
}
