import type { PluggyClient } from "pluggy-sdk";
import { ProviderError } from "../errors";
import type { BankProvider, Institution, ItemState, LinkResult, LinkSession, LinkUpdate, LinkedItem, ProviderAccount } from "../types";
import { toProviderError } from "./errors";
import { toInstitution, toItemState, toProviderAccount } from "./transform";
import type { BankTransaction, TransactionPage, TransactionPageOptions } from "../transactions";
import { fetchTransactionsPage, listTransactionsSince } from "./transactions";
import { ensurePluggyWebhook } from "./webhooks";
import { PLUGGY_WEBHOOK_SECRET_HEADER } from "@/lib/secrets";

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toProviderError(err);
  }
}

export class PluggyProvider implements BankProvider {
  readonly name = "PLUGGY" as const;
  readonly countries = ["BR"] as const;
  // Pluggy delivers up to a year of history for most connectors.
  readonly maxHistoryDays = 365;
  readonly gatesSyncOnItemState = true;

  constructor(
    private readonly client: PluggyClient,
    private readonly opts: { includeSandbox: boolean; connectUrl?: string },
  ) {}

  async listInstitutions(country: string, query?: string): Promise<Institution[]> {
    if (country !== "BR") throw new ProviderError("NOT_CONFIGURED", `Pluggy does not serve ${country}.`);
    const q = query?.trim();
    const page = await call(() =>
      this.client.fetchConnectors({ countries: ["BR"], types: ["PERSONAL_BANK", "BUSINESS_BANK"], sandbox: this.opts.includeSandbox, ...(q ? { name: q } : {}) }),
    );
    return page.results.map(toInstitution).sort((a, b) => a.name.localeCompare(b.name));
  }

  async createLinkSession(opts: { userId: string; update?: LinkUpdate; webhookUrl?: string; institutionId?: string }): Promise<LinkSession> {
    const token = await call(() =>
      this.client.createConnectToken(opts.update?.secret, { clientUserId: opts.userId, avoidDuplicates: true, ...(opts.webhookUrl ? { webhookUrl: opts.webhookUrl } : {}) }),
    );
    return {
      provider: "PLUGGY",
      connectToken: token.accessToken,
      ...(this.opts.connectUrl ? { connectUrl: this.opts.connectUrl } : {}),
      ...(opts.update ? { updateItemId: opts.update.secret } : {}),
      ...(!opts.update && opts.institutionId && /^\d+$/.test(opts.institutionId) ? { selectedConnectorId: Number(opts.institutionId) } : {}),
    };
  }

  /** The widget's item id is not trusted: the item is fetched and must belong to this user. */
  async completeLink(result: LinkResult, ctx: { userId: string }): Promise<LinkedItem> {
    if (result.provider !== "PLUGGY") throw new ProviderError("INVALID_TOKEN", "Not a Pluggy link result.");
    const item = await call(() => this.client.fetchItem(result.itemId));
    if (item.clientUserId !== ctx.userId) {
      throw new ProviderError("INVALID_TOKEN", "This bank connection was made by someone else.");
    }
    const state = toItemState(item);
    if (state.status === "LOGIN_REQUIRED") throw new ProviderError("INVALID_CREDENTIALS", state.errorMessage ?? "The bank did not accept the login.", { providerCode: state.errorCode ?? undefined });
    if (state.status === "ERROR") throw new ProviderError("INSTITUTION_DOWN", state.errorMessage ?? "The bank could not be reached.", { providerCode: state.errorCode ?? undefined });
    const accounts = await this.getAccounts(item.id);
    return { itemId: item.id, secret: item.id, institution: toInstitution(item.connector), accounts, consentExpiresAt: state.consentExpiresAt };
  }

  async getAccounts(secret: string): Promise<ProviderAccount[]> {
    const page = await call(() => this.client.fetchAccounts(secret));
    return page.results.map(toProviderAccount);
  }

  async getItemState(secret: string): Promise<ItemState> {
    return toItemState(await call(() => this.client.fetchItem(secret)));
  }

  async removeItem(secret: string): Promise<void> {
    try {
      await call(() => this.client.deleteItem(secret));
    } catch (err) {
      if (err instanceof ProviderError && err.kind === "ITEM_NOT_FOUND") return;
      throw err;
    }
  }

  fetchTransactionsPage(secret: string, cursor: string | null, opts?: TransactionPageOptions): Promise<TransactionPage> {
    return fetchTransactionsPage(this.client, secret, cursor, opts);
  }

  listTransactionsSince(secret: string, fromDate: string): Promise<{ providerAccountIds: string[]; transactions: BankTransaction[] }> {
    return listTransactionsSince(this.client, secret, fromDate);
  }

  /**
   * Real Pluggy: registers (or updates) the one account-level webhook for every event at `url`,
   * sending `secret` in X-Webhook-Secret (per-item deliveries carry no header). Idempotent.
   */
  ensureWebhook(url: string, secret: string): Promise<"created" | "updated"> {
    return ensurePluggyWebhook(this.client, url, { name: PLUGGY_WEBHOOK_SECRET_HEADER, value: secret });
  }
}
