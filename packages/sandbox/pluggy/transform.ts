import { createHash } from "node:crypto";
import type { SandboxAccount, TxState } from "@bank-connections/sandbox/data/types";
import { categoryForKind, getCategory } from "./categories";
import { deterministicUuid } from "./ids";
import type { AccountRecord, TransactionRecord } from "./state";
import type { WireAccount, WirePaymentData, WirePaymentParticipant, WireTransaction } from "./types";
import { billIdForPayment } from "./bill-ids";

/**
 * Pure mapping from the shared sandbox data (Plaid sign convention: positive = money OUT of the
 * account) to Pluggy shapes:
 * - `type`: DEBIT = money out, CREDIT = money in (from the account's point of view).
 * - `amount` on BANK accounts: negative for DEBIT, positive for CREDIT.
 * - `amount` on CREDIT (card) accounts is inverted: a purchase (DEBIT) is positive, a payment
 *   received (CREDIT) negative (docs/reference/providers.md §3.6, actualbudget/actual#4628).
 * - `date`: the calendar day at 00:00 America/Sao_Paulo, i.e. `YYYY-MM-DDT03:00:00.000Z`, so the
 *   UTC date and the São Paulo date agree.
 */

export function accountIdFor(itemId: string, source: SandboxAccount): string {
  return deterministicUuid("pluggy-account", itemId, source.persistentAccountId);
}

export function transactionIdFor(itemId: string, sourceTxId: string): string {
  return deterministicUuid("pluggy-transaction", itemId, sourceTxId);
}

export function pluggyDate(date: string): string {
  return `${date}T03:00:00.000Z`;
}

function isCard(a: SandboxAccount): boolean {
  return a.type === "credit";
}

