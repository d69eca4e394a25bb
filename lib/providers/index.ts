import { getConfig } from "@/lib/config";
import { getSandboxApiKeys } from "@/lib/secrets";
import { ProviderError } from "./errors";
import { createPlaidClient, plaidBasePath } from "./plaid/client";
import { PLAID_COUNTRIES, PlaidProvider } from "./plaid/provider";
import { createPluggyClient } from "./pluggy/client";
import { PluggyProvider } from "./pluggy/provider";
import type { BankProvider, ProviderName } from "./types";

export type { BankProvider, ProviderName } from "./types";
export { ProviderError, describeProviderError, isProviderError } from "./errors";

/** Countries offered on the Banks page, and who serves them. */
export const COUNTRIES = [
  { code: "US", name: "United States", provider: "PLAID" },
  { code: "CA", name: "Canada", provider: "PLAID" },
  { code: "GB", name: "United Kingdom", provider: "PLAID" },
  { code: "IE", name: "Ireland", provider: "PLAID" },
  { code: "FR", name: "France", provider: "PLAID" },
  { code: "ES", name: "Spain", provider: "PLAID" },
  { code: "NL", name: "Netherlands", provider: "PLAID" },
  { code: "DE", name: "Germany", provider: "PLAID" },
  { code: "BR", name: "Brazil", provider: "PLUGGY" },
] as const satisfies readonly { code: string; name: string; provider: ProviderName }[];

export type CountryCode = (typeof COUNTRIES)[number]["code"];

export function isCountry(v: unknown): v is CountryCode {
  return COUNTRIES.some((c) => c.code === v);
}

export function providerNameFor(country: CountryCode): ProviderName {
  return (PLAID_COUNTRIES as readonly string[]).includes(country) ? "PLAID" : "PLUGGY";
}

const cache = globalThis as unknown as { __bankProviders?: Map<ProviderName, BankProvider> };

export function getProvider(name: ProviderName): BankProvider {
  cache.__bankProviders ??= new Map();
  const known = cache.__bankProviders.get(name);
  if (known) return known;
  const config = getConfig();
  // The local sandbox banks take only this installation's generated keys (lib/secrets.ts).
  const sandboxKeys = () => getSandboxApiKeys(config);
  let provider: BankProvider;
  if (name === "PLAID") {
    const p = config.plaid;
    provider = new PlaidProvider(
      p.mode === "plaid"
        ? createPlaidClient({ basePath: plaidBasePath(p.env), clientId: p.clientId, secret: p.secret })
        : createPlaidClient({ basePath: `${config.appUrl}/sandbox/plaid`, ...sandboxKeys().plaid }),
    );
  } else {
    const p = config.pluggy;
    provider =
      p.mode === "pluggy"
        ? new PluggyProvider(createPluggyClient({ baseUrl: undefined, clientId: p.clientId, clientSecret: p.clientSecret }), { includeSandbox: false })
        : new PluggyProvider(createPluggyClient({ baseUrl: `${config.appUrl}/sandbox/pluggy`, ...sandboxKeys().pluggy }), {
            includeSandbox: true,
            connectUrl: `${config.appUrl}/sandbox/pluggy/connect`,
          });
  }
  cache.__bankProviders.set(name, provider);
  return provider;
}

export function providerForCountry(country: string): BankProvider {
  if (!isCountry(country)) throw new ProviderError("NOT_CONFIGURED", `Bank connections are not offered in ${country}.`);
  return getProvider(providerNameFor(country));
}
