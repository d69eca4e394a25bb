import type { BookRole } from "@/lib/generated/prisma/enums";
import { canManageIntegrations } from "@/lib/auth/roles";
import { isoDay, sameIsoDay } from "@/lib/dates";
import type { ConnectionStatusName } from "@/lib/connections/status";
import { notAllowed } from "@/lib/errors";
import { decodeStored, inEnglish } from "@/lib/i18n/stored";
import { msg, type Message } from "@/lib/i18n/translate";

/**
 * Sync state as messages (lib/i18n keys), for the User Connections and Book Integrations pages.
 * Pure: the pages, the Sync now action and the tests share these; the queries live in ./views.ts.
 */
export type RunCounts = { added: number; modified: number; removed: number; posted: number };
export type FailedRun = { errorCode: string | null; errorMessage: string | null; retryAt: Date | null };


/** "just now", "5 minutes ago", "3 hours ago", "yesterday", "4 days ago", then the date. */
export function relativeTime(at: Date, now = new Date()): Message {
  const s = Math.round((now.getTime() - at.getTime()) / 1000);
  if (s < 45) return msg("sync.justNow");
  const m = Math.round(s / 60);
  if (m < 60) return msg("sync.minutesAgo", { count: m });
  const h = Math.round(m / 60);
  if (h < 24) return msg("sync.hoursAgo", { count: h });
  const d = Math.round(h / 24);
  if (d === 1) return msg("sync.yesterday");
  if (d < 30) return msg("sync.daysAgo", { count: d });
  return msg("sync.onDate", { date: { day: isoDay(at) } });
}

/** "14:05 UTC" today, "2026-11-25 14:05 UTC" on another day: a value for a message. */
export function clockTime(at: Date, now = new Date()): { time: string } | { instant: string } {
  return sameIsoDay(at, now) ? { time: at.toISOString() } : { instant: at.toISOString() };
}

export function lastSyncedLine(lastSyncedAt: Date | null, now = new Date()): Message {
  return lastSyncedAt ? msg("sync.lastSynced", { when: { msg: relativeTime(lastSyncedAt, now) } }) : msg("sync.notSynced");
}

/** "Syncing… 120 new, 80 posted" from the running SyncRun's counts. */
export function runningLine(run: RunCounts): Message {
  const parts = [msg("sync.new", { count: run.added })];
  if (run.modified) parts.push(msg("sync.changed", { count: run.modified }));
  if (run.removed) parts.push(msg("sync.removed", { count: run.removed }));
  parts.push(msg("sync.postedCount", { count: run.posted }));
  return msg("sync.running", { parts: { list: parts } });
}

/** What a person does about a failed sync, by the engine's error code. */
function fixFor(code: string | null): { words: Message; reconnect: boolean } {
  switch (code?.toUpperCase()) {
    case "LOGIN_REQUIRED":
    case "REAUTH_REQUIRED":
    case "ITEM_LOGIN_REQUIRED":
    case "INVALID_CREDENTIALS":
    case "MFA_REQUIRED":
      return { words: msg("sync.fix.reconnect"), reconnect: true };
    case "ITEM_NOT_FOUND":
      return { words: msg("sync.fix.reconnectFromBanks"), reconnect: false };
    case "NOT_CONFIGURED":
      return { words: msg("sync.fix.operator"), reconnect: false };
    case "RATE_LIMITED":
    case "RATE_LIMIT_EXCEEDED":
    case "INSTITUTION_DOWN":
    case "INSTITUTION_NOT_RESPONDING":
    case "PROVIDER_ERROR":
    case "INTERNAL_SERVER_ERROR":
    case "INTERRUPTED":
      return { words: msg("sync.fix.automatic"), reconnect: false };
    default:
      return { words: msg("sync.fix.retry"), reconnect: false };
  }
}

