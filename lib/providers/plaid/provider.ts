import { CountryCode, Products, type JWKPublicKey, type PlaidApi } from "plaid";
import type { BankProvider, Institution, ItemState, LinkResult, LinkSession, LinkUpdate, LinkedItem, ProviderAccount } from "../types";
import { ProviderError } from "../errors";
import { toProviderError } from "./errors";
import { toProviderAccount } from "./transform";
import type { TransactionPage, TransactionPageOptions } from "../transactions";
import { fetchTransactionsPage } from "./transactions";
import { WebhookKeyCache } from "./webhook-keys";

export const PLAID_COUNTRIES = ["US", "CA", "GB", "IE", "FR", "ES", "NL", "DE"] as const;
const LANGUAGE: Record<string, string> = { FR: "fr", ES: "es", NL: "nl", DE: "de" };

async function call<T>(fn: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await fn()).data;
  } catch (err) {
    throw toProviderError(err);
  }
}

function countryCode(country: string): CountryCode {
  if (!(PLAID_COUNTRIES as readonly string[]).includes(country)) throw new ProviderError("NOT_CONFIGURED", `Plaid does not serve ${country} here.`);
  return country as CountryCode;
}

type PlaidInstitution = { institution_id: string; name: string; country_codes: string[]; logo?: string | null; primary_color?: string | null };

function toInstitution(i: PlaidInstitution, country: string): Institution {
  return {
    id: i.institution_id,
    name: i.name,
    country,
    ...(i.logo ? { logoUrl: `data:image/png;base64,${i.logo}` } : {}),
    ...(i.primary_color ? { primaryColor: i.primary_color } : {}),
  };
}

export class PlaidProvider implements BankProvider {
  readonly name = "PLAID" as const;
  readonly countries = PLAID_COUNTRIES;
  readonly maxHistoryDays = 730;

  constructor(
    private readonly api: PlaidApi,
    private readonly clientName = "Bank Connections",
  ) {}

