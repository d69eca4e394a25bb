/**
 * The app's adapter for the sandbox package (packages/sandbox, README.md there): the ONE place in
 * the product that builds the sandbox banks, from the app's config and secrets, as ONE process-wide
 * instance (kept on globalThis, like lib/db/index.ts, so every bundle Next.js builds — pages,
 * actions, route handlers — shares it). app/sandbox/** mounts it; the rest of the product reaches
 * the sandbox only through here (an ESLint rule, eslint.config.mjs, forbids other imports).
 *
 *   store   `${DATA_DIR}/sandbox.json` (the clock and one section per emulator)
 *   plaid   served at  `${appUrl}/sandbox/plaid`   (null unless Plaid is in local-sandbox mode)
 *   pluggy  served at `${appUrl}/sandbox/pluggy`  (null unless Pluggy is in local-sandbox mode)
 *
 * Pluggy's webhooks carry the portal's X-Webhook-Secret (getPluggyWebhookSecret), Plaid's are signed.
 */
import { getConfig, type AppConfig } from "@/lib/config";
import { getPluggyWebhookSecret, getSandboxApiKeys, PLUGGY_WEBHOOK_SECRET_HEADER, type SandboxApiKeys } from "@/lib/secrets";
import { createHostSandbox, type AppSandbox, type SandboxProvider, type SandboxWebhookSender } from "@bank-connections/sandbox/host/instance";
import type { SandboxStore } from "@bank-connections/sandbox/core/store";
import type { PlaidSandbox } from "@bank-connections/sandbox/plaid";
import type { PluggySandbox } from "@bank-connections/sandbox/pluggy";
import { handleControlHttp as controlHttp } from "@bank-connections/sandbox/host/control-http";
import {
  runControl as runHostControl,
  sandboxOverview as hostOverview,
  type ControlCommand,
  type ControlOutcome,
  type SandboxOverview,
  type SandboxViewer,
} from "@bank-connections/sandbox/host/controls";
import { handlePlaidHttp as plaidHttp, handlePluggyHttp as pluggyHttp } from "@bank-connections/sandbox/host/http";
import { handlePlaidOAuthPage as plaidOAuthPage } from "@bank-connections/sandbox/host/oauth-page";
import { withBoundedBody } from "@/lib/http/bounded-body";
import { controlRefusal, oauthRefusal, plaidRefusal, pluggyRefusal, SANDBOX_API_MAX_BYTES, SANDBOX_FORM_MAX_BYTES } from "./bodies";

export {
  ControlError,
  controlSchema,
  PLAID_WEBHOOK_CODES,
  PLUGGY_WEBHOOK_EVENTS,
  canSeeItem,
  type ControlCommand,
  type ControlOutcome,
  type SandboxOverview,
  type SandboxViewer,
} from "@bank-connections/sandbox/host/controls";
export { createAppWebhookSender, sandboxUrls, WEBHOOK_TIMEOUT_MS, type AppSandbox, type SandboxProvider, type SandboxUrls, type SandboxWebhookSender } from "@bank-connections/sandbox/host/instance";

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

export interface CreateAppSandboxOptions {
  /** Default: createAppWebhookSender for the config's appUrl. */
  webhookSender?: SandboxWebhookSender;
  store?: SandboxStore;
  /** Sent by the sandbox Pluggy in X-Webhook-Secret. Default: getPluggyWebhookSecret(config). */
  pluggyWebhookSecret?: string;
  /** The clock's base on a first start. Default: the wall clock then (kept in the store afterwards). */
  clockBase?: string | number | Date;
  /** The API keys the sandbox takes. Default: the installation's generated ones (getSandboxApiKeys). */
  keys?: SandboxApiKeys;
}

