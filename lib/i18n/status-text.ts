import { formatDay } from "@/lib/format/ui-dates";
import { en } from "./messages/en";
import type { Translate } from "./translate";

/**
 * The status views of lib/connections/status.ts and lib/sync/status.ts speak English (they are
 * shared with the notifications and the tests, and English is their specification). This puts
 * their sentences into the reader's language; a sentence it does not know (a provider's own
 * words, an engine message) is shown as it is.
 */
type Rule = { re: RegExp; say: (t: Translate, m: RegExpExecArray) => string };

const ISO_DAY = "(\\d{4}-\\d{2}-\\d{2})";
const day = (t: Translate, iso: string) => formatDay(iso, t.locale);
/** "14:05 UTC" or "2026-11-25 14:05 UTC" → the reader's style. */
const clock = (t: Translate, s: string) => s.replace(/^(\d{4}-\d{2}-\d{2}) /, (_, d: string) => `${day(t, d)} `);

function relative(t: Translate, s: string): string {
  if (s === "just now") return t("sync.justNow");
  if (s === "yesterday") return t("sync.yesterday");
  let m = /^(\d+) minutes? ago$/.exec(s);
  if (m) return t("sync.minutesAgo", { count: Number(m[1]) });
  m = /^(\d+) hours? ago$/.exec(s);
  if (m) return t("sync.hoursAgo", { count: Number(m[1]) });
  m = /^(\d+) days? ago$/.exec(s);
  if (m) return t("sync.daysAgo", { count: Number(m[1]) });
  m = new RegExp(`^on ${ISO_DAY}$`).exec(s);
  if (m) return t("sync.onDate", { date: day(t, m[1]!) });
  return s;
}

function runningParts(t: Translate, s: string): string {
  return s
    .split(", ")
    .map((part) => {
      const m = /^(\d+) (new|changed|removed|posted)$/.exec(part);
      if (!m) return part;
      const count = Number(m[1]);
      return m[2] === "new" ? t("sync.new", { count }) : m[2] === "changed" ? t("sync.changed", { count }) : m[2] === "removed" ? t("sync.removed", { count }) : t("sync.postedCount", { count });
    })
    .join(", ");
}

const EXACT: [string, (t: Translate) => string][] = [
  ...(["CONNECTED", "SYNCING", "LOGIN_REQUIRED", "ERROR", "DISCONNECTED"] as const).map((k) => [en.connectionStatus[k], (t: Translate) => t(`connectionStatus.${k}`)] as [string, (t: Translate) => string]),
  ...(["loginRequiredReason", "loginRequiredAction", "errorReason", "errorAction", "disconnectedReason", "disconnectedAction"] as const).map(
    (k) => [en.connectionStatus[k], (t: Translate) => t(`connectionStatus.${k}`)] as [string, (t: Translate) => string],
  ),
  ...(["reconnect", "reconnectFromBanks", "operator", "automatic", "retry"] as const).map((k) => [en.sync.fix[k], (t: Translate) => t(`sync.fix.${k}`)] as [string, (t: Translate) => string]),
  ["Reconnect", (t) => t("connections.reconnect")],
  [en.sync.notSynced, (t) => t("sync.notSynced")],
  [en.integrationStatus.active, (t) => t("integrationStatus.active")],
  [en.integrationStatus.syncing, (t) => t("integrationStatus.syncing")],
  [en.integrationStatus.loginProblem, (t) => t("integrationStatus.loginProblem")],
  [en.integrationStatus.brokenProblem, (t) => t("integrationStatus.brokenProblem")],
];
const EXACT_MAP = new Map(EXACT);

const REASONS: [string, (t: Translate) => string][] = [
  [en.sync.defaultFailure, (t) => t("sync.defaultFailure")],
  ...(["loginAgain", "rateLimited", "institutionDown", "itemNotFound"] as const).map((k) => [en.sync.defaults[k], (t: Translate) => t(`sync.defaults.${k}`)] as [string, (t: Translate) => string]),
];
const REASON_MAP = new Map(REASONS);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** lib/format/date-words.ts's "12 Dec 2026" → the reader's style. */
function wordsDay(t: Translate, s: string): string {
  const m = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})$/.exec(s);
  const month = m ? MONTHS.indexOf(m[2]!) : -1;
  return m && month >= 0 ? day(t, `${m[3]}-${String(month + 1).padStart(2, "0")}-${m[1]!.padStart(2, "0")}`) : s;
}

const RULES: Rule[] = [
  { re: /^Last synced (.+)$/, say: (t, m) => t("sync.lastSynced", { when: relative(t, m[1]!) }) },
  { re: /^Syncing… (.+)$/, say: (t, m) => t("sync.running", { parts: runningParts(t, m[1]!) }) },
  { re: /^Last sync failed: (.+)$/s, say: (t, m) => t("sync.lastFailed", { reason: REASON_MAP.get(m[1]!)?.(t) ?? m[1]! }) },
  { re: /^Will retry at (.+)\.$/, say: (t, m) => t("sync.willRetry", { time: clock(t, m[1]!) }) },
  { re: new RegExp(`^Access expires on ${ISO_DAY}: press Reconnect before then to keep transactions flowing\\.$`), say: (t, m) => t("connectionStatus.expiresOn", { date: day(t, m[1]!) }) },
  { re: /^Syncing (\d+) transactions?$/, say: (t, m) => t("integrationStatus.syncingCount", { count: Number(m[1]) }) },
  {
    re: /^Error: (.+) — press Save Configuration to try again\.$/s,
    say: (t, m) => t("integrationStatus.errorProblem", { message: m[1] === en.integrationStatus.postingFailed.replace(/\.$/, "") ? t("integrationStatus.postingFailed").replace(/\.$/, "") : m[1]! }),
  },
  { re: /^(.+) needs Reconnect$/, say: (t, m) => t("banner.needsReconnect", { name: m[1]! }) },
  { re: /^Consent for (.+) expires on (.+)$/, say: (t, m) => t("banner.consentExpires", { name: m[1]!, date: wordsDay(t, m[2]!) }) },
  { re: /^Consent for (.+) expired on (.+)$/, say: (t, m) => t("banner.consentExpired", { name: m[1]!, date: wordsDay(t, m[2]!) }) },
  { re: /^Flagged: (\d+) removed by the bank but already checked in the Book\. Review (?:it|them) there\.$/, say: (t, m) => t("integrationStatus.flagged", { count: Number(m[1]) }) },
];

export function localizeStatusText(t: Translate, text: string): string;
export function localizeStatusText(t: Translate, text: string | null): string | null;
export function localizeStatusText(t: Translate, text: string | null): string | null {
  if (text === null || t.locale === "en" || text === "") return text;
  const exact = EXACT_MAP.get(text);
  if (exact) return exact(t);
  for (const r of RULES) {
    const m = r.re.exec(text);
    if (m) return r.say(t, m);
  }
  return text;
}
