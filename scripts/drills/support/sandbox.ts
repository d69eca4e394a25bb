import type { RequestListener } from "node:http";
import { createPlaidClient } from "@/lib/providers/plaid/client";
import { PlaidProvider } from "@/lib/providers/plaid/provider";
import { createPluggyClient } from "@/lib/providers/pluggy/client";
import { PluggyProvider } from "@/lib/providers/pluggy/provider";
import { createSandboxClock } from "@/lib/sandbox/clock";
import { startSandboxHttpServer, type PluggyHandlerRequest } from "@/lib/sandbox/http";
import { createPlaidSandbox, type PlaidSandbox } from "@/lib/sandbox/plaid";
import { createPluggySandbox, type PluggySandbox } from "@/lib/sandbox/pluggy";
import { createMemoryStore } from "@/lib/sandbox/store";
import { SANDBOX_KEYS } from "@/lib/providers";

/**
 * The sandbox banks for a drill, on a local HTTP server mounted as the app mounts them
 * (`/sandbox/plaid`, `/sandbox/pluggy`), so a worker process started with APP_URL = `appUrl` reaches
 * them through lib/providers' getProvider() exactly as in the embedded default. Counts every Plaid
 * call and every injected fault.
 */
/** The key pair lib/providers/index.ts uses for the local sandbox: the sandbox Pluggy keeps items per client, so the drill's clients must be the worker's. */
export const APP_SANDBOX_KEYS = { clientId: SANDBOX_KEYS.id, secret: SANDBOX_KEYS.secret };

export type PlaidCallStats = { calls: number; rateLimit: number; serverError: number; timeout: number; syncMutation: number };

export type DrillSandbox = {
  appUrl: string;
  plaidSandbox: PlaidSandbox;
  pluggySandbox: PluggySandbox;
  /** The official Plaid client on `${appUrl}/sandbox/plaid`. */
  plaidApi: ReturnType<typeof createPlaidClient>;
  plaid: PlaidProvider;
  pluggy: PluggyProvider;
  plaidStats: PlaidCallStats;
  /** Simulated answers delayed by at least this much are counted as timeouts. */
  setTimeoutThreshold(ms: number): void;
  close(): Promise<void>;
};

export async function startDrillSandbox(opts: { plaidTimeoutMs?: number; pluggyHistoryDays?: number } = {}): Promise<DrillSandbox> {
  const store = createMemoryStore();
  const clock = createSandboxClock();
  const noWebhooks = async () => ({ status: 200 });
  const plaidStats: PlaidCallStats = { calls: 0, rateLimit: 0, serverError: 0, timeout: 0, syncMutation: 0 };
  let timeoutThreshold = Number.POSITIVE_INFINITY;
  const plaidSandbox = createPlaidSandbox({
    store,
    clock,
    webhookSender: noWebhooks,
    sleep: (ms) => {
      if (ms >= timeoutThreshold) plaidStats.timeout++;
      return new Promise<void>((r) => setTimeout(r, ms));
    },
  });
  const counted: PlaidSandbox = {
    ...plaidSandbox,
    handle: async (req) => {
      const res = await plaidSandbox.handle(req);
      if (!req.path.includes("/sandbox/")) plaidStats.calls++;
      const code = (res.body as { error_code?: unknown } | null)?.error_code;
      if (res.status === 429) plaidStats.rateLimit++;
      else if (res.status >= 500) plaidStats.serverError++;
      else if (code === "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION") plaidStats.syncMutation++;
      return res;
    },
  };
  let pluggySandbox: PluggySandbox | null = null;
  const server = await startSandboxHttpServer({
    plaid: counted,
    pluggy: { handle: (req: PluggyHandlerRequest) => pluggySandbox!.handle(req) },
    port: 0,
    host: "127.0.0.1",
  });
  // Mount under /sandbox like the app: /sandbox/plaid/… → /plaid/…, /sandbox/pluggy/… → /pluggy/….
  const [handler] = server.server.listeners("request") as RequestListener[];
  server.server.removeAllListeners("request");
  server.server.on("request", (req, res) => {
    if (req.url?.startsWith("/sandbox/")) req.url = req.url.slice("/sandbox".length);
    handler!(req, res);
  });
  const appUrl = server.url;
  pluggySandbox = createPluggySandbox({
    clock,
    webhookSender: noWebhooks,
    mountPath: "/sandbox/pluggy",
    publicUrl: `${appUrl}/sandbox/pluggy`,
    execution: { pollsToSettle: 1, settleAfterMs: 50 },
    ...(opts.pluggyHistoryDays ? { historyDays: opts.pluggyHistoryDays } : {}),
  });
  const plaidApi = createPlaidClient({ basePath: `${appUrl}/sandbox/plaid`, clientId: APP_SANDBOX_KEYS.clientId, secret: APP_SANDBOX_KEYS.secret, ...(opts.plaidTimeoutMs ? { timeoutMs: opts.plaidTimeoutMs } : {}) });
  const pluggy = new PluggyProvider(createPluggyClient({ baseUrl: `${appUrl}/sandbox/pluggy`, clientId: APP_SANDBOX_KEYS.clientId, clientSecret: APP_SANDBOX_KEYS.secret }), { includeSandbox: true });
  const sandbox = pluggySandbox;
  return {
    appUrl,
    plaidSandbox,
    pluggySandbox: sandbox,
    plaidApi,
    plaid: new PlaidProvider(plaidApi),
    pluggy,
    plaidStats,
    setTimeoutThreshold: (ms) => {
      timeoutThreshold = ms;
    },
    close: async () => {
      sandbox.close();
      await server.close();
    },
  };
}
