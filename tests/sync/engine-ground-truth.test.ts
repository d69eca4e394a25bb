/**
 * Issue 6, Done when 1: through the official Plaid and Pluggy clients against the sandbox banks,
 * on PGlite and on PostgreSQL — backfill 24 months (Pluggy: its 12) of every account of a login,
 * then 30 sandbox days of new, pending→posted, modified and removed transactions with syncs in
 * between: after every sync each Book Account equals the sandbox's ground truth exactly.
 */
import { describe, expect, it } from "vitest";
import { daysAgo } from "@/lib/dates";
import { Products } from "plaid";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { createConnectionFromLink } from "@/lib/connections/service";
import { openSecret } from "@/lib/connections/secret";
import { linkAccount } from "@/lib/integrations/service";
import { createPluggyClient } from "@/lib/providers/pluggy/client";
import { DEFAULT_SANDBOX_BASE, parseClockBase } from "@bank-connections/sandbox/core/clock";
import { DAY_MS, defaultWindow, getLoginData, isoDate, visibleAt } from "@bank-connections/sandbox/data";
import { DEFAULT_SEED } from "@bank-connections/sandbox/data/seed";
import { accountIdFor, transactionIdFor } from "@bank-connections/sandbox/pluggy/transform";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import { databaseBackends, type Backend } from "../helpers/databases";
import type { SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { withSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";

/**
 * One bank transaction's side in the Book. A transfer between two linked accounts (a card payment, a
 * move to savings) is ONE Book transaction carrying both sides (transfer pairing): its entries say
 * "paired" instead of a date, as the pair has one date for both sides.
 */
type Entry = { remoteId: string; bookAccountId: string; date: string; amount: string; side: "credit" | "debit" | "missing" };
const key = (e: Entry) => `${e.remoteId}|${e.bookAccountId}`;
const sorted = (xs: Entry[]) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
/** The ground truth's entries, with those whose other side (`peer`) is linked too marked "paired". */
function truthEntries(xs: (Entry & { peer: string | null })[]): Entry[] {
  const ids = new Set(xs.map((x) => x.remoteId));
  return xs.map(({ peer, ...e }) => (peer && ids.has(peer) ? { ...e, date: "paired" } : e));
}

describe.each(databaseBackends())("sync engine equals the sandbox's ground truth on $name", (backend: Backend) => {
  let db: SandboxWorld["db"];
  let sp: SandboxHarness;
  let client = "";
  let acme = "";
  let deps: EngineDeps;
  withSandboxWorld(backend, (w) => void ({ db, sp, client, acme, deps } = w));

  /** Links every account of the connection to a new Account of Acme Ltd from `start`; providerAccountId → bookAccountId. */
  async function linkAll(connectionId: string, start: string): Promise<Map<string, string>> {
    const gateway = new LocalBookGateway(db.prisma, client);
    const accounts = await db.prisma.institutionAccount.findMany({ where: { connectionId } });
    const { provider } = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    const out = new Map<string, string>();
    for (const a of accounts) {
      const r = await linkAccount(db.prisma, gateway, deps.providerFor(provider), {
        userId: client,
        bookId: acme,
        institutionAccountId: a.id,
        bookAccount: { create: { name: `${connectionId.slice(-4)} ${a.name} ${a.mask ?? a.id.slice(-4)}` } },
        periodStart: start,
      });
      out.set(a.providerAccountId, (await db.prisma.integration.findUniqueOrThrow({ where: { id: r.integrationId } })).bookAccountId);
    }
    return out;
  }

  /** Every bank transaction's side as the Book has it: one entry per known remote id (`want`) on a live transaction. */
  async function bookEntries(want: Entry[]): Promise<Entry[]> {
    const accountOf = new Map(want.map((e) => [e.remoteId, e.bookAccountId]));
    const txs = await new LocalBookGateway(db.prisma, client).listTransactions(acme, { limit: 1_000_000 });
    return txs.flatMap((t) => {
      const sides = t.remoteIds.filter((r) => accountOf.has(r));
      return sides.map((r): Entry => {
        const bookAccountId = accountOf.get(r)!;
        const side = t.creditAccountId === bookAccountId ? "credit" : t.debitAccountId === bookAccountId ? "debit" : "missing";
        return { remoteId: r, bookAccountId, date: sides.length > 1 ? "paired" : t.date, amount: t.amount, side };
      });
    });
  }

  async function sync(connectionId: string) {
    const r = await syncConnection(db.prisma, deps, connectionId, { trigger: "manual" });
    if (r.status !== "done") throw new Error(`sync ${r.status}: ${JSON.stringify(r)}`);
    return r.counts;
  }

  it("Plaid: 24 months × 5 accounts, then 30 days of changes, equal to ground truth after every sync", async () => {
    const pub = await sp.plaidApi.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions], options: { override_username: "user_5", transactions: { days_requested: 730 } } });
    const r = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: client, bookId: acme, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: "ins_109508" } });
    const conn = await db.prisma.connection.findUniqueOrThrow({ where: { id: r.connectionId } });
    const token = openSecret(conn.id, conn.secret!);
    const start = daysAgo(729);
    // The first sync stores the whole history before any Account is linked (as after Connect)…
    const first = await sync(conn.id);
    expect(first.added).toBeGreaterThan(1000);
    const linked = await linkAll(conn.id, start);
    expect(linked.size).toBe(5);
    const expected = async (): Promise<Entry[]> => {
      const truth = await sp.plaidSandbox.groundTruth(token);
      const entries = Object.entries(truth).flatMap(([accountId, txs]) =>
        txs.filter((t) => !t.pending && t.date >= start).map((t) => ({ remoteId: `plaid:${t.id}`, bookAccountId: linked.get(accountId)!, date: t.date, amount: Math.abs(t.amount).toFixed(2), side: t.amount > 0 ? ("credit" as const) : ("debit" as const), peer: t.peerId ? `plaid:${t.peerId}` : null })),
      );
      return truthEntries(entries);
    };
    // …and Link Account posts it from the store.
    const matches = async () => {
      const w = await expected();
      expect(sorted(await bookEntries(w))).toEqual(sorted(w));
    };
    const backfill = await sync(conn.id);
    const want = await expected();
    expect(want.length).toBeGreaterThan(1000);
    expect(backfill.posted).toBe(want.length);
    expect(sorted(await bookEntries(want))).toEqual(sorted(want));

    const seen = { added: 0, modified: 0, removed: 0 };
    for (let day = 0; day < 30; day += 3) {
      await sp.plaidSandbox.advanceClock(3);
      const c = await sync(conn.id);
      seen.added += c.added;
      seen.modified += c.modified;
      seen.removed += c.removed;
      const w = await expected();
      expect(sorted(await bookEntries(w)), `after day ${day + 3}`).toEqual(sorted(w));
    }
    expect(seen.added).toBeGreaterThan(30);
    expect(seen.modified + seen.removed).toBeGreaterThan(0);
    // pending → posted gave one entry carrying both ids, never two.
    const ledger = await new LocalBookGateway(db.prisma, client).listTransactions(acme, { limit: 1_000_000 });
    expect(ledger.filter((t) => t.properties.provider === "plaid" && t.remoteIds.length === 2).length).toBeGreaterThan(0);
    const ids = ledger.filter((t) => !t.trashed).flatMap((t) => t.remoteIds);
    expect(new Set(ids).size).toBe(ids.length);
    // A sync that finds nothing new posts nothing.
    const idle = await sync(conn.id);
    expect(idle).toMatchObject({ added: 0, modified: 0, removed: 0, posted: 0 });

    // Data moving under the pagination (TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION) restarts the update from its first cursor.
    await sp.plaidSandbox.advanceClock(2);
    await sp.plaidSandbox.setFaults({ syncMutation: { forceNext: 1 } });
    await sync(conn.id);
    await matches();
    // An unusable saved cursor: a full resync from the start, and still nothing posts twice.
    await db.prisma.connection.update({ where: { id: conn.id }, data: { syncCursor: "not-a-cursor", syncStartCursor: null } });
    const resync = await sync(conn.id);
    expect(resync).toMatchObject({ added: 0, posted: 0 });
    await matches();
  }, 240_000);

  it("Pluggy: a year × every account, then 30 days of changes (deletions found by re-reading), equal to ground truth after every sync", async () => {
    const pluggyClient = createPluggyClient({ baseUrl: `${sp.server.url}/pluggy`, clientId: "test", clientSecret: "test" });
    const item = await pluggyClient.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: client });
    for (let i = 0; i < 50 && (await pluggyClient.fetchItem(item.id)).status === "UPDATING"; i++) await new Promise((res) => setTimeout(res, 30));
    const r = await createConnectionFromLink(db.prisma, sp.pluggy, { ownerId: client, bookId: acme, country: "BR", result: { provider: "PLUGGY", itemId: item.id } });
    const start = daysAgo(360);
    await sync(r.connectionId);
    const linked = await linkAll(r.connectionId, start);
    expect(linked.size).toBeGreaterThanOrEqual(3);
    const baseMs = parseClockBase(DEFAULT_SANDBOX_BASE);
    // Pluggy shows a year back from its clock; what ages out of that window stays in the Book.
    const historyFrom = isoDate(Date.parse(await sp.pluggySandbox.control.advanceClock(0)) - 365 * DAY_MS);
    const expected = async (): Promise<Entry[]> => {
      const nowMs = Date.parse(await sp.pluggySandbox.control.advanceClock(0));
      const data = getLoginData({ institutionId: "0", username: "user-ok", seed: DEFAULT_SEED }, defaultWindow({ baseMs, nowMs }));
      const accountOf = new Map(data.accounts.map((a) => [a.accountId, accountIdFor(item.id, a)]));
      return truthEntries(
        visibleAt(data, nowMs, { minDate: historyFrom })
          .filter((s) => !s.pending && s.date >= start)
          .map((s) => ({
            remoteId: `pluggy:${transactionIdFor(item.id, s.id)}`,
            bookAccountId: linked.get(accountOf.get(s.accountId)!)!,
            date: s.date,
            amount: Math.abs(s.amount).toFixed(2),
            side: s.amount > 0 ? ("credit" as const) : ("debit" as const),
            peer: s.peerId ? `pluggy:${transactionIdFor(item.id, s.peerId)}` : null,
          })),
      );
    };
    await sync(r.connectionId);
    const want = await expected();
    expect(want.length).toBeGreaterThan(500);
    expect(sorted(await bookEntries(want))).toEqual(sorted(want));

    let removed = 0;
    for (let day = 0; day < 30; day += 3) {
      await sp.pluggySandbox.control.advanceClock(3);
      await sp.pluggySandbox.control.settleAll();
      removed += (await sync(r.connectionId)).removed;
      const w = await expected();
      expect(sorted(await bookEntries(w)), `after day ${day + 3}`).toEqual(sorted(w));
    }
    expect(removed).toBeGreaterThan(0); // pending rows replaced by posted ones under new ids, found by the re-read
    const ledger = await new LocalBookGateway(db.prisma, client).listTransactions(acme, { limit: 1_000_000 });
    const ids = ledger.filter((t) => !t.trashed && t.properties.provider === "pluggy").flatMap((t) => t.remoteIds);
    expect(new Set(ids).size).toBe(ids.length);
  }, 240_000);
});
