/**
 * The offline sandbox banks inside the app: ONE process-wide instance (kept on globalThis, like
 * lib/db/index.ts, so every bundle Next.js builds — pages, actions, route handlers — shares it).
 *
 *   store   `${DATA_DIR}/sandbox.json` (Plaid state, Pluggy state under ext.pluggy, the clock)
 *   clock   one SandboxClock shared by both emulators
 *   plaid   the Plaid emulator, served at  `${appUrl}/sandbox/plaid`   (null unless Plaid is in local-sandbox mode)
 *   pluggy  the Pluggy emulator, served at `${appUrl}/sandbox/pluggy`  (null unless Pluggy is in local-sandbox mode)
 *
 * Webhooks go only to this portal's own `/api/webhooks/…` URLs, with a short timeout; a failed
 * delivery is logged and recorded (status 0), never thrown into the emulators. Pluggy's carry the
 * portal's X-Webhook-Secret (getPluggyWebhookSecret), Plaid's are signed.
 */
import path from "node:path";
import { getConfig, type AppConfig } from "@/lib/config";
import { createSandboxClock, type SandboxClock } from "@/lib/sandbox/clock";
import { createPlaidSandbox, type PlaidSandbox } from "@/lib/sandbox/plaid";
import { createPluggySandbox, createSharedPluggyStore, type PluggySandbox } from "@/lib/sandbox/pluggy";
import { createFileStore, type SandboxStore } from "@/lib/sandbox/store";
import { getPluggyWebhookSecret, PLUGGY_WEBHOOK_SECRET_HEADER } from "@/lib/secrets";

export type SandboxProvider = "plaid" | "pluggy";

export interface SandboxUrls {
  /** Plaid API base (the `plaid` client's basePath). */
  plaid: string;
  /** Pluggy API base (PLUGGY_API_URL). */
  pluggy: string;
  /** The Pluggy Connect child page (react-pluggy-connect's `url` prop). */
  pluggyConnect: string;
  /** The Plaid Link stand-in script (loaded by useSandboxPlaidShim). */
  plaidLinkScript: string;
  plaidWebhook: string;
  pluggyWebhook: string;
}

export interface AppSandbox {
  /** `${dataDir}/sandbox.json`. */
  file: string;
  store: SandboxStore;
  clock: SandboxClock;
  plaid: PlaidSandbox | null;
  pluggy: PluggySandbox | null;
  urls: SandboxUrls;
  /** Stops the Pluggy emulator's timers (tests). */
  close(): void;
}

export class SandboxDisabledError extends Error {
  constructor(provider?: SandboxProvider) {
    super(provider ? `the local ${provider} sandbox is off (real ${provider} keys are configured)` : "the local sandbox banks are off (real provider keys are configured)");
    this.name = "SandboxDisabledError";
  }
}

/** True when the app serves that provider's local sandbox (no real keys); without an argument, either. */
export function isSandboxEnabled(provider?: SandboxProvider, config: AppConfig = getConfig()): boolean {
  const plaid = config.plaid.mode === "local-sandbox";
  const pluggy = config.pluggy.mode === "local-sandbox";
  if (provider === "plaid") return plaid;
  if (provider === "pluggy") return pluggy;
  return plaid || pluggy;
}

export function sandboxUrls(appUrl: string): SandboxUrls {
  return {
    plaid: `${appUrl}/sandbox/plaid`,
    pluggy: `${appUrl}/sandbox/pluggy`,
    pluggyConnect: `${appUrl}/sandbox/pluggy/connect`,
    plaidLinkScript: "/sandbox/plaid-link.js",
    plaidWebhook: `${appUrl}/api/webhooks/plaid`,
    pluggyWebhook: `${appUrl}/api/webhooks/pluggy`,
  };
}

// ── webhooks ──────────────────────────────────────────────────────────────────────────────────

export type SandboxWebhookSender = (delivery: { url: string; headers: Record<string, string>; body: string }) => Promise<{ status: number }>;

export const WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * POSTs a webhook to one of this portal's own webhook URLs (`${appUrl}/api/webhooks/…`). Anything
 * else is refused (the sandbox is reachable without real credentials: it must not become a way to
 * make this server call arbitrary addresses). Never throws: no answer is reported as status 0.
 */
