import type { PluggyClient } from "pluggy-sdk";
import { toProviderError } from "./errors";

/**
 * Real Pluggy: one account-level webhook for every event, delivered to our route with the secret
 * header (Pluggy sends the headers given here). Created once, or updated when the URL or secret
 * changed; idempotent, so every start may call it.
 */
export async function ensurePluggyWebhook(client: PluggyClient, url: string, secretHeader: { name: string; value: string }): Promise<"created" | "updated"> {
  try {
    const all = (await client.fetchWebhooks()).results;
    // Ours at this URL, else ours at a former APP_URL (same route): moved rather than duplicated.
    const existing = all.find((w) => w.url === url) ?? all.find((w) => w.url.endsWith("/api/webhooks/pluggy"));
    const headers = { [secretHeader.name]: secretHeader.value };
    if (existing) {
      await client.updateWebhook(existing.id, { url, event: "all", headers });
      return "updated";
    }
    await client.createWebhook("all", url, headers);
    return "created";
  } catch (err) {
    throw toProviderError(err);
  }
}
