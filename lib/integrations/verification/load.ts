import type { BookGateway } from "@/lib/books/gateway";
import type { AccountType, BookTransaction } from "@/lib/books/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isoDay } from "@/lib/dates";
import { fittingAccountType } from "../rules";
import { verifyBalances, type Verification } from "./compare";
import type { BankMovement, BookMovement } from "./daily";

/**
 * Reads what balance verification compares for one integration — the institution account's
 * balance and stored transactions, the Book Account's transactions through the Book's gateway —
 * and compares them (./compare.ts). Also the optional auto-check that follows each sync.
 */

/** A decimal string in minor units of `digits`, rounded half away from zero. */
export function decimalToMinor(value: string, digits: number): bigint {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw new Error(`not a decimal amount: ${value}`);
  const frac = (m[3] ?? "").padEnd(digits + 1, "0");
  let v = BigInt(m[2]! + frac.slice(0, digits));
  if (Number(frac[digits]) >= 5) v += 1n;
  return m[1] ? -v : v;
}

/** The day of an instant in a time zone, YYYY-MM-DD. */
export function dayIn(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch {
      format = null;
    }
    dayFormats.set(timeZone, format);
  }
  return format ? format.format(at) : isoDay(at);
}
/** One formatter per time zone (making one costs more than many formats); null: not a zone Intl knows. */
const dayFormats = new Map<string, Intl.DateTimeFormat | null>();

/**
 * The day the bank's balance stands at: the day it was read, or the latest posted transaction's if
 * the bank already dates one later (its clock or time zone ahead of ours) — a balance read after a
 * transaction was shown includes it.
 */
function asOfDay(readDay: string, bank: BankMovement[]): string {
  let day = readDay;
  for (const t of bank) if (!t.pending && !t.removed && t.date > day) day = t.date;
  return day;
}

const remoteOf = (provider: string, id: string) => `${provider.toLowerCase()}:${id}`;

/** Effect of a Book transaction on the balance of `accountId` of type `type`. */
function bookEffect(t: BookTransaction, accountId: string, type: AccountType, digits: number): bigint {
  const v = decimalToMinor(t.amount, digits);
  const debitGrows = type === "ASSET" || type === "OUTGOING";
  let net = 0n;
  if (t.debitAccountId === accountId) net += debitGrows ? v : -v;
  if (t.creditAccountId === accountId) net += debitGrows ? -v : v;
  return net;
}

export type IntegrationVerification = { integrationId: string; bookAccountId: string; fractionDigits: number; verification: Verification; book: BookMovement[] };

export async function verifyIntegration(db: PrismaClient, gateway: BookGateway, integrationId: string, now = new Date()): Promise<IntegrationVerification | null> {
  return (await verifyIntegrations(db, gateway, [integrationId], now)).get(integrationId) ?? null;
}

/** The Book transactions of some Accounts: in one call where the gateway can (local Books), else one call per Account. */
async function bookTransactionsOf(gateway: BookGateway, bookId: string, accountIds: string[]): Promise<Map<string, BookTransaction[]>> {
  const limit = 100_000;
  const byAccount = new Map<string, BookTransaction[]>(accountIds.map((id) => [id, []]));
  if (gateway.listTransactionsOfAccounts) {
    for (const t of await gateway.listTransactionsOfAccounts(bookId, accountIds, { limit })) {
      for (const side of new Set([t.debitAccountId, t.creditAccountId])) if (side) byAccount.get(side)?.push(t);
    }
  } else {
    await Promise.all(accountIds.map(async (id) => byAccount.set(id, await gateway.listTransactions(bookId, { accountId: id, limit }))));
  }
  return byAccount;
}

/**
 * Balance verification of several integrations (a page of them) in a fixed number of reads: the
 * integrations, each Book once (its info and Accounts), the stored bank transactions of all their
 * institution accounts, and the Book transactions of all their Accounts. Integrations that are gone,
 * or whose Book or Account cannot be read, are absent from the answer.
 */
