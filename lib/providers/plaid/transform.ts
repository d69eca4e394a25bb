import type { AccountBase } from "plaid";
import type { AccountKind, ProviderAccount } from "../types";

const KINDS: Record<string, AccountKind> = { depository: "depository", credit: "credit", loan: "loan", investment: "investment" };

const money = (n: number | null | undefined): string | null => (typeof n === "number" && Number.isFinite(n) ? n.toFixed(2) : null);

export function toProviderAccount(a: AccountBase): ProviderAccount {
  return {
    providerAccountId: a.account_id,
    name: a.name,
    officialName: a.official_name ?? null,
    mask: a.mask ?? null,
    type: KINDS[String(a.type)] ?? "other",
    subtype: a.subtype ? String(a.subtype) : null,
    currency: a.balances.iso_currency_code ?? a.balances.unofficial_currency_code ?? "USD",
    balanceCurrent: money(a.balances.current),
    balanceAvailable: money(a.balances.available),
    balanceAsOf: a.balances.last_updated_datetime ?? null,
  };
}
