import type { LoginData, TxState } from "@bank-connections/sandbox/data/types";
import type { PluggyState, ItemRecord, TransactionRecord } from "./state";
import { balanceOf, fingerprintOf, toAccountRecord, transactionContent, transactionIdFor } from "./transform";

/**
 * Where the bank data comes from: the shared deterministic sandbox data (see data-source.ts for
 * the adapter over data/). Kept as an interface so tests can pin the data.
 */
export interface PluggyDataSource {
  /** Accounts + event timeline of the login `username` at connector `connectorId`. */
  loginData(connectorId: number, username: string): LoginData;
  /** Every transaction visible at instant `atMs` (ms, sandbox clock), in its state at that instant. */
  statesAt(data: LoginData, atMs: number): TxState[];
}

export type AccountChanges = {
  accountId: string;
  created: string[];
  updated: string[];
  deleted: string[];
};

export type IngestResult = {
  /** The ingestion instant (ISO) stamped on every created/updated row: `transactionsCreatedAtFrom`. */
  ingestedAt: string;
  accounts: AccountChanges[];
};

/**
 * One collection run for an Item at sandbox instant `nowMs`: mirrors the bank's visible state into
 * Pluggy rows and reports what changed, Pluggy-style:
 * - a new bank transaction → created (new id, createdAt = ingestion instant);
 * - same bank transaction with other content (a modification) → updated in place (same id);
 * - a bank transaction that disappeared (pending that posted, expired hold, reversed duplicate)
 *   → deleted. A pending that posts therefore shows as deleted(old id) + created(new id).
 * Only transactions dated on/after `item.historyFrom` are collected.
 * `skipCards`: PARTIAL_SUCCESS runs leave credit-card accounts untouched.
 */
export function ingestItem(args: {
  state: PluggyState;
  item: ItemRecord;
  data: LoginData;
  states: TxState[];
  ingestMs: number;
  skipCards?: boolean;
}): IngestResult {
  const { state, item, data, states, ingestMs, skipCards } = args;
  const nowIso = new Date(ingestMs).toISOString();
  const historyFrom = item.historyFrom ?? "0000-01-01";
  const result: IngestResult = { ingestedAt: nowIso, accounts: [] };

  for (const source of data.accounts) {
    if (skipCards && source.type === "credit") continue;
    const accountStates = states.filter((s) => s.accountId === source.accountId);
    const prevAccount = Object.values(state.accounts).find((a) => a.itemId === item.id && a.sourceId === source.persistentAccountId);
    const account = toAccountRecord({
      itemId: item.id,
      source,
      balance: balanceOf(source, accountStates),
      nowIso,
      ...(prevAccount ? { existing: prevAccount } : {}),
    });
    state.accounts[account.id] = account;

    const changes: AccountChanges = { accountId: account.id, created: [], updated: [], deleted: [] };
    const existing = new Map<string, TransactionRecord>();
    for (const t of Object.values(state.transactions)) if (t.accountId === account.id) existing.set(t.sourceId, t);

    const seen = new Set<string>();
    // Oldest first, so ids are created in date order within one run.
    const wanted = accountStates
      .filter((s) => s.date >= historyFrom)
      .sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.date < b.date ? -1 : 1));
    for (const s of wanted) {
      seen.add(s.id);
      const content = transactionContent(source, s, { itemId: item.id, accounts: data.accounts, historyFrom: item.historyFrom });
      const fingerprint = fingerprintOf(content);
      const prev = existing.get(s.id);
      if (!prev) {
        const id = transactionIdFor(item.id, s.id);
        state.transactions[id] = {
          id,
          accountId: account.id,
          ...content,
          createdAt: nowIso,
          updatedAt: nowIso,
          itemId: item.id,
          sourceId: s.id,
          fingerprint,
          userCategoryId: null,
        };
        changes.created.push(id);
      } else if (prev.fingerprint !== fingerprint) {
        state.transactions[prev.id] = { ...prev, ...content, updatedAt: nowIso, fingerprint };
        changes.updated.push(prev.id);
      }
    }
    for (const [sourceId, t] of existing) {
      if (!seen.has(sourceId)) {
        delete state.transactions[t.id];
        changes.deleted.push(t.id);
      }
    }
    result.accounts.push(changes);
  }
  return result;
}
