import type { PlaidProvider } from "@/lib/providers/plaid/provider";
import type { PluggyProvider } from "@/lib/providers/pluggy/provider";
import type { SandboxApiKeys } from "@/lib/secrets";
import type { PlaidSandbox } from "@bank-connections/sandbox/plaid";
import type { PluggySandbox } from "@bank-connections/sandbox/pluggy";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";

/**
 * The sandbox banks for a drill, on a local HTTP server mounted as the app mounts them
 * (`/sandbox/plaid`, `/sandbox/pluggy`), so a worker process started with APP_URL = `appUrl` reaches
 * them through lib/providers' getProvider() exactly as in the embedded default. Counts every Plaid
 * call and every injected fault. Built on the shared harness (packages/sandbox/testing/harness.ts).
 */

export type PlaidCallStats = { calls: number; rateLimit: number; serverError: number; timeout: number; syncMutation: number };

export type DrillSandbox = {
  appUrl: string;
  /**
   * The keys lib/providers sends to the local sandbox (the worker's DATA_DIR's, lib/secrets.ts):
   * items are per client, so the drill's own clients are the worker's.
   */
  keys: SandboxApiKeys;
  plaidSandbox: PlaidSandbox;
  pluggySandbox: PluggySandbox;
  /** The official Plaid client on `${appUrl}/sandbox/plaid`. */
  plaidApi: SandboxHarness["plaidApi"];
  plaid: PlaidProvider;
  pluggy: PluggyProvider;
  plaidStats: PlaidCallStats;
  /** Simulated answers delayed by at least this much are counted as timeouts. */
  setTimeoutThreshold(ms: number): void;
  close(): Promise<void>;
};

export async function startDrillSandbox(opts: { keys: SandboxApiKeys; plaidTimeoutMs?: number; pluggyHistoryDays?: number }): Promise<DrillSandbox> {
  const plaidStats: PlaidCallStats = { calls: 0, rateLimit: 0, serverError: 0, timeout: 0, syncMutation: 0 };
  let timeoutThreshold = Number.POSITIVE_INFINITY;
  const harness = await startSandboxHarness({
    mount: "/sandbox",
    keys: opts.keys.plaid,
    pluggyKeys: { clientId: opts.keys.pluggy.clientId, secret: opts.keys.pluggy.clientSecret },
    ...(opts.plaidTimeoutMs ? { plaidTimeoutMs: opts.plaidTimeoutMs } : {}),
    plaid: {
      sleep: (ms) => {
        if (ms >= timeoutThreshold) plaidStats.timeout++;
        return new Promise<void>((r) => setTimeout(r, ms));
      },
    },
    ...(opts.pluggyHistoryDays ? { pluggy: { historyDays: opts.pluggyHistoryDays } } : {}),
    wrapPlaid: (plaid): PlaidSandbox => ({
      ...plaid,
      handle: async (req) => {
        const res = await plaid.handle(req);
        if (!req.path.includes("/sandbox/")) plaidStats.calls++;
        const code = (res.body as { error_code?: unknown } | null)?.error_code;
        if (res.status === 429) plaidStats.rateLimit++;
        else if (res.status >= 500) plaidStats.serverError++;
        else if (code === "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION") plaidStats.syncMutation++;
        return res;
      },
    }),
  });
  return {
    appUrl: harness.url,
    keys: opts.keys,
    plaidSandbox: harness.plaidSandbox,
    pluggySandbox: harness.pluggySandbox,
    plaidApi: harness.plaidApi,
    plaid: harness.plaid,
    pluggy: harness.pluggy,
    plaidStats,
    setTimeoutThreshold: (ms) => {
      timeoutThreshold = ms;
    },
    close: () => harness.close(),
  };
}