/** A valid-looking (check digits right) CPF derived from a key. */
export function fakeCpf(key: string): string {
  const h = createHash("sha256").update(key).digest();
  const d = Array.from({ length: 9 }, (_, i) => (h[i] ?? 0) % 10);
  const dv = (digits: number[]) => {
    const n = digits.length + 1;
    const sum = digits.reduce((s, v, i) => s + v * (n - i), 0);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  d.push(dv(d));
  d.push(dv(d));
  return d.join("");
}

export function fakeCnpj(key: string): string {
  const h = createHash("sha256").update("cnpj:" + key).digest();
  const d = Array.from({ length: 8 }, (_, i) => (h[i] ?? 0) % 10);
  d.push(0, 0, 0, 1);
  const dv = (digits: number[], weights: number[]) => {
    const sum = digits.reduce((s, v, i) => s + v * (weights[i] ?? 0), 0);
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  d.push(dv(d, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  d.push(dv(d, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  return d.join("");
}

const round2 = (x: number) => {
  const r = Math.round(x * 100) / 100;
  return r === 0 ? 0 : r;
};

/** Current balance: money in the account (BANK) or money owed on the card (CREDIT, positive = owed). */
export function balanceOf(account: SandboxAccount, states: TxState[]): number {
  let sum = 0;
  for (const s of states) if (!s.pending && s.accountId === account.accountId) sum += s.amount;
  return round2(isCard(account) ? account.openingBalance + sum : account.openingBalance - sum);
}

export function toAccountRecord(args: {
  itemId: string;
  source: SandboxAccount;
  balance: number;
  nowIso: string;
  existing?: AccountRecord;
}): AccountRecord {
  const { itemId, source, balance, nowIso, existing } = args;
  const card = isCard(source);
  const subtype: WireAccount["subtype"] = card ? "CREDIT_CARD" : source.subtype === "savings" ? "SAVINGS_ACCOUNT" : "CHECKING_ACCOUNT";
  const limit = source.creditLimit ?? 0;
  // Card statement cycle: closes on the 25th, due on the 5th of the next month (UTC days).
  const now = new Date(nowIso);
  const close = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + (now.getUTCDate() > 25 ? 1 : 0), 25, 3));
  const due = new Date(Date.UTC(close.getUTCFullYear(), close.getUTCMonth() + 1, 5, 3));
  return {
    id: accountIdFor(itemId, source),
    itemId,
    sourceId: source.persistentAccountId,
    type: card ? "CREDIT" : "BANK",
    subtype,
    number: card ? source.mask : `0001/${source.mask.padStart(5, "0")}-${Number(source.mask) % 10}`,
    name: source.name,
    marketingName: source.officialName || null,
    balance,
    owner: source.holderName || null,
    taxNumber: fakeCpf(source.persistentAccountId),
    currencyCode: source.currency,
    bankData: card
      ? null
      : {
          transferNumber: `0001/${source.mask.padStart(8, "0")}`,
          closingBalance: balance,
          automaticallyInvestedBalance: 0,
          overdraftContractedLimit: null,
          overdraftUsedLimit: null,
          unarrangedOverdraftAmount: null,
          hasReservedBalance: false,
          reservedBalances: null,
        },
    creditData: card
      ? {
          level: "GOLD",
          brand: "MASTERCARD",
          balanceCloseDate: close.toISOString(),
          balanceDueDate: due.toISOString(),
          availableCreditLimit: round2(Math.max(0, limit - balance)),
          balanceForeignCurrency: 0,
          minimumPayment: round2(Math.max(0, balance) * 0.15),
          creditLimit: limit,
          isLimitFlexible: false,
          status: "ACTIVE",
          holderType: "MAIN",
        }
      : null,
    createdAt: existing?.createdAt ?? nowIso,
    updatedAt: nowIso,
  };
}

function stripAccents(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

/** Where a transaction sits, for the fields that name other records (the counterpart, the bill). */
export interface TransactionLinks {
  itemId: string;
  /** The login's accounts (to describe the other side of a transfer). */
  accounts: readonly SandboxAccount[];
  /** The Item's first collected day (`YYYY-MM-DD`): bills exist from the first full cycle after it. */
  historyFrom: string | null;
}

function participant(a: SandboxAccount): WirePaymentParticipant {
  return {
    documentNumber: { type: "CPF", value: fakeCpf(a.persistentAccountId) },
    name: a.holderName,
    accountNumber: `${a.mask.padStart(5, "0")}-${Number(a.mask) % 10}`,
    branchNumber: "0001",
  };
}

/**
 * A transfer between two of the login's bank accounts carries both parties (Pluggy's
 * `paymentData`): payer = where the money left, receiver = where it arrived, the same on both
 * sides, with one reference number (ids of both sides' events, in payer-then-receiver order).
 */
function paymentDataOf(account: SandboxAccount, s: TxState, links: TransactionLinks | undefined): WirePaymentData | null {
  if (!links || !s.counterpartAccountId || (s.kind !== "transfer_in" && s.kind !== "transfer_out")) return null;
  const other = links.accounts.find((a) => a.accountId === s.counterpartAccountId);
  if (!other || other.type === "credit" || account.type === "credit") return null;
  const out = s.kind === "transfer_out";
  const [payerId, receiverId] = out ? [s.id, s.peerId ?? ""] : [s.peerId ?? "", s.id];
  return {
    payer: participant(out ? account : other),
    receiver: participant(out ? other : account),
    paymentMethod: "PIX",
    referenceNumber: createHash("sha256").update(`${payerId}|${receiverId}`).digest("hex").slice(0, 32).toUpperCase(),
    reason: null,
    receiverReferenceId: null,
    boletoMetadata: null,
  };
}

/** The Pluggy fields of a transaction that depend only on the data (no timestamps). */
export function transactionContent(account: SandboxAccount, s: TxState, links?: TransactionLinks): Omit<WireTransaction, "id" | "accountId" | "createdAt" | "updatedAt"> {
  const out = s.amount >= 0;
  const abs = round2(Math.abs(s.amount));
  const type: WireTransaction["type"] = out ? "DEBIT" : "CREDIT";
  const card = isCard(account);
  const amount = card ? (out ? abs : -abs) : out ? -abs : abs;
  const category = categoryForKind(s.kind);
  const merchantName = s.merchantName;
  return {
    date: pluggyDate(s.date),
    description: s.name,
    descriptionRaw: stripAccents(s.name).toUpperCase(),
    currencyCode: s.currency,
    amount: amount === 0 ? 0 : amount,
    amountInAccountCurrency: null,
    balance: null,
    category: category.description,
    categoryId: category.id,
    providerCode: null,
    providerId: null,
    status: s.pending ? "PENDING" : "POSTED",
    type,
    operationType: card ? null : s.kind === "transfer_in" || s.kind === "transfer_out" ? "PIX" : null,
    operationTypeAdditionalInfo: null,
    paymentData: paymentDataOf(account, s, links),
    creditCardMetadata: card
      ? {
          cardNumber: account.mask,
          ...(s.authorizedDate ? { purchaseDate: pluggyDate(s.authorizedDate) } : {}),
          ...cardBillId(account, s, links),
        }
      : null,
    merchant: merchantName
      ? { name: merchantName, businessName: `${stripAccents(merchantName).toUpperCase()} LTDA`, cnpj: fakeCnpj(merchantName), category: category.description }
      : null,
  };
}

/** A payment received on a card names the bill it pays (the last cycle closed before it). */
function cardBillId(account: SandboxAccount, s: TxState, links: TransactionLinks | undefined): { billId?: string } {
  if (!links || s.kind !== "card_payment_received" || s.pending) return {};
  const billId = billIdForPayment(accountIdFor(links.itemId, account), s.date, links.historyFrom);
  return billId ? { billId } : {};
}

export function fingerprintOf(content: object): string {
  return createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 32);
}

/** The wire form of a stored row (drops internal fields; applies a user-set category). */
export function toWireTransaction(r: TransactionRecord): WireTransaction {
  const { itemId: _i, sourceId: _s, fingerprint: _f, userCategoryId, ...wire } = r;
  if (userCategoryId) {
    const c = getCategory(userCategoryId);
    if (c) return { ...wire, categoryId: c.id, category: c.description };
  }
  return wire;
}

export function toWireAccount(r: AccountRecord): WireAccount {
  const { sourceId: _s, ...wire } = r;
  return wire;
}
