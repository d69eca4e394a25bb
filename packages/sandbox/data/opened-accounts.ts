/**
 * Accounts the user opens at the bank after an item was created (the sandboxes' `addAccount`
 * controls): deterministic per item id and number, without history. Plaid shares them only after
 * update mode with account selection (plaid/sandbox.ts); Pluggy collects them on the item's next
 * update (pluggy/add-account.ts).
 */
import { base62Id, hash32, keyOf } from "./prng";
import type { LoginData, SandboxAccount } from "./types";

/** Whose accounts: the item's id and how many accounts were opened since it was made. */
export type OpenedAccountsOwner = { itemId: string; openedAccounts?: number | undefined };

/** The accounts opened later at the bank for this item, in the order they were opened. */
export function openedAccounts(item: OpenedAccountsOwner, data: LoginData): SandboxAccount[] {
  const count = item.openedAccounts ?? 0;
  if (count === 0) return [];
  const savings = data.accounts.find((a) => a.kind === "savings") ?? data.accounts[0];
  const used = new Set(data.accounts.map((a) => a.mask));
  const out: SandboxAccount[] = [];
  for (let n = 1; n <= count; n++) {
    const key = keyOf(item.itemId, "opened-account", n);
    let mask = String(hash32(key) % 10_000).padStart(4, "0");
    for (let k = 1; used.has(mask); k++) mask = String(hash32(keyOf(key, k)) % 10_000).padStart(4, "0");
    used.add(mask);
    const name = `${savings?.name ?? "Savings"} ${n + 1}`;
    out.push({
      accountId: base62Id(key),
      persistentAccountId: base62Id(keyOf(key, "persistent"), 40).toLowerCase(),
      kind: "savings",
      type: "depository",
      subtype: "savings",
      name,
      officialName: `${data.institutionName} ${name}`,
      mask,
      currency: data.currency,
      openingBalance: 100 * n,
      creditLimit: null,
      holderName: savings?.holderName ?? "",
    });
  }
  return out;
}

/** The item's login data with its later-opened accounts appended (no transactions on them yet). */
export function withOpenedAccounts(item: OpenedAccountsOwner, data: LoginData): LoginData {
  const extra = openedAccounts(item, data);
  return extra.length === 0 ? data : { ...data, accounts: [...data.accounts, ...extra] };
}
