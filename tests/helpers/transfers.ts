import { expect } from "vitest";
import { Products } from "plaid";
import { daysAgo } from "@/lib/dates";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import type { BookTransaction } from "@/lib/books/types";
import { createConnectionFromLink } from "@/lib/connections/service";
import { openSecret } from "@/lib/connections/secret";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { linkAccount } from "@/lib/integrations/service";
import { syncConnection, type EngineDeps } from "@/lib/sync/engine";
import type { SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import type { TxState } from "@bank-connections/sandbox/data";

/**
 * Transfer pairing's test world (tests/sync/transfer-*.test.ts): a fresh Book and Plaid login per
 * case, linking, syncing through the real engine, and the Done-when 1 check against the sandbox's
 * ground truth.
 */

export type Login = {
  bookId: string;
  connectionId: string;
  token: string;
  checking: { id: string; providerAccountId: string };
  savings: { id: string; providerAccountId: string };
  card: { id: string; providerAccountId: string };
  start: string;
};

const CARD_KINDS = new Set(["card_payment", "card_payment_received"]);
const cents = (s: string) => Math.round(Number(s) * 100);

export function pairingWorld(get: () => { db: PrismaClient; sp: SandboxHarness; deps: EngineDeps; client: string; name: string }) {
  let n = 0;

  async function sync(connectionId: string, d?: EngineDeps) {
    const w = get();
    const r = await syncConnection(w.db, d ?? w.deps, connectionId, { trigger: "manual" });
    if (r.status !== "done") throw new Error(`sync ${r.status}: ${JSON.stringify(r)}`);
    return r.counts;
  }

  /**
   * A fresh Book and a Plaid login (checking, savings, card) stored by a first sync, nothing linked
   * yet, whose period holds at least `minPairs` card payments with both sides in it. The sandbox's
   * data are deterministic per username but its window follows today's date (and the sandbox clock
   * other cases moved), so a fixed username may hold none on some days: the next username is tried,
   * up to 12; a case that still finds too few fails on its own assertions.
   */
  async function login(days = 120, tag = "pairing", minPairs = days >= 120 ? 3 : 2): Promise<Login> {
    for (let attempt = 1; ; attempt++) {
      const l = await loginOnce(days, tag);
      if (attempt >= 12 || (await cardPaymentPairs(l)) >= minPairs) return l;
    }
  }

  /** Card payments out of checking whose card side is in the period too: the pairs the engine must make. */
  async function cardPaymentPairs(l: Login): Promise<number> {
    const t = await truth(l);
    const cardIds = new Set(t.card.map((s) => s.id));
    return t.checking.filter((s) => CARD_KINDS.has(s.kind) && s.peerId && cardIds.has(s.peerId)).length;
  }

  async function loginOnce(days: number, tag: string): Promise<Login> {
    const { db, sp, client, name } = get();
    const k = ++n;
    const book = await db.book.create({ data: { name: `Pairing ${k}`, members: { create: [{ userId: client, role: "OWNER" }] } } });
    const pub = await sp.plaidApi.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions], options: { override_username: `${tag}_${k}_${name}`, transactions: { days_requested: days } } });
    const r = await createConnectionFromLink(db, sp.plaid, { ownerId: client, bookId: book.id, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: "ins_109508" } });
    const conn = await db.connection.findUniqueOrThrow({ where: { id: r.connectionId }, include: { accounts: true } });
    await sync(conn.id);
    const checking = conn.accounts.find((a) => a.type === "depository" && a.subtype === "checking")!;
    const savings = conn.accounts.find((a) => a.subtype === "savings")!;
    const card = conn.accounts.find((a) => a.type === "credit")!;
    return { bookId: book.id, connectionId: conn.id, token: openSecret(conn.id, conn.secret!), checking, savings, card, start: daysAgo(days - 1) };
  }

  async function link(l: Login, account: { id: string }, accountName: string): Promise<string> {
    const { db, sp, client } = get();
    const r = await linkAccount(db, new LocalBookGateway(db, client), sp.plaid, { userId: client, bookId: l.bookId, institutionAccountId: account.id, bookAccount: { create: { name: accountName } }, periodStart: l.start });
    return (await db.integration.findUniqueOrThrow({ where: { id: r.integrationId } })).bookAccountId;
  }

  const ledger = (l: Login) => new LocalBookGateway(get().db, get().client).listTransactions(l.bookId, { limit: 1_000_000, includeTrashed: true });

  /** The bank's posted movements in the period, per account. */
  async function truth(l: Login) {
    const all = await get().sp.plaidSandbox.groundTruth(l.token);
    const inPeriod = (t: TxState) => !t.pending && t.date >= l.start;
    const of = (a: { providerAccountId: string }) => (all[a.providerAccountId] ?? []).filter(inPeriod);
    return { checking: of(l.checking), card: of(l.card) };
  }

  /** Live transactions by remote id; a remote id on two live transactions fails. */
  async function holders(l: Login): Promise<Map<string, BookTransaction>> {
    const holder = new Map<string, BookTransaction>();
    for (const x of (await ledger(l)).filter((t) => !t.trashed)) {
      for (const r of x.remoteIds) {
        expect(holder.has(r), `remote id ${r} on two live transactions`).toBe(false);
        holder.set(r, x);
      }
    }
    return holder;
  }

  /** Each Book Account's sum (debits − credits, cents) over live transactions, drafts included. */
  async function sums(l: Login): Promise<(account: string) => number> {
    const live = (await ledger(l)).filter((x) => !x.trashed);
    return (account) => live.reduce((s, x) => s + (x.debitAccountId === account ? cents(x.amount) : 0) - (x.creditAccountId === account ? cents(x.amount) : 0), 0);
  }

  /**
   * Every card payment whose two sides are both in the period is ONE live transaction From checking To
   * card with both remote ids; every posted bank transaction's remote id is on exactly one live
   * transaction; each Book Account's sum equals the bank's movements. Returns the pairs seen.
   */
  async function expectPaired(l: Login, accounts: { checking: string; card: string | null }): Promise<number> {
    const { db } = get();
    const t = await truth(l);
    const holder = await holders(l);
    const linked = accounts.card ? [...t.checking, ...t.card] : t.checking;
    for (const s of linked) expect(holder.has(`plaid:${s.id}`), `${s.date} ${s.name} ${s.amount} is in the Book`).toBe(true);
    let pairs = 0;
    if (accounts.card) {
      const cardIds = new Set(t.card.map((s) => s.id));
      for (const out of t.checking.filter((s) => CARD_KINDS.has(s.kind) && s.peerId && cardIds.has(s.peerId))) {
        const x = holder.get(`plaid:${out.id}`)!;
        expect(x, `${out.date} ${out.name}`).toMatchObject({ creditAccountId: accounts.checking, debitAccountId: accounts.card, amount: Math.abs(out.amount).toFixed(2) });
        expect(x.remoteIds).toEqual(expect.arrayContaining([`plaid:${out.id}`, `plaid:${out.peerId}`]));
        pairs++;
      }
      // A card payment's card side never stands alone while its checking side is in the Book too.
      for (const into of t.card.filter((s) => CARD_KINDS.has(s.kind))) {
        const x = holder.get(`plaid:${into.id}`)!;
        if (x.creditAccountId !== accounts.checking) expect(t.checking.some((s) => s.id === into.peerId), `${into.date} ${into.name} stands alone though its other side is linked`).toBe(false);
      }
    }
    // Plaid: amount > 0 = money out of the account, which credits its Book Account (−), on checking and card alike.
    const sum = await sums(l);
    const bank = (states: TxState[]) => -states.reduce((s, x) => s + Math.round(x.amount * 100), 0);
    expect(sum(accounts.checking)).toBe(bank(t.checking));
    if (accounts.card) expect(sum(accounts.card)).toBe(bank(t.card));
    // Nothing left dirty, no Posting in a half-done pair.
    expect(await db.posting.count({ where: { integration: { bookId: l.bookId }, dirty: true } })).toBe(0);
    expect(await db.transferPair.count({ where: { bookId: l.bookId, state: "PAIRING" } })).toBe(0);
    return pairs;
  }

  /** The card payments of the login: checking side and card side, both in the period. */
  async function cardPayments(l: Login): Promise<{ out: TxState; into: TxState }[]> {
    const t = await truth(l);
    const card = new Map(t.card.map((s) => [s.id, s]));
    return t.checking.filter((s) => CARD_KINDS.has(s.kind) && s.peerId && card.has(s.peerId)).map((out) => ({ out, into: card.get(out.peerId!)! }));
  }

  return { sync, login, link, ledger, truth, holders, sums, expectPaired, cardPayments };
}
