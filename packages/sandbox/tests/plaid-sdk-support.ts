/**
 * Shared set-up of the Plaid SDK tests (plaid-sdk*.test.ts): one harness per test file (the
 * official `plaid` client against the emulator over HTTP), every response validated against the
 * OpenAPI contract after each test, and helpers for items and full syncs.
 */
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { Products, type PlaidApi, type Transaction, type TransactionsSyncResponse } from "plaid";
import { getLoginData } from "@bank-connections/sandbox/data/generate";
import { visibleAt } from "@bank-connections/sandbox/data/view";
import { assertResponse, loadPlaidOpenApi } from "./plaid-openapi";
import { type Harness, startHarness, validateRecorded } from "./plaid-harness";

export let h: Harness;

/** Registers the harness hooks; call once at the top of each test file. */
export function registerSdkHarness(): void {
  beforeAll(async () => {
    loadPlaidOpenApi();
    h = await startHarness();
  }, 120_000);

  afterEach(async () => {
    await h.plaid.flushWebhooks();
    await h.plaid.resetFaults();
    validateRecorded(h.recorded);
  });

  afterAll(async () => {
    await h?.close();
  });
}

export const WEBHOOK = "http://hooks.test/plaid";

export async function newItem(opts: { username?: string; password?: string; institution?: string; webhook?: string; days?: number } = {}) {
  const pt = await h.client.sandboxPublicTokenCreate({
    institution_id: opts.institution ?? "ins_109508",
    initial_products: [Products.Transactions],
    options: {
      webhook: opts.webhook ?? WEBHOOK,
      override_username: opts.username ?? "user_good",
      override_password: opts.password ?? "pass_good",
      transactions: { days_requested: opts.days ?? 730 },
    },
  });
  const ex = await h.client.itemPublicTokenExchange({ public_token: pt.data.public_token });
  return { accessToken: ex.data.access_token, itemId: ex.data.item_id, publicToken: pt.data.public_token };
}

export interface SyncRun {
  added: Transaction[];
  modified: Transaction[];
  removed: { transaction_id: string; account_id: string }[];
  pages: number;
  hadMore: boolean;
  cursor: string;
  statuses: string[];
}

export async function syncAll(client: PlaidApi, accessToken: string, cursor?: string, count = 500): Promise<SyncRun> {
  const run: SyncRun = { added: [], modified: [], removed: [], pages: 0, hadMore: false, cursor: cursor ?? "", statuses: [] };
  for (;;) {
    const res = await client.transactionsSync({ access_token: accessToken, cursor: run.cursor || undefined, count });
    const d: TransactionsSyncResponse = res.data;
    assertResponse("/transactions/sync", res.status, d);
    run.pages++;
    run.added.push(...d.added);
    run.modified.push(...d.modified);
    run.removed.push(...d.removed);
    run.statuses.push(d.transactions_update_status);
    run.cursor = d.next_cursor;
    if (!d.has_more) return run;
    run.hadMore = true;
  }
}

export function apply(local: Map<string, Transaction>, run: SyncRun): void {
  for (const t of run.added) local.set(t.transaction_id, t);
  for (const t of run.modified) {
    expect(local.has(t.transaction_id), `modified ${t.transaction_id} was never added`).toBe(true);
    local.set(t.transaction_id, t);
  }
  for (const r of run.removed) {
    expect(local.has(r.transaction_id), `removed ${r.transaction_id} was never added`).toBe(true);
    local.delete(r.transaction_id);
  }
}

/** The local copy must equal what the bank shows now: every posted (ground truth) and pending tx. */
export async function expectMatchesBank(accessToken: string, local: Map<string, Transaction>): Promise<void> {
  const truth = await h.plaid.groundTruth(accessToken);
  const posted = Object.values(truth).flat();
  const localPosted = [...local.values()].filter((t) => !t.pending);
  expect(localPosted.length).toBe(posted.length);
  for (const p of posted) {
    const t = local.get(p.id);
    expect(t, `posted ${p.id} missing locally`).toBeDefined();
    expect(t?.amount).toBe(p.amount);
    expect(t?.name).toBe(p.name);
    expect(t?.date).toBe(p.date);
  }
  const info = await h.plaid.inspectItem(accessToken);
  const data = getLoginData(info.login, info.window);
  const pendingNow = visibleAt(data, info.nowMs, { minDate: info.minDate, accountIds: info.accountIds }).filter((s) => s.pending);
  expect(new Set([...local.values()].filter((t) => t.pending).map((t) => t.transaction_id))).toEqual(new Set(pendingNow.map((s) => s.id)));
}

