/**
 * THE sandbox harness for tests, benches and drills: both emulators on one local HTTP server
 * (core/http.ts), and the app's real providers — PlaidProvider and PluggyProvider from
 * lib/providers, built on the official `plaid` and `pluggy-sdk` clients — pointed at it. The same
 * code path as production, with the emulators' controls at hand.
 *
 *   mount ""          → `${url}/plaid/…`, `${url}/pluggy/…` (default)
 *   mount "/sandbox"  → `${url}/sandbox/plaid/…`, `${url}/sandbox/pluggy/…`, as the app serves them
 *
 * Test support: this folder may import the app's providers; the rest of the package does not.
 */
import { createPlaidClient } from "@/lib/providers/plaid/client";
import { PlaidProvider } from "@/lib/providers/plaid/provider";
import { createPluggyClient } from "@/lib/providers/pluggy/client";
import { PluggyProvider } from "@/lib/providers/pluggy/provider";
import { createSandboxClock, type SandboxClock } from "@bank-connections/sandbox/core/clock";
import { startHttpServer, type SandboxHttpServer } from "@bank-connections/sandbox/core/http";
import { createMemoryStore, type SandboxStore } from "@bank-connections/sandbox/core/store";
import { createPlaidSandbox, type PlaidSandbox, type PlaidSandboxOptions } from "@bank-connections/sandbox/plaid";
import { plaidHttpMount } from "@bank-connections/sandbox/plaid/http-mount";
import { createPluggySandbox, type PluggySandbox, type PluggySandboxOptions } from "@bank-connections/sandbox/pluggy";
import { pluggyHttpMount } from "@bank-connections/sandbox/pluggy/http-mount";

export type SandboxHarnessOptions = {
  /** Where the emulators are served below the server's origin. Default "". */
  mount?: "" | "/sandbox";
  host?: string;
  port?: number;
  /** Shared store and clock. Default: a memory store and a new clock. */
  store?: SandboxStore;
  clock?: SandboxClock;
  /** The API keys of the SDK clients. Default test/test. */
  keys?: { clientId: string; secret: string };
  /** The Pluggy client's keys when not `keys` (e.g. an app's generated pair, lib/secrets.ts). */
  pluggyKeys?: { clientId: string; secret: string };
  /** The Plaid SDK client's timeout. */
  plaidTimeoutMs?: number;
  /** Over the defaults (webhooks answered 200 without being sent). */
  plaid?: Partial<Omit<PlaidSandboxOptions, "store" | "clock">>;
  /** Over the defaults (webhooks answered 200, executions settle after one poll or 50 ms). */
  pluggy?: Partial<Omit<PluggySandboxOptions, "clock">>;
  /** Wraps the Plaid emulator before it is served (e.g. to record or count calls). */
  wrapPlaid?: (plaid: PlaidSandbox) => PlaidSandbox;
};

export type SandboxHarness = {
  server: SandboxHttpServer;
  /** The server's origin. */
  url: string;
  /** `${url}${mount}/plaid` and `${url}${mount}/pluggy`. */
  plaidUrl: string;
  pluggyUrl: string;
  store: SandboxStore;
  clock: SandboxClock;
  /** The served Plaid emulator (wrapped when `wrapPlaid` was given). */
  plaidSandbox: PlaidSandbox;
  pluggySandbox: PluggySandbox;
  plaidApi: ReturnType<typeof createPlaidClient>;
  pluggyClient: ReturnType<typeof createPluggyClient>;
  plaid: PlaidProvider;
  pluggy: PluggyProvider;
  close(): Promise<void>;
};

const noWebhooks = async () => ({ status: 200 });

export async function startSandboxHarness(opts: SandboxHarnessOptions = {}): Promise<SandboxHarness> {
  const mount = opts.mount ?? "";
  const store = opts.store ?? createMemoryStore();
  const clock = opts.clock ?? createSandboxClock();
  const keys = opts.keys ?? { clientId: "test", secret: "test" };
  const inner = createPlaidSandbox({ store, clock, webhookSender: noWebhooks, ...opts.plaid });
  const plaidSandbox = opts.wrapPlaid ? opts.wrapPlaid(inner) : inner;
  // The Pluggy emulator builds absolute links from its public URL, known once the server listens.
  let pluggySandbox: PluggySandbox | null = null;
  const server = await startHttpServer({
    mounts: [plaidHttpMount(plaidSandbox, `${mount}/plaid`), pluggyHttpMount({ handle: (req) => pluggySandbox!.handle(req) }, `${mount}/pluggy`)],
    port: opts.port ?? 0,
    host: opts.host ?? "127.0.0.1",
  });
  const plaidUrl = `${server.url}${mount}/plaid`;
  const pluggyUrl = `${server.url}${mount}/pluggy`;
  const pluggy = createPluggySandbox({
    clock,
    webhookSender: noWebhooks,
    mountPath: `${mount}/pluggy`,
    ...(mount ? { publicUrl: pluggyUrl } : {}),
    execution: { pollsToSettle: 1, settleAfterMs: 50 },
    ...opts.pluggy,
  });
  pluggySandbox = pluggy;
  const plaidApi = createPlaidClient({ basePath: plaidUrl, clientId: keys.clientId, secret: keys.secret, ...(opts.plaidTimeoutMs ? { timeoutMs: opts.plaidTimeoutMs } : {}) });
  const pk = opts.pluggyKeys ?? keys;
  const pluggyClient = createPluggyClient({ baseUrl: pluggyUrl, clientId: pk.clientId, clientSecret: pk.secret });
  return {
    server,
    url: server.url,
    plaidUrl,
    pluggyUrl,
    store,
    clock,
    plaidSandbox,
    pluggySandbox: pluggy,
    plaidApi,
    pluggyClient,
    plaid: new PlaidProvider(plaidApi),
    pluggy: new PluggyProvider(pluggyClient, { includeSandbox: true }),
    close: async () => {
      pluggy.close();
      await server.close();
    },
  };
}