export async function verifyIntegrations(db: PrismaClient, gateway: BookGateway, integrationIds: readonly string[], now = new Date()): Promise<Map<string, IntegrationVerification>> {
  const out = new Map<string, IntegrationVerification>();
  if (integrationIds.length === 0) return out;
  const integrations = await db.integration.findMany({
    where: { id: { in: [...new Set(integrationIds)] } },
    select: {
      id: true,
      bookId: true,
      bookAccountId: true,
      periodStart: true,
      institutionAccount: { select: { id: true, type: true, currency: true, balanceCurrent: true, balanceAt: true, connection: { select: { provider: true } } } },
    },
  });
  if (integrations.length === 0) return out;
  const storedRows = await db.bankTransaction.findMany({
    where: { institutionAccountId: { in: [...new Set(integrations.map((i) => i.institutionAccount.id))] } },
    select: { institutionAccountId: true, providerTransactionId: true, date: true, amount: true, direction: true, description: true, pending: true, removed: true, runningBalance: true },
  });
  const storedOf = new Map<string, typeof storedRows>();
  for (const t of storedRows) {
    const list = storedOf.get(t.institutionAccountId);
    if (list) list.push(t);
    else storedOf.set(t.institutionAccountId, [t]);
  }

  for (const bookId of new Set(integrations.map((i) => i.bookId))) {
    const ofBook = integrations.filter((i) => i.bookId === bookId);
    const [info, accounts] = await Promise.all([gateway.getBook(bookId), gateway.getAccounts(bookId, [...new Set(ofBook.map((i) => i.bookAccountId))])]);
    if (!info) continue;
    const accountById = new Map(accounts.map((a) => [a.id, a]));
    const linked = ofBook.filter((i) => accountById.has(i.bookAccountId));
    const bookTxs = await bookTransactionsOf(gateway, bookId, [...new Set(linked.map((i) => i.bookAccountId))]);
    const digits = info.fractionDigits;
    for (const integration of linked) {
      const account = accountById.get(integration.bookAccountId)!;
      const ia = integration.institutionAccount;
      const provider = ia.connection.provider;
      const side = fittingAccountType(ia.type);
      // Money in raises an ASSET's balance; money out (a purchase) raises what a LIABILITY owes.
      const sign = (direction: string) => ((direction === "in") === (side === "ASSET") ? 1n : -1n);
      const bank: BankMovement[] = (storedOf.get(ia.id) ?? []).map((t) => ({
        remoteId: remoteOf(provider, t.providerTransactionId),
        date: isoDay(t.date),
        signedMinor: sign(t.direction) * decimalToMinor(t.amount.toFixed(8), digits),
        description: t.description,
        pending: t.pending,
        removed: t.removed,
        runningBalanceMinor: t.runningBalance === null ? null : decimalToMinor(t.runningBalance.toFixed(8), digits),
      }));
      const book: BookMovement[] = (bookTxs.get(account.id) ?? [])
        .filter((t) => !t.trashed)
        .map((t) => ({
          id: t.id,
          date: t.date,
          signedMinor: bookEffect(t, account.id, account.type, digits),
          description: t.description,
          posted: t.posted,
          checked: t.checked,
          remoteIds: t.remoteIds,
          opening: t.remoteIds.some((r) => r.startsWith("opening:")) || t.properties.opening_balance === "true",
        }));
      const verification = verifyBalances({
        currency: info.currency,
        bankCurrency: ia.currency,
        bankBalanceMinor: ia.balanceCurrent === null ? null : decimalToMinor(ia.balanceCurrent.toFixed(8), digits),
        bankAsOf: ia.balanceAt ? ia.balanceAt.toISOString() : null,
        bankAsOfDay: ia.balanceAt ? asOfDay(dayIn(ia.balanceAt, info.timeZone), bank) : null,
        periodStart: isoDay(integration.periodStart),
        now: now.toISOString(),
        bank,
        book,
      });
      out.set(integration.id, { integrationId: integration.id, bookAccountId: account.id, fractionDigits: digits, verification, book });
    }
  }
  return out;
}

/**
 * Auto-check (✓): the posted, unchecked transactions of the Book Account dated up to the last day
 * the posted balance agrees with the bank. Nothing when the bank's balance is missing or stale.
 * Returns the ids checked.
 */
export async function autoCheckIntegration(db: PrismaClient, gateway: BookGateway, integrationId: string, now = new Date()): Promise<string[]> {
  const r = await verifyIntegration(db, gateway, integrationId, now);
  if (!r) return [];
  const upTo = r.verification.postedLastAgreed;
  if (!upTo || (r.verification.state !== "balanced" && r.verification.state !== "diverged")) return [];
  const ids = r.book.filter((m) => m.posted && !m.checked && m.date <= upTo).map((m) => m.id);
  if (ids.length) {
    const integration = await db.integration.findUniqueOrThrow({ where: { id: integrationId }, select: { bookId: true } });
    await gateway.checkTransactions(integration.bookId, ids);
  }
  return ids;
}
