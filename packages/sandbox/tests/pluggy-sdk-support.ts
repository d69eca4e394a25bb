/**
 * Shared set-up of the pluggy-sdk tests (pluggy-sdk*.test.ts): the Pluggy emulator on the sandbox
 * harness (testing/harness.ts) with fixed keys, seed and clock, the official PluggyClient against
 * it, and helpers that read the expected answers from the shared sandbox data (data/).
 */
import { PluggyClient } from "pluggy-sdk";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createSandboxClock } from "@bank-connections/sandbox/core/clock";
import { defaultWindow, getLoginData, visibleAt, type LoginData } from "@bank-connections/sandbox/data";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { createSharedPluggyStore, type PluggySandbox, type WebhookDelivery } from "@bank-connections/sandbox/pluggy";
import { createMemoryStore } from "@bank-connections/sandbox/core/store";

export const SECRET = "test-secret-for-pluggy-sandbox-0123456789";
export const CLIENT = { clientId: "test-client-id", clientSecret: "test-client-secret" };
export const SEED = 4242;
export const BASE = Date.parse("2025-06-15T12:00:00.000Z");

export const clock = createSandboxClock({ base: BASE });
export const sent: WebhookDelivery[] = [];
export let sandbox: PluggySandbox;
export let harness: SandboxHarness;
export let client: PluggyClient;
export let api: string; // the Pluggy API base URL (PLUGGY_API_URL)

export type Item = Awaited<ReturnType<PluggyClient["fetchItem"]>>;

export async function waitWhileUpdating(id: string, maxPolls = 10): Promise<{ item: Item; polls: number }> {
  let item = await client.fetchItem(id);
  let polls = 1;
  while ((item.status === "UPDATING" || item.status === "MERGING") && polls < maxPolls) {
    item = await client.fetchItem(id);
    polls++;
  }
  return { item, polls };
}

export async function rejection(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error("expected the SDK call to reject");
}

export function dataFor(connectorId: number, username: string): LoginData {
  return getLoginData({ institutionId: String(connectorId), username, seed: SEED }, defaultWindow({ baseMs: clock.baseMs, nowMs: clock.nowMs() }));
}

/** What Pluggy must show for each data account at instant t: every visible tx dated ≥ the history start. */
export function expectedByAccount(data: LoginData, t: number, historyFrom: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of data.accounts) out.set(a.accountId, []);
  for (const s of visibleAt(data, t, { minDate: historyFrom })) out.get(s.accountId)?.push(s.id);
  return out;
}

/** Registers the emulator and SDK client hooks; call once at the top of each test file. */
export function registerPluggySdkHarness(): void {
  beforeAll(async () => {
    const store = createMemoryStore();
    harness = await startSandboxHarness({
      store,
      clock,
      pluggy: {
        seed: SEED,
        store: createSharedPluggyStore(store, clock),
        mountPath: "/pluggy",
        clients: [CLIENT],
        secret: SECRET,
        execution: { pollsToSettle: 3, settleAfterMs: null, background: false },
        v2PageSize: 40,
        webhookSender: async (d) => {
          sent.push(d);
          return { status: 200 };
        },
        webhookRetryDelaysMs: [],
      },
    });
    sandbox = harness.pluggySandbox;
    api = harness.pluggyUrl;
    process.env.PLUGGY_API_URL = api;
    client = new PluggyClient(CLIENT);
  });

  afterAll(async () => {
    await harness?.close();
  });

  beforeEach(() => {
    sandbox.control.setFaults({});
  });
}

/** A new shared client (after a test revoked the api keys). */
export function renewClient(): void {
  client = new PluggyClient(CLIENT);
}
