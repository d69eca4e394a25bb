/**
 * Test harness: the shared sandbox harness (testing/harness.ts) with its Plaid emulator, the official `plaid` client pointed
 * at it, captured webhooks, and a recorder of every response the sandbox sent (so tests can
 * validate each one against the OpenAPI contract).
 */
import { Configuration, PlaidApi } from "plaid";
import { createSandboxClock, type SandboxClock } from "@bank-connections/sandbox/core/clock";
import type { SandboxHttpServer } from "@bank-connections/sandbox/core/http";
import { startSandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { normalizePlaidPath, type PlaidSandbox, type PlaidSandboxOptions, type WebhookDelivery } from "@bank-connections/sandbox/plaid";
import { createMemoryStore, type SandboxStore } from "@bank-connections/sandbox/core/store";
import { assertComponent, assertResponse } from "./plaid-openapi";

export interface Recorded {
  path: string;
  status: number;
  body: unknown;
}

export interface Harness {
  plaid: PlaidSandbox;
  store: SandboxStore;
  clock: SandboxClock;
  server: SandboxHttpServer;
  url: string;
  client: PlaidApi;
  clientWith(headers: Record<string, string>): PlaidApi;
  webhooks: WebhookDelivery[];
  recorded: Recorded[];
  /** POSTs raw text to `/plaid<path>` (for malformed bodies and the Link stand-in). */
  post(path: string, body: string | object, headers?: Record<string, string>): Promise<{ status: number; data: unknown }>;
  close(): Promise<void>;
}

export const KEYS = { "PLAID-CLIENT-ID": "test-client", "PLAID-SECRET": "test-secret", "Plaid-Version": "2020-09-14" };

export async function startHarness(opts: Partial<Pick<PlaidSandboxOptions, "webhookSender" | "wallNowMs" | "sleep">> & { store?: SandboxStore; clock?: SandboxClock } = {}): Promise<Harness> {
  const store = opts.store ?? createMemoryStore();
  const clock = opts.clock ?? createSandboxClock();
  const webhooks: WebhookDelivery[] = [];
  const recorded: Recorded[] = [];
  const harness = await startSandboxHarness({
    store,
    clock,
    plaid: {
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
      ...(opts.wallNowMs ? { wallNowMs: opts.wallNowMs } : {}),
      webhookSender:
        opts.webhookSender ??
        (async (d) => {
          webhooks.push(d);
          return { status: 200 };
        }),
    },
    wrapPlaid: (inner) => ({
      ...inner,
      handle: async (req) => {
        const res = await inner.handle(req);
        recorded.push({ path: normalizePlaidPath(req.path), status: res.status, body: res.body });
        return res;
      },
    }),
  });
  const { server, plaidSandbox: plaid } = harness;
  const clientWith = (headers: Record<string, string>) => new PlaidApi(new Configuration({ basePath: `${server.url}/plaid`, baseOptions: { headers } }));
  return {
    plaid,
    store,
    clock,
    server,
    url: server.url,
    client: clientWith(KEYS),
    clientWith,
    webhooks,
    recorded,
    async post(path, body, headers = KEYS) {
      const res = await fetch(`${server.url}/plaid${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return { status: res.status, data: (await res.json()) as unknown };
    },
    close: () => harness.close(),
  };
}

/** Operations in the OpenAPI contract; the Link stand-in and unknown paths are not. */
const CONTRACT_PATHS = new Set([
  "/link/token/create",
  "/item/public_token/exchange",
  "/accounts/get",
  "/item/get",
  "/item/remove",
  "/item/webhook/update",
  "/institutions/get_by_id",
  "/institutions/search",
  "/transactions/sync",
  "/transactions/refresh",
  "/webhook_verification_key/get",
  "/sandbox/public_token/create",
  "/sandbox/item/fire_webhook",
  "/sandbox/item/reset_login",
  "/institutions/get",
  "/accounts/balance/get",
  "/transactions/get",
  "/transactions/recurring/get",
  "/auth/get",
  "/identity/get",
  "/link/token/get",
  "/item/access_token/invalidate",
  "/categories/get",
  // Products Plaid has and the sandbox does not emulate (their error answers are validated).
  "/investments/holdings/get",
  "/investments/transactions/get",
  "/liabilities/get",
  "/statements/list",
  "/statements/download",
  "/signal/evaluate",
  "/asset_report/create",
  "/transactions/enrich",
]);

/** Validates each recorded response against its operation (errors against PlaidError) and clears the list. */
export function validateRecorded(recorded: Recorded[]): number {
  let n = 0;
  for (const r of recorded.splice(0)) {
    if (CONTRACT_PATHS.has(r.path)) assertResponse(r.path, r.status, r.body);
    else if (r.status !== 200) assertComponent("PlaidError", r.body);
    if (typeof (r.body as { request_id?: unknown }).request_id !== "string") throw new Error(`no request_id in ${r.path} → ${r.status}`);
    n++;
  }
  return n;
}

export interface PlaidErrorBody {
  error_type: string;
  error_code: string;
  error_message: string;
  display_message: string | null;
  request_id: string;
  status: number;
}

/** Awaits an SDK call that must fail and returns the HTTP status and Plaid error body. */
export async function sdkError(call: Promise<unknown>): Promise<{ status: number; data: PlaidErrorBody }> {
  try {
    await call;
  } catch (e) {
    const res = (e as { response?: { status: number; data: PlaidErrorBody } }).response;
    if (!res) throw e;
    return { status: res.status, data: res.data };
  }
  throw new Error("expected the Plaid call to fail");
}