export function createAppWebhookSender(opts: {
  appUrl: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  warn?: (message: string) => void;
}): SandboxWebhookSender {
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const doFetch = opts.fetchImpl ?? fetch;
  const warn = opts.warn ?? ((m: string) => console.warn(`[sandbox] ${m}`));
  const app = new URL(opts.appUrl);
  const prefix = `${app.pathname.replace(/\/+$/, "")}/api/webhooks/`;
  const allowed = (raw: string): boolean => {
    try {
      const u = new URL(raw);
      return u.origin === app.origin && u.pathname.startsWith(prefix) && !u.pathname.includes("/../");
    } catch {
      return false;
    }
  };
  return async ({ url, headers, body }) => {
    if (!allowed(url)) {
      warn(`webhook not sent to ${url.slice(0, 200)}: the sandbox only posts to ${app.origin}${prefix}…`);
      return { status: 0 };
    }
    try {
      const res = await doFetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status };
    } catch (err) {
      const cause = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
      const reason =
        err instanceof Error ? (err.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : typeof cause === "string" ? `${err.message} (${cause})` : err.message) : String(err);
      warn(`webhook to ${url} failed: ${reason}`);
      return { status: 0 };
    }
  };
}

// ── the instance ──────────────────────────────────────────────────────────────────────────────

export interface CreateAppSandboxOptions {
  /** Default: createAppWebhookSender for the config's appUrl. */
  webhookSender?: SandboxWebhookSender;
  store?: SandboxStore;
  /** Sent by the sandbox Pluggy in X-Webhook-Secret. Default: getPluggyWebhookSecret(config). */
  pluggyWebhookSecret?: string;
}

/** Builds an instance for a config (the singleton below uses it; tests call it directly). */
export function createAppSandbox(config: AppConfig, opts: CreateAppSandboxOptions = {}): AppSandbox {
  const file = path.join(config.dataDir, "sandbox.json");
  const store = opts.store ?? createFileStore(file);
  const clock = createSandboxClock();
  const urls = sandboxUrls(config.appUrl);
  const sender = opts.webhookSender ?? createAppWebhookSender({ appUrl: config.appUrl });
  const plaid = isSandboxEnabled("plaid", config) ? createPlaidSandbox({ store, clock, webhookSender: sender, baseUrl: urls.plaid }) : null;
  const pluggySecret = isSandboxEnabled("pluggy", config) ? (opts.pluggyWebhookSecret ?? getPluggyWebhookSecret(config)) : undefined;
  const pluggy = isSandboxEnabled("pluggy", config)
    ? createPluggySandbox({
        clock,
        store: createSharedPluggyStore(store, clock),
        // Routes strip the mount before calling handle(); links (`next`, webhook links) keep it.
        mountPath: "/sandbox/pluggy",
        // Executions settled by a timer (before any request after a restart) still build right links.
        publicUrl: urls.pluggy,
        webhookSender: sender,
        // As a real deployment registers its webhook with this header (Pluggy's `headers`), the
        // sandbox sends it with every delivery to an item's webhookUrl (the portal's own).
        ...(pluggySecret ? { itemWebhookHeaders: { [PLUGGY_WEBHOOK_SECRET_HEADER]: pluggySecret } } : {}),
      })
    : null;
  return {
    file,
    store,
    clock,
    plaid,
    pluggy,
    urls,
    close: () => pluggy?.close(),
  };
}

const g = globalThis as unknown as { __bankConnectionsSandbox?: { key: string; sandbox: AppSandbox } };

function keyOf(config: AppConfig): string {
  return JSON.stringify([config.dataDir, config.appUrl, config.plaid.mode, config.pluggy.mode]);
}

/** The process's sandbox banks. Throws SandboxDisabledError when neither provider is in local-sandbox mode. */
export function getSandbox(config: AppConfig = getConfig()): AppSandbox {
  if (!isSandboxEnabled(undefined, config)) throw new SandboxDisabledError();
  const key = keyOf(config);
  const known = g.__bankConnectionsSandbox;
  if (known && known.key === key) return known.sandbox;
  known?.sandbox.close();
  const sandbox = createAppSandbox(config);
  g.__bankConnectionsSandbox = { key, sandbox };
  return sandbox;
}

/** The Plaid half, or SandboxDisabledError. */
export function getPlaidSandbox(config: AppConfig = getConfig()): PlaidSandbox {
  const plaid = isSandboxEnabled("plaid", config) ? getSandbox(config).plaid : null;
  if (!plaid) throw new SandboxDisabledError("plaid");
  return plaid;
}

/** The Pluggy half, or SandboxDisabledError. */
export function getPluggySandbox(config: AppConfig = getConfig()): PluggySandbox {
  const pluggy = isSandboxEnabled("pluggy", config) ? getSandbox(config).pluggy : null;
  if (!pluggy) throw new SandboxDisabledError("pluggy");
  return pluggy;
}

/** Drops the singleton (tests). */
export function resetSandboxSingleton(): void {
  g.__bankConnectionsSandbox?.sandbox.close();
  g.__bankConnectionsSandbox = undefined;
}