/** Builds an instance for a config (the singleton below uses it; tests call it directly). */
export function createAppSandbox(config: AppConfig, opts: CreateAppSandboxOptions = {}): AppSandbox {
  const pluggy = isSandboxEnabled("pluggy", config);
  const pluggySecret = pluggy ? (opts.pluggyWebhookSecret ?? getPluggyWebhookSecret(config)) : undefined;
  return createHostSandbox({
    dataDir: config.dataDir,
    appUrl: config.appUrl,
    plaid: isSandboxEnabled("plaid", config),
    pluggy,
    keys: opts.keys ?? getSandboxApiKeys(config),
    ...(opts.webhookSender ? { webhookSender: opts.webhookSender } : {}),
    ...(opts.store ? { store: opts.store } : {}),
    ...(opts.clockBase !== undefined ? { clockBase: opts.clockBase } : {}),
    ...(pluggySecret ? { pluggyWebhookHeaders: { [PLUGGY_WEBHOOK_SECRET_HEADER]: pluggySecret } } : {}),
  });
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

// ── the package's web handlers, bound to this process's instance (app/sandbox/** routes) ─────

/** The instance when that provider's sandbox is on (either, without an argument), else null. */
export function sandboxIfEnabled(provider?: SandboxProvider): AppSandbox | null {
  return isSandboxEnabled(provider) ? getSandbox() : null;
}

// Bodies are read with a byte cap (./bodies.ts) before a handler sees them; a sandbox that is off answers 404 unread.
export const handlePlaidHttp = (req: Request, segments: string[] | undefined): Promise<Response> => {
  const sb = sandboxIfEnabled("plaid");
  return sb ? withBoundedBody(req, SANDBOX_API_MAX_BYTES, plaidRefusal, (r) => plaidHttp(sb, r, segments)) : plaidHttp(null, req, segments);
};

/** The sandbox bank's OAuth consent page (GET/POST /sandbox/plaid/oauth/<oauth_state_id>). */
export const handlePlaidOAuthPage = (req: Request, stateId: string | undefined): Promise<Response> => {
  const sb = sandboxIfEnabled("plaid");
  return sb ? withBoundedBody(req, SANDBOX_FORM_MAX_BYTES, oauthRefusal, (r) => plaidOAuthPage(sb, r, stateId)) : plaidOAuthPage(null, req, stateId);
};

export const handlePluggyHttp = (req: Request, segments: string[] | undefined): Promise<Response> => {
  const sb = sandboxIfEnabled("pluggy");
  return sb ? withBoundedBody(req, SANDBOX_API_MAX_BYTES, pluggyRefusal, (r) => pluggyHttp(sb, r, segments)) : pluggyHttp(null, req, segments);
};

/**
 * The sandbox's view of a signed-in user: their own items, or every item when their e-mail is in
 * SANDBOX_ADMIN_EMAILS (config.sandboxAdminEmails).
 */
export function sandboxViewer(user: { id: string; email: string }, config: AppConfig = getConfig()): SandboxViewer {
  return { userId: user.id, admin: config.sandboxAdminEmails.includes(user.email.trim().toLowerCase()) };
}

/**
 * The JSON control route's body (GET: the overview, POST: a command, read with a byte cap) for the
 * signed-in viewer; 401 without one, 404 when the sandbox is off.
 */
export async function handleControlHttp(req: Request, user: { id: string; email: string } | null): Promise<Response> {
  const sb = sandboxIfEnabled();
  if (!sb) return Response.json({ error: "not found" }, { status: 404 });
  if (!user) return Response.json({ ok: false, error: "Sign in to use the sandbox controls." }, { status: 401, headers: { "Cache-Control": "no-store" } });
  const viewer = sandboxViewer(user);
  if (req.method === "GET" || req.method === "HEAD") return controlHttp(sb, req, viewer);
  return withBoundedBody(req, SANDBOX_FORM_MAX_BYTES, controlRefusal, (r) => controlHttp(sb, r, viewer));
}

export const runControl = (cmd: ControlCommand, viewer: SandboxViewer, sb: AppSandbox = getSandbox()): Promise<ControlOutcome> => runHostControl(cmd, sb, viewer);

export const sandboxOverview = (viewer: SandboxViewer, sb: AppSandbox = getSandbox()): Promise<SandboxOverview> => hostOverview(sb, viewer);
