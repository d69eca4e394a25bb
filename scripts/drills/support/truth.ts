import { LocalBookGateway } from "@/lib/books/local/gateway";
import { DEFAULT_SANDBOX_BASE, parseClockBase } from "@bank-connections/sandbox/core/clock";
import { DAY_MS, defaultWindow, getLoginData, isoDate, visibleAt } from "@bank-connections/sandbox/data";
import { DEFAULT_SEED } from "@bank-connections/sandbox/data/seed";
import { accountIdFor, transactionIdFor } from "@bank-connections/sandbox/pluggy/transform";
import type { DrillWorld } from "./world";

/**
 * The Book against the sandbox's ground truth: one entry per bank transaction, exactly. A transfer
 * between two linked accounts is ONE Book transaction carrying both sides (transfer pairing,
 * docs/architecture.md#transfer-pairing): its two entries say "paired" instead of a date.
 */
export type Entry = { remoteId: string; bookAccountId: string; date: string; amount: string; side: "credit" | "debit" | "missing" };

/** Entries whose other side (`peer`) is expected too are paired. */
function markPaired(xs: (Entry & { peer: string | null })[]): Entry[] {
  const ids = new Set(xs.map((x) => x.remoteId));
  return xs.map(({ peer, ...e }) => (peer && ids.has(peer) ? { ...e, date: "paired" } : e));
}

const side = (amount: number) => (amount > 0 ? ("credit" as const) : ("debit" as const));

/** Posted Plaid transactions from `start` of every linked account (providerAccountId → Book Account). */
export async function plaidExpected(world: DrillWorld, accessToken: string, linked: Map<string, string>, start: string): Promise<Entry[]> {
  const truth = await world.sandbox.plaidSandbox.groundTruth(accessToken);
  return markPaired(
    Object.entries(truth).flatMap(([accountId, txs]) => {
      const bookAccountId = linked.get(accountId);
      if (!bookAccountId) return [];
      return txs.filter((t) => !t.pending && t.date >= start).map((t) => ({ remoteId: `plaid:${t.id}`, bookAccountId, date: t.date, amount: Math.abs(t.amount).toFixed(2), side: side(t.amount), peer: t.peerId ? `plaid:${t.peerId}` : null }));
    }),
  );
}

/** The sandbox Pluggy history the item shows (from `historyFrom`), posted, from `start`. */
export async function pluggyExpected(world: DrillWorld, itemId: string, linked: Map<string, string>, start: string, historyFrom: string): Promise<Entry[]> {
  const nowMs = Date.parse(await world.sandbox.pluggySandbox.control.advanceClock(0));
  const data = getLoginData({ institutionId: "0", username: "user-ok", seed: DEFAULT_SEED }, defaultWindow({ baseMs: parseClockBase(DEFAULT_SANDBOX_BASE), nowMs }));
  const accountOf = new Map(data.accounts.map((a) => [a.accountId, accountIdFor(itemId, a)]));
  return markPaired(
    visibleAt(data, nowMs, { minDate: historyFrom }).flatMap((s) => {
      const bookAccountId = linked.get(accountOf.get(s.accountId) ?? "");
      if (!bookAccountId || s.pending || s.date < start) return [];
      return [{ remoteId: `pluggy:${transactionIdFor(itemId, s.id)}`, bookAccountId, date: s.date, amount: Math.abs(s.amount).toFixed(2), side: side(s.amount), peer: s.peerId ? `pluggy:${transactionIdFor(itemId, s.peerId)}` : null }];
    }),
  );
}

export async function pluggyHistoryFrom(world: DrillWorld, historyDays: number): Promise<string> {
  return isoDate(Date.parse(await world.sandbox.pluggySandbox.control.advanceClock(0)) - historyDays * DAY_MS);
}

/**
 * What the Book holds on these Accounts (not trashed) from that provider: one entry per remote id of a
 * stored bank transaction of an account linked to one of them (a posted transaction's pending id is
 * not one), on the side of the transaction that is that account's Book Account.
 */
export async function bookEntries(world: DrillWorld, provider: "plaid" | "pluggy", bookAccounts: Set<string>): Promise<Entry[]> {
  const txs = await new LocalBookGateway(world.db.prisma, world.clientId).listTransactions(world.bookId, { limit: 10_000_000 });
  const stored = await world.db.prisma.$queryRaw<{ remoteId: string; bookAccountId: string }[]>`
    SELECT DISTINCT ${`${provider}:`} || b."providerTransactionId" AS "remoteId", i."bookAccountId"
    FROM bank_transactions b JOIN integrations i ON i."institutionAccountId" = b."institutionAccountId"
    WHERE i."bookId" = ${world.bookId} AND i."bookAccountId" = ANY(${[...bookAccounts]}) AND NOT b.pending`;
  const accountOf = new Map(stored.map((r) => [r.remoteId, r.bookAccountId]));
  return txs.flatMap((t) => {
    const sides = t.remoteIds.filter((r) => accountOf.has(r));
    return sides.map((r): Entry => {
      const bookAccountId = accountOf.get(r)!;
      const at = t.creditAccountId === bookAccountId ? "credit" : t.debitAccountId === bookAccountId ? "debit" : "missing";
      return { remoteId: r, bookAccountId, date: sides.length > 1 ? "paired" : t.date, amount: t.amount, side: at };
    });
  });
}

export type Comparison = { ok: boolean; expected: number; actual: number; missing: number; unexpected: number; duplicates: number; wrong: number; samples: string[] };

const show = (e: Entry) => `${e.remoteId} ${e.date} ${e.side} ${e.amount} on ${e.bookAccountId}`;

export function compareEntries(want: Entry[], got: Entry[]): Comparison {
  const wanted = new Map(want.map((e) => [e.remoteId, e]));
  const seen = new Map<string, number>();
  const samples: string[] = [];
  let wrong = 0;
  let unexpected = 0;
  for (const e of got) {
    seen.set(e.remoteId, (seen.get(e.remoteId) ?? 0) + 1);
    const w = wanted.get(e.remoteId);
    if (!w) {
      unexpected++;
      if (samples.length < 5) samples.push(`unexpected: ${show(e)}`);
    } else if (w.bookAccountId !== e.bookAccountId || w.date !== e.date || w.amount !== e.amount || w.side !== e.side) {
      wrong++;
      if (samples.length < 5) samples.push(`wrong: ${show(e)}, expected ${show(w)}`);
    }
  }
  const duplicates = [...seen.values()].filter((n) => n > 1).length;
  const missingList = want.filter((e) => !seen.has(e.remoteId));
  for (const e of missingList.slice(0, Math.max(0, 5 - samples.length))) samples.push(`missing: ${show(e)}`);
  const c = { expected: want.length, actual: got.length, missing: missingList.length, unexpected, duplicates, wrong, samples };
  return { ok: c.missing === 0 && c.unexpected === 0 && c.duplicates === 0 && c.wrong === 0 && c.expected === c.actual, ...c };
}

export function describeComparison(c: Comparison): string {
  const head = `${c.actual} Book entries for ${c.expected} expected: ${c.missing} missing, ${c.duplicates} duplicated, ${c.unexpected} unexpected, ${c.wrong} with a wrong side/amount/date/Account`;
  return c.samples.length ? `${head} (${c.samples.join("; ")})` : head;
}
