/**
 * The sandboxes' addAccount controls, through the official SDKs: the bank opens an account on an
 * existing item. Plaid: not shared until update mode with account selection (NEW_ACCOUNTS_AVAILABLE
 * is sent); Pluggy: collected at once under the same item. Deterministic, nothing else changes.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Products } from "plaid";
import { PluggyClient, type Item } from "pluggy-sdk";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { listInstitutions } from "@bank-connections/sandbox/data";

describe("addAccount", () => {
  let h: SandboxHarness;
  const bank = listInstitutions("US")[0]!;

  beforeAll(async () => {
    h = await startSandboxHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const plaidItem = async () => {
    const pt = await h.plaidApi.sandboxPublicTokenCreate({ institution_id: bank.institutionId, initial_products: [Products.Transactions], options: { webhook: "http://127.0.0.1:1/hook" } });
    return (await h.plaidApi.itemPublicTokenExchange({ public_token: pt.data.public_token })).data.access_token;
  };
  const post = async (path: string, body: object) => {
    const r = await fetch(`${h.plaidUrl}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    return { status: r.status, data: (await r.json()) as Record<string, unknown> };
  };
  const updateMode = async (accessToken: string, accountSelection: boolean, choose: (ids: string[]) => string[]) => {
    const lt = await h.plaidApi.linkTokenCreate({
      user: { client_user_id: "u1" },
      client_name: "Test",
      country_codes: ["US" as never],
      language: "en",
      access_token: accessToken,
      ...(accountSelection ? { update: { account_selection_enabled: true } } : {}),
    });
    const login = await post("/link/sandbox/login", { link_token: lt.data.link_token, institution_id: bank.institutionId, username: "user_good", password: "pass_good" });
    expect(login.status).toBe(200);
    const ids = (login.data.accounts as { id: string }[]).map((a) => a.id);
    const done = await post("/link/sandbox/complete", { link_token: lt.data.link_token, link_session_id: login.data.link_session_id, account_ids: choose(ids) });
    expect(done.status).toBe(200);
    return ids;
  };

  test("Plaid: the new account waits for update mode with account selection; NEW_ACCOUNTS_AVAILABLE is sent", async () => {
    const token = await plaidItem();
    const before = (await h.plaidApi.accountsGet({ access_token: token })).data.accounts;
    const added = await h.plaidSandbox.addAccount(token);
    expect(added.webhooks.map((w) => JSON.parse(w.body) as { webhook_type: string; webhook_code: string })).toMatchObject([{ webhook_type: "ITEM", webhook_code: "NEW_ACCOUNTS_AVAILABLE" }]);
    const shared = async () => (await h.plaidApi.accountsGet({ access_token: token })).data.accounts.map((a) => a.account_id);
    expect(await shared()).toEqual(before.map((a) => a.account_id));

    // Update mode without account selection keeps what is shared.
    const offered = await updateMode(token, false, (ids) => ids);
    expect(offered).toContain(added.accountId);
    expect(await shared()).not.toContain(added.accountId);

    // With account selection, the user shares it; the others keep their ids.
    await updateMode(token, true, (ids) => ids);
    expect((await shared()).sort()).toEqual([...before.map((a) => a.account_id), added.accountId].sort());
    const account = (await h.plaidApi.accountsGet({ access_token: token })).data.accounts.find((a) => a.account_id === added.accountId)!;
    expect(account).toMatchObject({ type: "depository", subtype: "savings", balances: { current: 100 } });
    expect(account.mask).toMatch(/^\d{4}$/);
    // The same control on another item opens another account (ids are per item).
    const other = await h.plaidSandbox.addAccount(await plaidItem());
    expect(other.accountId).not.toBe(added.accountId);
  });

  test("Pluggy: the item collects the new account at once, under the same item", async () => {
    const sdk = new PluggyClient({ clientId: "test", clientSecret: "test" });
    const settled = async (id: string): Promise<Item> => {
      for (let i = 0; i < 100; i++) {
        const it = await sdk.fetchItem(id);
        if (it.status !== "UPDATING") return it;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("item did not settle");
    };
    const item = await settled((await sdk.createItem(0, { user: "user-ok", password: "password-ok" })).id);
    const before = (await sdk.fetchAccounts(item.id)).results.map((a) => a.id);
    const first = await h.pluggySandbox.control.addAccount(item.id);
    const second = await h.pluggySandbox.control.addAccount(item.id);
    expect(first).not.toBe(second);
    const after = (await sdk.fetchAccounts(item.id)).results;
    expect(after.map((a) => a.id).sort()).toEqual([...before, first, second].sort());
    expect(after.find((a) => a.id === first)).toMatchObject({ type: "BANK", itemId: item.id });
    expect((await sdk.fetchItem(item.id)).status).toBe("UPDATED");
  });
});