  async listInstitutions(country: string, query?: string): Promise<Institution[]> {
    const cc = countryCode(country);
    const q = query?.trim();
    const data = q
      ? await call(() => this.api.institutionsSearch({ query: q, products: [Products.Transactions], country_codes: [cc], options: { include_optional_metadata: true } }))
      : await call(() => this.api.institutionsGet({ count: 500, offset: 0, country_codes: [cc], options: { products: [Products.Transactions], include_optional_metadata: true } }));
    return data.institutions.map((i) => toInstitution(i, country)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async createLinkSession(opts: { userId: string; country: string; language?: string; update?: LinkUpdate; webhookUrl?: string; institutionId?: string; redirectUri?: string }): Promise<LinkSession> {
    const cc = countryCode(opts.country);
    const base = {
      user: { client_user_id: opts.userId },
      client_name: this.clientName,
      country_codes: [cc],
      language: opts.language ?? LANGUAGE[cc] ?? "en",
      ...(opts.webhookUrl ? { webhook: opts.webhookUrl } : {}),
      // OAuth banks (every UK/EU bank, many large US ones) send the browser back here; new and update mode alike.
      ...(opts.redirectUri ? { redirect_uri: opts.redirectUri } : {}),
    };
    const data = opts.update
      ? await call(() =>
          this.api.linkTokenCreate({
            ...base,
            access_token: opts.update!.secret,
            // New accounts are shared only when the user selects them again in update mode.
            ...(opts.update!.accountSelection ? { update: { account_selection_enabled: true } } : {}),
          }),
        )
      : await call(() =>
          this.api.linkTokenCreate({
            ...base,
            products: [Products.Transactions],
            // Ask for the longest history Plaid offers.
            transactions: { days_requested: this.maxHistoryDays },
            ...(opts.institutionId ? { institution_id: opts.institutionId } : {}),
          }),
        );
    return { provider: "PLAID", linkToken: data.link_token, expiresAt: data.expiration };
  }

  async completeLink(result: LinkResult, _ctx: { userId: string }): Promise<LinkedItem> {
    if (result.provider !== "PLAID") throw new ProviderError("INVALID_TOKEN", "Not a Plaid link result.");
    const exchanged = await call(() => this.api.itemPublicTokenExchange({ public_token: result.publicToken }));
    const secret = exchanged.access_token;
    try {
      const accounts = await call(() => this.api.accountsGet({ access_token: secret }));
      const institutionId = accounts.item.institution_id ?? result.institutionId;
      if (!institutionId) throw new ProviderError("PROVIDER_ERROR", "Plaid did not say which institution this is.");
      // One look-up across every Plaid country this portal serves.
      const inst = await call(() =>
        this.api.institutionsGetById({ institution_id: institutionId, country_codes: PLAID_COUNTRIES.map((c) => c as CountryCode), options: { include_optional_metadata: true } }),
      );
      const country = inst.institution.country_codes.find((c) => (PLAID_COUNTRIES as readonly string[]).includes(c)) ?? "US";
      return {
        itemId: exchanged.item_id,
        secret,
        institution: toInstitution(inst.institution, country),
        accounts: accounts.accounts.map(toProviderAccount),
        consentExpiresAt: accounts.item.consent_expiration_time ?? null,
      };
    } catch (err) {
      // Nothing half-created: the new item is removed again at Plaid before the error is shown.
      await this.removeItem(secret).catch(() => {});
      throw err;
    }
  }

  /** Known keys for an hour, unknown kids for 5 minutes, at most 10 outbound look-ups a minute (webhook-keys.ts). */
  private readonly webhookKeys = new WebhookKeyCache((kid) => this.fetchWebhookKey(kid));

  /**
   * Plaid's webhook verification key by id: null when Plaid does not know it (or has expired it);
   * throws WebhookKeyUnavailableError when Plaid could not be asked.
   */
  getWebhookKey(kid: string): Promise<JWKPublicKey | null> {
    return this.webhookKeys.get(kid);
  }

  private async fetchWebhookKey(kid: string): Promise<JWKPublicKey | null> {
    try {
      return (await call(() => this.api.webhookVerificationKeyGet({ key_id: kid }))).key;
    } catch (err) {
      // Plaid answers an unknown kid with INVALID_WEBHOOK_VERIFICATION_KEY_ID (INVALID_INPUT, 400).
      if (err instanceof ProviderError && (err.details.providerCode === "INVALID_WEBHOOK_VERIFICATION_KEY_ID" || (err.kind !== "PROVIDER_ERROR" && err.kind !== "RATE_LIMITED"))) return null;
      throw err;
    }
  }

  async getAccounts(secret: string): Promise<ProviderAccount[]> {
    const data = await call(() => this.api.accountsGet({ access_token: secret }));
    return data.accounts.map(toProviderAccount);
  }

  async getItemState(secret: string): Promise<ItemState> {
    const data = await call(() => this.api.itemGet({ access_token: secret }));
    const err = data.item.error;
    const consentExpiresAt = data.item.consent_expiration_time ?? null;
    if (!err) return { status: "OK", errorCode: null, errorMessage: null, consentExpiresAt };
    const typed = toProviderError({ response: { status: 400, data: err } });
    return {
      status: typed.kind === "REAUTH_REQUIRED" ? "LOGIN_REQUIRED" : "ERROR",
      errorCode: err.error_code,
      errorMessage: err.display_message ?? err.error_message,
      consentExpiresAt,
    };
  }

  async removeItem(secret: string): Promise<void> {
    try {
      await call(() => this.api.itemRemove({ access_token: secret }));
    } catch (err) {
      if (err instanceof ProviderError && err.kind === "ITEM_NOT_FOUND") return;
      throw err;
    }
  }

  fetchTransactionsPage(secret: string, cursor: string | null, opts?: TransactionPageOptions): Promise<TransactionPage> {
    return fetchTransactionsPage(this.api, secret, cursor, opts);
  }
}