const DEFAULT_MESSAGE: Record<string, Message> = {
  LOGIN_REQUIRED: msg("sync.defaults.loginAgain"),
  REAUTH_REQUIRED: msg("sync.defaults.loginAgain"),
  ITEM_LOGIN_REQUIRED: msg("sync.defaults.loginAgain"),
  RATE_LIMITED: msg("sync.defaults.rateLimited"),
  INSTITUTION_DOWN: msg("sync.defaults.institutionDown"),
  ITEM_NOT_FOUND: msg("sync.defaults.itemNotFound"),
};

export type SyncProblem = { text: Message; action: Message | null; reconnect: boolean };

/** The engine's stored failure without its own "we will try again" (the clock time says it instead). */
function withoutRetryWords(said: Message): Message {
  if (said.key === "providerErrors.failure" && said.values?.message && typeof said.values.message === "object" && "msg" in said.values.message) return said.values.message.msg;
  if (said.key === "common.asSent" && typeof said.values?.text === "string") return msg("common.asSent", { text: said.values.text.replace(/\s*We will try again (in \d+ seconds|shortly)\.$/, "").trim() });
  return said;
}

/** Whether the engine's words already say to Reconnect (its stored failure carries the provider's action). */
function saysReconnect(said: Message): boolean {
  return /Reconnect/.test(inEnglish(said));
}

/**
 * The last failed run with its fixing action: "Will retry at 14:05 UTC." when a retry is planned
 * (a 429), Reconnect for a login, otherwise the engine's own words (which carry their action) or,
 * without them, the action for the error code.
 */
export function failedRunLine(run: FailedRun, now = new Date()): SyncProblem {
  const fix = fixFor(run.errorCode);
  const retrying = !fix.reconnect && run.retryAt !== null && run.retryAt.getTime() > now.getTime();
  let said = decodeStored(run.errorMessage);
  if (said && retrying) said = withoutRetryWords(said);
  if (said?.key === "common.asSent" && !said.values?.text) said = null;
  const reason = said ?? (run.errorCode ? DEFAULT_MESSAGE[run.errorCode] : undefined) ?? msg("sync.defaultFailure");
  const text = msg("sync.lastFailed", { reason: { msg: reason } });
  if (retrying) return { text, action: msg("sync.willRetry", { time: clockTime(run.retryAt!, now) }), reconnect: false };
  if (fix.reconnect) return { text, action: said && saysReconnect(said) ? null : fix.words, reconnect: true };
  return { text, action: said ? null : fix.words, reconnect: false };
}

/** How long after connecting the page waits, refreshing, for a first sync that has not started. */
export const FIRST_SYNC_WAIT_MS = 10 * 60_000;

export type ConnectionSyncView = {
  lastSynced: Message;
  /** ISO time of the last sync, for a <time> element. */
  lastSyncedIso: string | null;
  running: Message | null;
  problem: SyncProblem | null;
  warning: Message | null;
  /** The page should refresh itself while this is true. */
  busy: boolean;
};

/**
 * Everything the connection's article says about syncing. `lastRun` is the latest finished run:
 * its error shows only when it failed, nothing runs now, and the status line does not already say
 * it (Login required, Error and Disconnected explain themselves with their own action).
 */
export function connectionSyncView(
  c: { status: ConnectionStatusName; lastSyncedAt: Date | null; warningMessage: string | null; createdAt?: Date },
  running: RunCounts | null,
  lastRun: (FailedRun & { state: "SUCCEEDED" | "FAILED" }) | null,
  now = new Date(),
): ConnectionSyncView {
  // Login required, Error and Disconnected already say why and what to do in the status line.
  const explained = c.status === "LOGIN_REQUIRED" || c.status === "ERROR" || c.status === "DISCONNECTED";
  const problem = !running && lastRun?.state === "FAILED" && !explained ? failedRunLine(lastRun, now) : null;
  // Just connected, its first sync queued but not started yet (a worker busy with another sync): the
  // page keeps refreshing until that sync shows, for as long as a worker can take to start it.
  const firstSyncDue = !running && !lastRun && c.lastSyncedAt === null && c.status === "CONNECTED" && c.createdAt !== undefined && now.getTime() - c.createdAt.getTime() < FIRST_SYNC_WAIT_MS;
  return {
    lastSynced: lastSyncedLine(c.lastSyncedAt, now),
    lastSyncedIso: c.lastSyncedAt?.toISOString() ?? null,
    running: running ? runningLine(running) : firstSyncDue ? msg("sync.firstSyncQueued") : null,
    problem,
    warning: decodeStored(c.warningMessage),
    busy: Boolean(running) || firstSyncDue || c.status === "SYNCING",
  };
}

