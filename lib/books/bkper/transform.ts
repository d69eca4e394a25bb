/// <reference types="@bkper/bkper-api-types" />
import type { AccountType, BookAccount, BookInfo, BookRoleName, BookTransaction, NewBookTransaction } from "../types";
import type { BkperAccountOut, BkperBalancesOut, BkperBookOut, BkperTransactionIn, BkperTransactionOut } from "./schemas";
import { absDecimal, bkperDateToIso, isZeroDecimal, roundDecimal } from "./values";

/**
 * Pure conversions between Bkper's wire shapes (lib/books/bkper/schemas.ts) and our Book shapes
 * (lib/books/types.ts): no requests, no clock. The BkperBookGateway (./gateway.ts) does the calls.
 */

const ROLE: Record<string, BookRoleName> = { OWNER: "OWNER", EDITOR: "EDITOR", POSTER: "POSTER", RECORDER: "RECORDER", VIEWER: "VIEWER" };
export const ACCOUNT_TYPES: readonly AccountType[] = ["ASSET", "LIABILITY", "INCOMING", "OUTGOING"];
/** Not sent back on update: `dateValue` / `dateFormatted` are derived from `date` (a stale one could contradict it); `amount` is set anew. */
const NOT_SENT_BACK = new Set(["amount", "dateValue", "dateFormatted"]);

export function roleOf(permission: string | undefined): BookRoleName | null {
  if (permission === undefined) return "VIEWER"; // listed but unspecified: the least we can assume
  return ROLE[permission] ?? null; // NONE (and anything unknown): no access
}

/** Bkper Books have no currency field; the Exchange Bot convention is the `exc_code` property. "" when unknown. */
function currencyOf(b: BkperBookOut): string {
  const code = b.properties?.exc_code ?? b.properties?.currency ?? "";
  return /^[A-Za-z]{3}$/.test(code.trim()) ? code.trim().toUpperCase() : "";
}

/**
 * Bkper Books have no locale either: a `locale` property wins; otherwise one matching the Book's number
 * and date format (for display only).
 */
function localeOf(b: BkperBookOut): string {
  const prop = b.properties?.locale?.trim();
  if (prop) {
    try {
      const [canonical] = Intl.getCanonicalLocales(prop);
      if (canonical) return canonical;
    } catch {
      // not a locale: ignore
    }
  }
  const pattern = (b.datePattern ?? "").toLowerCase();
  if (b.decimalSeparator === "COMMA") return pattern.startsWith("mm") ? "es-US" : "pt-BR";
  if (pattern.startsWith("dd")) return "en-GB";
  if (pattern.startsWith("yyyy")) return "en-CA";
  return "en-US";
}

export function toBookInfo(b: BkperBookOut): BookInfo {
  return {
    id: b.id,
    name: b.name ?? "",
    currency: currencyOf(b),
    fractionDigits: b.fractionDigits ?? 2,
    timeZone: b.timeZone || "UTC",
    locale: localeOf(b),
    lockDate: bkperDateToIso(b.lockDate),
    closingDate: bkperDateToIso(b.closingDate),
  };
}

export function toAccount(a: BkperAccountOut): BookAccount {
  // Every Bkper Account has one of the four types; an absent one is read as ASSET (Bkper's default).
  const type = ACCOUNT_TYPES.find((t) => t === a.type) ?? "ASSET";
  return { id: a.id, name: a.name, type, archived: a.archived ?? false };
}

export function toTransaction(t: BkperTransactionOut, fractionDigits: number): BookTransaction {
  let amount: string;
  try {
    amount = roundDecimal(t.amount ?? "0", fractionDigits);
  } catch {
    amount = t.amount ?? "";
  }
  return {
    id: t.id,
    date: bkperDateToIso(t.date) ?? bkperDateToIso(t.dateValue) ?? "",
    amount,
    description: t.description ?? "",
    creditAccountId: t.creditAccount?.id ?? null,
    debitAccountId: t.debitAccount?.id ?? null,
    posted: t.posted ?? false,
    checked: t.checked ?? false,
    trashed: t.trashed ?? false,
    remoteIds: [...(t.remoteIds ?? [])].sort(),
    properties: { ...(t.properties ?? {}) },
  };
}

