import { msg, type Message } from "@/lib/i18n/translate";
import { bankDailyBalances, bookDailyBalances, changeDays, countsAtBank, firstDivergence, previousDay, type BankMovement, type BookMovement } from "./daily";

/**
 * Balance verification of one Book Integration: the Book Account's balance (posted only, and with
 * the drafts still to post) beside the bank's current balance, the difference, the last day they
 * agreed and the first day they diverge, and the likely causes as messages. Pure; the loader is
 * lib/integrations/verification/load.ts. A bank without a balance, a stale one or one in another
 * currency is said so, and never counted as agreement.
 */

/** A bank balance older than this is not trusted to prove agreement. */
export const STALE_AFTER_MS = 48 * 3_600_000;
/** At most this many causes are listed; the rest are counted. */
const MAX_CAUSES = 5;

export type VerificationInput = {
  currency: string;
  /** The bank's current balance in minor units of the Book, or null when the bank gives none. */
  bankBalanceMinor: bigint | null;
  /** When the bank's balance was read (or the bank dated it), ISO date-time. */
  bankAsOf: string | null;
  /** The bank balance's day in the Book's time zone (YYYY-MM-DD). */
  bankAsOfDay: string | null;
  bankCurrency: string;
  periodStart: string;
  now: string;
  bank: BankMovement[];
  book: BookMovement[];
};

export type VerificationState = "balanced" | "diverged" | "noBalance" | "stale" | "otherCurrency";

export type Verification = {
  state: VerificationState;
  currency: string;
  bankBalanceMinor: bigint | null;
  bankAsOf: string | null;
  bookPostedMinor: bigint;
  bookWithDraftsMinor: bigint;
  /** Book (with drafts) minus bank; null without a usable bank balance. */
  differenceMinor: bigint | null;
  /** Book posted only minus bank. */
  differencePostedMinor: bigint | null;
  /** Drafts and posted transactions together against the bank. */
  lastAgreed: string | null;
  firstDivergent: string | null;
  /** Posted transactions alone against the bank: auto-check checks up to this day. */
  postedLastAgreed: string | null;
  /** What the page says: the verdict first, then the likely causes. */
  summary: Message;
  causes: Message[];
};

const money = (minor: bigint, currency: string) => ({ money: { minor: Number(minor), currency } });
const abs = (v: bigint) => (v < 0n ? -v : v);

export function verifyBalances(input: VerificationInput): Verification {
  const book = input.book;
  const bookPostedMinor = book.filter((m) => m.posted).reduce((s, m) => s + m.signedMinor, 0n);
  const bookWithDraftsMinor = book.reduce((s, m) => s + m.signedMinor, 0n);
  const base = { currency: input.currency, bankBalanceMinor: input.bankBalanceMinor, bankAsOf: input.bankAsOf, bookPostedMinor, bookWithDraftsMinor };
  const none = { differenceMinor: null, differencePostedMinor: null, lastAgreed: null, firstDivergent: null, postedLastAgreed: null, causes: [] };
  if (input.bankCurrency !== input.currency) {
    return { ...base, ...none, state: "otherCurrency", summary: msg("verification.otherCurrency", { bank: input.bankCurrency, book: input.currency }) };
  }
  if (input.bankBalanceMinor === null || !input.bankAsOf || !input.bankAsOfDay) {
    return { ...base, ...none, state: "noBalance", summary: msg("verification.noBalance") };
  }
  const B = input.bankBalanceMinor;
  const asOfDay = input.bankAsOfDay < input.periodStart ? input.periodStart : input.bankAsOfDay;
  // Only the days on which something is dated can change either balance (daily.ts#changeDays).
  const days = changeDays(
    input.periodStart,
    asOfDay,
    input.bank.filter(countsAtBank).map((t) => t.date),
    book.map((m) => m.date),
  );
  const bank = bankDailyBalances(B, asOfDay, input.periodStart, input.bank, days);
  const withDrafts = bookDailyBalances(book, input.periodStart, asOfDay, { postedOnly: false, onDays: days });
  const postedOnly = bookDailyBalances(book, input.periodStart, asOfDay, { postedOnly: true, onDays: days });
  const all = divergenceOver(days, asOfDay, withDrafts.byDay, bank.byDay);
  const posted = divergenceOver(days, asOfDay, postedOnly.byDay, bank.byDay);
  const differenceMinor = bookWithDraftsMinor - B;
  const differencePostedMinor = bookPostedMinor - B;
  const stale = Date.parse(input.now) - Date.parse(input.bankAsOf) > STALE_AFTER_MS;
  const agrees = all.firstDivergent === null && differenceMinor === 0n;

  const causes = all.firstDivergent ? causesOn(all.firstDivergent, input, bank.before, withDrafts.before) : [];
  if (differenceMinor !== 0n) causes.push(...pendingCause(input, differenceMinor));
  if (all.firstDivergent && differenceMinor === 0n) {
    // Apart again, then together: a transaction carries another date in the Book than at the bank.
    causes.push(msg("verification.cause.agreesAgain", { day: { day: all.firstDivergent } }));
  }
  const listed = causes.slice(0, MAX_CAUSES);
  if (causes.length > MAX_CAUSES) listed.push(msg("verification.cause.more", { count: causes.length - MAX_CAUSES }));
  const result = { ...base, differenceMinor, differencePostedMinor, lastAgreed: all.lastAgreed, firstDivergent: all.firstDivergent, postedLastAgreed: stale ? null : posted.lastAgreed, causes: listed };
  if (stale) return { ...result, state: "stale", summary: msg("verification.stale", { instant: { instant: input.bankAsOf } }) };
  if (agrees) return { ...result, state: "balanced", summary: msg("verification.balanced", { day: { day: asOfDay } }) };
  return {
    ...result,
    state: "diverged",
    summary: all.firstDivergent
      ? msg(all.lastAgreed ? "verification.diverged" : "verification.divergedFromStart", {
          difference: money(differenceMinor, input.currency),
          first: { day: all.firstDivergent },
          ...(all.lastAgreed ? { last: { day: all.lastAgreed } } : {}),
        })
      : msg("verification.differsToday", { difference: money(differenceMinor, input.currency) }),
  };
}

