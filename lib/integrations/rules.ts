import type { AccountType } from "@/lib/books/types";
import { isoDay } from "@/lib/dates";
import { inEnglish } from "@/lib/i18n/stored";
import { msg, type Message } from "@/lib/i18n/translate";

/** Pure rules of Book Integrations: which Book Account type fits, and which periods are allowed. */
export function fittingAccountType(institutionAccountType: string): Extract<AccountType, "ASSET" | "LIABILITY"> {
  return institutionAccountType === "credit" || institutionAccountType === "loan" ? "LIABILITY" : "ASSET";
}

export const PERIODS = ["last30", "last90", "thisYear", "last12m", "last24m"] as const;
export type PeriodChoice = (typeof PERIODS)[number];

export const PERIOD_LABEL: Record<PeriodChoice, string> = {
  last30: "Last 30 days",
  last90: "Last 90 days",
  thisYear: "This year",
  last12m: "Last 12 months",
  last24m: "Last 24 months",
};

const iso = isoDay;

/** The first day of a period, as YYYY-MM-DD, counted back from `today` (YYYY-MM-DD). */
export function periodStartFor(choice: PeriodChoice, today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  switch (choice) {
    case "last30":
      d.setUTCDate(d.getUTCDate() - 30);
      break;
    case "last90":
      d.setUTCDate(d.getUTCDate() - 90);
      break;
    case "thisYear":
      return `${today.slice(0, 4)}-01-01`;
    case "last12m":
      d.setUTCMonth(d.getUTCMonth() - 12);
      break;
    case "last24m":
      d.setUTCMonth(d.getUTCMonth() - 24);
      break;
  }
  return iso(d);
}

/** Why a period start is refused (a message of lib/i18n), or null when it is fine. */
export function periodProblemMessage(start: string, today: string, maxHistoryDays: number): Message | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(Date.parse(`${start}T00:00:00Z`))) return msg("server.chooseValidStartDate");
  if (start > today) return msg("server.startInFuture");
  const earliest = earliestStart(today, maxHistoryDays);
  if (start < earliest) return msg("server.historyLimit", { days: maxHistoryDays, earliest: { day: earliest } });
  return null;
}

/** The same in English (the rules' tests read it). */
export function periodProblem(start: string, today: string, maxHistoryDays: number): string | null {
  const m = periodProblemMessage(start, today, maxHistoryDays);
  return m ? inEnglish(m) : null;
}

/** A name for a new Book Account: institution, account name and the last digits. */
export function proposedAccountName(institution: string, accountName: string, mask: string | null): string {
  const base = accountName.toLowerCase().includes(institution.toLowerCase()) ? accountName : `${institution} ${accountName}`;
  return `${base}${mask ? ` ${mask}` : ""}`.replace(/\s+/g, " ").trim().slice(0, 120);
}

/** The earliest period start a provider with `maxHistoryDays` of history allows (YYYY-MM-DD). */
export function earliestStart(today: string, maxHistoryDays: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - maxHistoryDays);
  return iso(d);
}

/**
 * The opening balance that makes the Book Account end where the institution says it is: current
 * balance minus the movements posted since the period start. For an ASSET, money in raises the
 * balance; for a LIABILITY (a card), money out (purchases) raises what is owed. Returns the draft's
 * direction from the Account's point of view, or null when it is zero. Amounts in minor units.
 */
export function openingBalance(
  accountType: "ASSET" | "LIABILITY",
  currentBalanceMinor: bigint,
  movements: { direction: "in" | "out"; amountMinor: bigint }[],
): { direction: "in" | "out"; amountMinor: bigint } | null {
  let net = 0n;
  for (const m of movements) net += (m.direction === "in") === (accountType === "ASSET") ? m.amountMinor : -m.amountMinor;
  const opening = currentBalanceMinor - net;
  if (opening === 0n) return null;
  // A positive opening balance is money "in" for an ASSET, money "out" (owed) for a LIABILITY.
  const positive = opening > 0n;
  const direction = accountType === "ASSET" ? (positive ? "in" : "out") : positive ? "out" : "in";
  return { direction, amountMinor: positive ? opening : -opening };
}
