/** Shared set-up of the Pluggy emulator tests (pluggy-emulator*.test.ts): a sandbox driven through handle(), no HTTP. */
import fs from "node:fs";
import { afterEach } from "vitest";
import { createSandboxClock } from "@bank-connections/sandbox/core/clock";
import { createPluggySandbox, type PluggySandbox, type PluggySandboxOptions, type WebhookDelivery } from "@bank-connections/sandbox/pluggy";

export const BASE = "2025-03-10T15:00:00.000Z";
const open: PluggySandbox[] = [];
export const tmpDirs: string[] = [];

export function make(extra: Partial<PluggySandboxOptions> = {}) {
  const sent: WebhookDelivery[] = [];
  const clock = createSandboxClock({ base: BASE });
  const sandbox = createPluggySandbox({
    clock,
    seed: 99,
    execution: { pollsToSettle: 2, settleAfterMs: null, background: false },
    webhookSender: async (d) => {
      sent.push(d);
      return { status: 200 };
    },
    webhookRetryDelaysMs: [],
    ...extra,
  });
  open.push(sandbox);
  const call = async (method: string, p: string, opts: { body?: unknown; key?: string; headers?: Record<string, string> } = {}) => {
    const res = await sandbox.handle({
      method,
      path: p,
      query: {},
      headers: { host: "sandbox.test", ...(opts.key ? { "x-api-key": opts.key } : {}), ...(opts.headers ?? {}) },
      body: opts.body,
    });
    // Response bodies are read loosely here; their shapes are asserted field by field.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return res as { status: number; headers?: Record<string, string>; body: Record<string, any> };
  };
  const apiKey = async () => (await call("POST", "/auth", { body: { clientId: "c1", clientSecret: "s1" } })).body.apiKey as string;
  return { sandbox, call, apiKey, sent, clock };
}

/** Closes the sandboxes make() opened and removes temp folders after each test; call once per test file. */
export function registerCleanup(): void {
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
    for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
}