/**
 * The first day two step series differ and the last day they agreed, from their values on the days
 * they can change (`days`, ascending, the first being the period's start): every day before a
 * change day holds the value of the change day before it.
 */
function divergenceOver(days: string[], lastDay: string, a: Map<string, bigint>, b: Map<string, bigint>): { firstDivergent: string | null; lastAgreed: string | null } {
  const { firstDivergent } = firstDivergence(days, a, b);
  if (firstDivergent === null) return { firstDivergent, lastAgreed: lastDay };
  return { firstDivergent, lastAgreed: firstDivergent === days[0] ? null : previousDay(firstDivergent) };
}

/** The likely causes of what changed between the Book and the bank on `day`. */
function causesOn(day: string, input: VerificationInput, bankBefore: bigint, bookBefore: bigint): Message[] {
  const out: Message[] = [];
  const c = input.currency;
  const bankById = new Map(input.bank.map((t) => [t.remoteId, t]));
  const inBook = new Set(input.book.flatMap((m) => m.remoteIds));
  if (day === input.periodStart && bookBefore - bankBefore !== 0n) {
    const hasOpening = input.book.some((m) => m.opening);
    out.push(
      hasOpening
        ? msg("verification.cause.openingDiffers", { start: { day }, amount: money(bankBefore, c) })
        : msg("verification.cause.noOpening", { start: { day }, before: { day: previousDay(day) }, amount: money(bankBefore, c) }),
    );
  }
  for (const m of input.book.filter((b) => b.date === day && !b.opening)) {
    const matches = m.remoteIds.map((r) => bankById.get(r)).filter((t): t is BankMovement => Boolean(t));
    const t = matches.find(countsAtBank) ?? matches[0];
    const what = { description: m.description, day: { day: m.date }, amount: money(abs(m.signedMinor), c) };
    if (!t) out.push(msg("verification.cause.bookOnly", what));
    else if (t.removed && !matches.some(countsAtBank)) out.push(msg("verification.cause.removedStillInBook", what));
    else if (t.pending && !matches.some(countsAtBank)) out.push(msg("verification.cause.pendingInBook", what));
    else if (t.signedMinor !== m.signedMinor) out.push(msg("verification.cause.amountEdited", { ...what, bank: money(abs(t.signedMinor), c) }));
    else if (t.date !== m.date) out.push(msg("verification.cause.dateEdited", { ...what, bankDay: { day: t.date } }));
  }
  for (const t of input.bank.filter((b) => b.date === day && countsAtBank(b) && !inBook.has(b.remoteId))) {
    out.push(msg("verification.cause.missingInBook", { description: t.description, day: { day: t.date }, amount: money(abs(t.signedMinor), c) }));
  }
  // A transaction the Book holds on another day than the bank: the bank's side of that day.
  for (const t of input.bank.filter((b) => b.date === day && countsAtBank(b) && inBook.has(b.remoteId))) {
    const m = input.book.find((x) => x.remoteIds.includes(t.remoteId));
    if (m && m.date !== day) out.push(msg("verification.cause.dateEdited", { description: m.description, day: { day: m.date }, amount: money(abs(m.signedMinor), c), bankDay: { day } }));
  }
  if (out.length === 0) out.push(msg("verification.cause.unknown", { day: { day } }));
  return out;
}

/** The bank's balance may already count transactions it still shows as pending. */
function pendingCause(input: VerificationInput, differenceMinor: bigint): Message[] {
  const pending = input.bank.filter((t) => t.pending && !t.removed);
  if (pending.length === 0) return [];
  const sum = pending.reduce((s, t) => s + t.signedMinor, 0n);
  if (sum !== -differenceMinor) return [];
  return [msg("verification.cause.pendingAtBank", { count: pending.length, amount: money(abs(sum), input.currency) })];
}