/**
 * Who may press Sync now, and why not: the owner or an Editor/Owner, from a Book the connection is
 * shared with (the press is recorded in that Book's audit trail, so never from another Book).
 */
export type SyncNowDecision = { ok: true } | { ok: false; code: "NOT_FOUND" | "FORBIDDEN" | "CONFLICT"; message: Message };

export function syncNowDecision(c: { mine: boolean; sharedWithBook: boolean; status: ConnectionStatusName; ownerName: string }, role: BookRole): SyncNowDecision {
  if (!c.sharedWithBook) return c.mine ? { ok: false, code: "FORBIDDEN", message: msg("server.connectionNotSharedHere") } : { ok: false, code: "NOT_FOUND", message: msg("server.connectionNotFound") };
  if (!c.mine && !canManageIntegrations(role)) return { ok: false, code: "FORBIDDEN", message: notAllowed("EDITOR") };
  if (c.status === "DISCONNECTED") return { ok: false, code: "CONFLICT", message: msg("server.connectionDisconnected") };
  if (c.status === "LOGIN_REQUIRED") return { ok: false, code: "CONFLICT", message: c.mine ? msg("server.loginFirst") : msg("server.ownerLoginFirst", { name: c.ownerName }) };
  return { ok: true };
}

// ── Book Integrations ────────────────────────────────────────────────────────────────────────────

export type IntegrationStatusView = { label: Message; tone: "ok" | "busy" | "error"; problem: Message | null; flagged: Message | null; busy: boolean };

/**
 * The integration's status. `pending` = its dirty postings (the Book not yet up to date);
 * `running` = the counts of its connection's running sync; `flagged` = removed by the bank but
 * already checked in the Book.
 */
export function integrationStatusView(
  i: { status: "ACTIVE" | "SYNCING" | "ERROR"; errorMessage: string | null },
  ctx: { connectionStatus: ConnectionStatusName; pending: number; running: RunCounts | null; flagged: number },
): IntegrationStatusView {
  const flagged = ctx.flagged > 0 ? msg("integrationStatus.flagged", { count: ctx.flagged }) : null;
  const error = msg("integrationStatus.error");
  if (i.status === "ERROR") {
    const message = decodeStored(i.errorMessage) ?? msg("integrationStatus.postingFailed");
    return { label: error, tone: "error", problem: msg("integrationStatus.errorProblem", { message: { clause: message } }), flagged, busy: false };
  }
  if (ctx.connectionStatus === "LOGIN_REQUIRED" || ctx.connectionStatus === "ERROR") {
    return { label: error, tone: "error", problem: msg(ctx.connectionStatus === "LOGIN_REQUIRED" ? "integrationStatus.loginProblem" : "integrationStatus.brokenProblem"), flagged, busy: false };
  }
  const n = ctx.pending > 0 ? ctx.pending : ctx.running ? Math.max(ctx.running.added + ctx.running.modified + ctx.running.removed - ctx.running.posted, 0) : 0;
  if (n > 0) return { label: msg("integrationStatus.syncingCount", { count: n }), tone: "busy", problem: null, flagged, busy: true };
  if (i.status === "SYNCING" || ctx.running) return { label: msg("integrationStatus.syncing"), tone: "busy", problem: null, flagged, busy: true };
  return { label: msg("integrationStatus.active"), tone: "ok", problem: null, flagged, busy: false };
}

/** The chart's summary: "412 transactions posted in the last 90 days". */
export function postedSummary(total: number, days = 90): Message {
  return total === 0 ? msg("chart.none", { days }) : msg("chart.summary", { count: total, days });
}

/** The last `days` calendar days (UTC) ending today, oldest first, as YYYY-MM-DD. */
export { lastDays } from "@/lib/dates";
