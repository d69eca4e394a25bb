import { getConfig, type AppConfig } from "@/lib/config";
import { getProvider } from "@/lib/providers";
import { isProviderError } from "@/lib/providers/errors";
import { getPluggyWebhookSecret } from "@/lib/secrets";
import { PluggyProvider } from "./provider";

/**
 * At server start with real Pluggy (PLUGGY_CLIENT_ID/SECRET set): register the one account-level
 * webhook that delivers every event to /api/webhooks/pluggy with the X-Webhook-Secret header.
 * Per-item webhooks carry no header, so without this every Pluggy webhook is refused. Never
 * throws: a failure is one log line and the app starts anyway. The local sandbox needs nothing.
 */

export type PluggyWebhookStartResult = "created" | "updated" | "skipped" | "no-secret" | "failed";

export type PluggyWebhookStartDeps = {
  config?: AppConfig;
  provider?: Pick<PluggyProvider, "ensureWebhook">;
  log?: Pick<Console, "info" | "warn" | "error">;
};

export async function registerPluggyWebhookAtStart(deps: PluggyWebhookStartDeps = {}): Promise<PluggyWebhookStartResult> {
  const log = deps.log ?? console;
  let url = "/api/webhooks/pluggy";
  try {
    const config = deps.config ?? getConfig();
    if (config.pluggy.mode !== "pluggy") return "skipped";
    url = `${config.appUrl}/api/webhooks/pluggy`;
    const secret = getPluggyWebhookSecret(config);
    if (!secret) {
      log.warn(
        "Bank Connections: PLUGGY_WEBHOOK_SECRET is not set, so no Pluggy webhook is registered and every Pluggy webhook is refused; set it (16+ characters, e.g. openssl rand -hex 32) and restart.",
      );
      return "no-secret";
    }
    const provider = deps.provider ?? pluggyProvider();
    const result = await provider.ensureWebhook(url, secret);
    log.info(`Bank Connections: Pluggy webhook ${result} for ${url}.`);
    return result;
  } catch (err) {
    log.error(`Bank Connections: could not register the Pluggy webhook for ${url} (${describe(err)}); Pluggy webhooks will be refused until this is fixed: ${whatToCheck(err)}, then restart.`);
    return "failed";
  }
}

function pluggyProvider(): Pick<PluggyProvider, "ensureWebhook"> {
  const provider = getProvider("PLUGGY");
  if (!(provider instanceof PluggyProvider)) throw new Error("the PLUGGY provider is not the Pluggy API client");
  return provider;
}

function describe(err: unknown): string {
  if (isProviderError(err)) return `${err.kind}${err.details.providerCode ? ` ${err.details.providerCode}` : ""}: ${err.message}`;
  return err instanceof Error ? (err.message.split("\n")[0] ?? err.name) : String(err);
}

/** The most likely fix, from what failed. */
function whatToCheck(err: unknown): string {
  if (isProviderError(err)) {
    if (err.kind === "NOT_CONFIGURED") return "check PLUGGY_CLIENT_ID and PLUGGY_CLIENT_SECRET";
    if (err.kind === "RATE_LIMITED") return "Pluggy asked to slow down, so wait a minute";
    // A transport failure (ETIMEDOUT, ECONNREFUSED, ENOTFOUND…): no answer from Pluggy at all.
    if (err.kind === "PROVIDER_ERROR" && /^E[A-Z_]+$/.test(err.details.providerCode ?? "")) return "check that this server can reach api.pluggy.ai";
  }
  return "check that APP_URL is the portal's public https:// address (Pluggy refuses http and localhost) and the Pluggy keys";
}
