/**
 * The sandbox banks as a web app hosts them: the shared store and clock, the two emulators (each
 * only when asked for), their public URLs under the app, and webhooks that go only to the app's
 * own `/api/webhooks/…` URLs with a short timeout (a failed delivery is logged and recorded as
 * status 0, never thrown into the emulators). The app's adapter (lib/sandbox/mount.ts) builds
 * one from its config and secrets; see packages/sandbox/README.md ("Inside the app").
 */
import path from "node:path";
import { createSandboxClock, wallClockBase, type SandboxClock } from "@bank-connections/sandbox/core/clock";
import { createFileStore, type SandboxStore } from "@bank-connections/sandbox/core/store";
import { createPlaidSandbox, type PlaidSandbox } from "@bank-connections/sandbox/plaid";
import { createPluggySandbox, createSharedPluggyStore, type PluggySandbox } from "@bank-connections/sandbox/pluggy";

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

/**
 * The API keys the hosted sandbox takes — and nothing else, like the real services: Plaid's
 * PLAID-CLIENT-ID / PLAID-SECRET, Pluggy's clientId / clientSecret at POST /auth, and the secret
 * that signs the Pluggy api keys and connect tokens (so nobody can mint one).
 */
export interface HostSandboxKeys {
  plaid: { clientId: string; secret: string };
  pluggy: { clientId: string; clientSecret: string };
  pluggySigningSecret: string;
}

export interface AppSandbox {
  /** `${dataDir}/sandbox.json`. */
  file: string;
  store: SandboxStore;
  clock: SandboxClock;
  plaid: PlaidSandbox | null;
  pluggy: PluggySandbox | null;
  urls: SandboxUrls;
  /** The app's origin (`new URL(appUrl).origin`): the only Origin a browser call may come from. */
  appOrigin: string;
  /** The Pluggy API client id the app (and the page's "try it" widgets) use. */
  pluggyClientId: string;
  /** Stops the Pluggy emulator's timers (tests). */
  close(): void;
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

export interface HostSandboxOptions {
  /** Where `sandbox.json` lives. */
  dataDir: string;
  /** The app's public URL (the emulators' links and webhook URLs are under it). */
  appUrl: string;
  plaid: boolean;
  pluggy: boolean;
  /** The only API keys the emulators accept (the app's generated per-install keys). */
  keys: HostSandboxKeys;
  /** Default: createAppWebhookSender for appUrl. */
  webhookSender?: SandboxWebhookSender;
  /** Default: a file store at `${dataDir}/sandbox.json`. */
  store?: SandboxStore;
  /** Headers the sandbox Pluggy sends with every delivery to an item's webhookUrl. */
  pluggyWebhookHeaders?: Record<string, string>;
  /**
   * The clock's base when the store has none yet (a first start). Default: the wall-clock instant
   * of that start (wallClockBase), saved with the state so restarts keep the sandbox date; tests
   * pass a fixed base (e.g. DEFAULT_SANDBOX_BASE) for deterministic data.
   */
  clockBase?: string | number | Date;
}

export function createHostSandbox(opts: HostSandboxOptions): AppSandbox {
  const file = path.join(opts.dataDir, "sandbox.json");
  const store = opts.store ?? createFileStore(file);
  const clock = createSandboxClock({ base: opts.clockBase ?? wallClockBase() });
  const urls = sandboxUrls(opts.appUrl);
  const sender = opts.webhookSender ?? createAppWebhookSender({ appUrl: opts.appUrl });
  const plaid = opts.plaid ? createPlaidSandbox({ store, clock, webhookSender: sender, baseUrl: urls.plaid, credentials: [opts.keys.plaid] }) : null;
  const pluggy = opts.pluggy
    ? createPluggySandbox({
        clock,
        store: createSharedPluggyStore(store, clock),
        // Routes strip the mount before calling handle(); links (`next`, webhook links) keep it.
        mountPath: "/sandbox/pluggy",
        // Executions settled by a timer (before any request after a restart) still build right links.
        publicUrl: urls.pluggy,
        webhookSender: sender,
        clients: [opts.keys.pluggy],
        secret: opts.keys.pluggySigningSecret,
        // As a real deployment registers its webhook with a header (Pluggy's `headers`), the
        // sandbox sends it with every delivery to an item's webhookUrl (the portal's own).
        ...(opts.pluggyWebhookHeaders ? { itemWebhookHeaders: opts.pluggyWebhookHeaders } : {}),
      })
    : null;
  return { file, store, clock, plaid, pluggy, urls, appOrigin: new URL(opts.appUrl).origin, pluggyClientId: opts.keys.pluggy.clientId, close: () => pluggy?.close() };
}