export function toBkperDraft(d: NewBookTransaction, fractionDigits: number): BkperTransactionIn {
  const amount = roundDecimal(absDecimal(d.amount), fractionDigits);
  const body: BkperTransactionIn = { date: d.date, description: d.description, remoteIds: [...d.remoteIds], draft: true };
  // bkper-js clears a zero amount rather than sending "0".
  if (!isZeroDecimal(amount)) body.amount = amount;
  if (d.creditAccountId) body.creditAccount = { id: d.creditAccountId };
  if (d.debitAccountId) body.debitAccount = { id: d.debitAccountId };
  if (d.properties && Object.keys(d.properties).length > 0) body.properties = { ...d.properties };
  return body;
}


export function remoteIdQuery(remoteIds: string[], trashed: boolean): string {
  const terms = remoteIds.map((r) => `remoteId:'${r}'`).join(" OR ");
  if (!trashed) return terms;
  return `is:trashed ${remoteIds.length > 1 ? `(${terms})` : terms}`;
}

export const nameKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();
export const negate = (v: string) => (isZeroDecimal(v) ? v.replace(/^-/, "") : v.startsWith("-") ? v.slice(1) : `-${v}`);

/** Accounts in type order (ASSET, LIABILITY, INCOMING, OUTGOING), then by name. */
export function sortAccounts(accounts: BookAccount[]): BookAccount[] {
  return [...accounts].sort((a, b) => ACCOUNT_TYPES.indexOf(a.type) - ACCOUNT_TYPES.indexOf(b.type) || a.name.localeCompare(b.name));
}

/** Drafts first, then the newest (as local Books list them); the given order is kept among equals. */
export function draftsFirstNewest(rows: BookTransaction[]): BookTransaction[] {
  return rows
    .map((t, i) => ({ t, i }))
    .sort((a, b) => Number(a.t.posted) - Number(b.t.posted) || b.t.date.localeCompare(a.t.date) || a.i - b.i)
    .map((x) => x.t);
}

/**
 * Each Account's balance from Bkper's raw report (credits minus debits, matched by name in any case or
 * spacing), with the sign our Books use: ASSET/OUTGOING grow with debits, LIABILITY/INCOMING with credits.
 * An Account missing from the report is 0. Null when the report has no per-Account balances (too large,
 * sent as a file URL, or none) or holds an amount that is not a decimal.
 */
export function signedBalances(report: BkperBalancesOut, accounts: BookAccount[], fractionDigits: number): Map<string, string> | null {
  if (report.balancesUrl || !report.accountBalances) return null;
  const raw = new Map<string, { value: string; credit?: boolean }>();
  for (const a of report.accountBalances) if (a.name) raw.set(nameKey(a.name), { value: a.cumulativeBalance ?? "0", credit: a.credit });
  const out = new Map<string, string>();
  for (const a of accounts) {
    const found = raw.get(nameKey(a.name));
    const credit = found?.credit ?? (a.type === "LIABILITY" || a.type === "INCOMING");
    let value: string;
    try {
      value = roundDecimal(found?.value ?? "0", fractionDigits);
    } catch {
      return null;
    }
    out.set(a.id, credit ? value : negate(value));
  }
  return out;
}

/**
 * The PUT body for an update: the transaction as read, whole (Accounts, remote ids, properties, files and
 * urls travel unchanged), with the new date, description and amount; the derived `dateValue` /
 * `dateFormatted` left out, and a zero amount left out as bkper-js does.
 */
export function toUpdateBody(raw: Record<string, unknown>, id: string, patch: { date: string; amount: string; description: string }): Record<string, unknown> & { id: string } {
  const body: Record<string, unknown> & { id: string } = {
    ...Object.fromEntries(Object.entries(raw).filter(([k]) => !NOT_SENT_BACK.has(k))),
    id,
    date: patch.date,
    description: patch.description,
  };
  if (!isZeroDecimal(patch.amount)) body.amount = patch.amount;
  return body;
}
