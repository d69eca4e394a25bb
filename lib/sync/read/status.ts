import type { BookRole } from "@/lib/generated/prisma/enums";
import { canManageIntegrations, ROLE_LABEL } from "@/lib/auth/roles";
import type { ConnectionStatusName } from "@/lib/connections/status";
import { notAllowedMessage } from "@/lib/errors";

/**
 * Sync state in words, for the User Connections and Book Integrations pages. Pure: the pages, the
 * Sync now action and the tests share these; the queries live in ./views.ts.
 */
export type RunCounts = { added: number; modified: number; removed: number; posted: number };
export type FailedRun = { errorCode: string | null; errorMessage: string | null; retryAt: Date | null };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "just now", "5 minutes ago", "3 hours ago", "yesterday", "4 days ago", then the date. */
export function relativeTime(at: Date, now = new Date()): string {
  const s = Math.round((now.getTime() - at.getTime()) / 1000);
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${plural(m, "minute")} ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${plural(h, "hour")} ago`;
  const d = Math.round(h / 24);
  if (d === 1) return "yesterday";
  if (d < 30) return `${d} days ago`;
  return `on ${at.toISOString().slice(0, 10)}`;
}

/** "14:05 UTC" today, "2026-11-25 14:05 UTC" on another day. */
export function clockTime(at: Date, now = new Date()): string {
  const iso = at.toISOString();
  const time = `${iso.slice(11, 16)} UTC`;
  return iso.slice(0, 10) === now.toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

export function lastSyncedLine(lastSyncedAt: Date | null, now = new Date()): string {
  return lastSyncedAt ? `Last synced ${relativeTime(lastSyncedAt, now)}` : "Not synced yet";
}

/** "Syncing… 120 new, 80 posted" from the running SyncRun's counts. */
export function runningLine(run: RunCounts): string {
  const parts = [`${run.added} new`];
  if (run.modified) parts.push(`${run.modified} changed`);
  if (run.removed) parts.push(`${run.removed} removed`);
  parts.push(`${run.posted} posted`);
  return `Syncing… ${parts.join(", ")}`;
}

/** What a person does about a failed sync, by the engine's error code. */
function fixFor(code: string | null): { words: string; reconnect: boolean } {
  switch (code?.toUpperCase()) {
    case "LOGIN_REQUIRED":
    case "REAUTH_REQUIRED":
    case "ITEM_LOGIN_REQUIRED":
    case "INVALID_CREDENTIALS":
    case "MFA_REQUIRED":
      return { words: "Press Reconnect and sign in to your bank.", reconnect: true };
    case "ITEM_NOT_FOUND":
      return { words: "Disconnect it and connect the bank again from Banks.", reconnect: false };
    case "NOT_CONFIGURED":
      return { words: "Ask the operator to check the provider keys.", reconnect: false };
    case "RATE_LIMITED":
    case "RATE_LIMIT_EXCEEDED":
    case "INSTITUTION_DOWN":
    case "INSTITUTION_NOT_RESPONDING":
    case "PROVIDER_ERROR":
    case "INTERNAL_SERVER_ERROR":
    case "INTERRUPTED":
      return { words: "It is retried automatically; nothing was lost. Press Sync now to try at once.", reconnect: false };
    default:
      return { words: "Press Sync now to try again; nothing was lost. If it keeps failing, try again later.", reconnect: false };
  }
}

const DEFAULT_MESSAGE: Record<string, string> = {
  LOGIN_REQUIRED: "The bank asks you to log in again.",
  REAUTH_REQUIRED: "The bank asks you to log in again.",
  ITEM_LOGIN_REQUIRED: "The bank asks you to log in again.",
  RATE_LIMITED: "The bank connection service asked us to slow down.",
  INSTITUTION_DOWN: "The bank is not responding right now.",
  ITEM_NOT_FOUND: "The bank connection no longer exists at the provider.",
};

export type SyncProblem = { text: string; action: string; reconnect: boolean };

/**
 * The last failed run in words with its fixing action: "Will retry at 14:05 UTC." when a retry is
 * planned (a 429), Reconnect for a login, otherwise the engine's own words (which carry their
 * action) or, without them, the action for the error code.
 */
export function failedRunLine(run: FailedRun, now = new Date()): SyncProblem {
  const fix = fixFor(run.errorCode);
  const retrying = !fix.reconnect && run.retryAt !== null && run.retryAt.getTime() > now.getTime();
  let said = run.errorMessage?.trim() ?? "";
  // The provider's "we will try again in 42 seconds" becomes the clock time below.
  if (retrying) said = said.replace(/\s*We will try again (in \d+ seconds|shortly)\.$/, "").trim();
  const text = `Last sync failed: ${said || (run.errorCode && DEFAULT_MESSAGE[run.errorCode]) || "the bank connection service had a problem."}`;
  if (retrying) return { text, action: `Will retry at ${clockTime(run.retryAt!, now)}.`, reconnect: false };
  if (fix.reconnect) return { text, action: /Reconnect/.test(said) ? "" : fix.words, reconnect: true };
  return { text, action: said ? "" : fix.words, reconnect: false };
}

export type ConnectionSyncView = {
  lastSynced: string;
  /** ISO time of the last sync, for a <time> element. */
  lastSyncedIso: string | null;
  running: string | null;
  problem: SyncProblem | null;
  warning: string | null;
  /** The page should refresh itself while this is true. */
  busy: boolean;
};

/**
 * Everything the connection's article says about syncing. `lastRun` is the latest finished run:
 * its error shows only when it failed, nothing runs now, and the status line does not already say
 * it (Login required, Error and Disconnected explain themselves with their own action).
 */
export function connectionSyncView(
  c: { status: ConnectionStatusName; lastSyncedAt: Date | null; warningMessage: string | null },
  running: RunCounts | null,
  lastRun: (FailedRun & { state: "SUCCEEDED" | "FAILED" }) | null,
  now = new Date(),
): ConnectionSyncView {
  // Login required, Error and Disconnected already say why and what to do in the status line.
  const explained = c.status === "LOGIN_REQUIRED" || c.status === "ERROR" || c.status === "DISCONNECTED";
  const problem = !running && lastRun?.state === "FAILED" && !explained ? failedRunLine(lastRun, now) : null;
  return {
    lastSynced: lastSyncedLine(c.lastSyncedAt, now),
    lastSyncedIso: c.lastSyncedAt?.toISOString() ?? null,
    running: running ? runningLine(running) : null,
    problem,
    warning: c.warningMessage?.trim() || null,
    busy: Boolean(running) || c.status === "SYNCING",
  };
}

/** Who may press Sync now, and why not: the owner, or an Editor/Owner of a Book the connection is shared with. */
export type SyncNowDecision = { ok: true } | { ok: false; code: "NOT_FOUND" | "FORBIDDEN" | "CONFLICT"; message: string };

export function syncNowDecision(c: { mine: boolean; sharedWithBook: boolean; status: ConnectionStatusName; ownerName: string }, role: BookRole): SyncNowDecision {
  if (!c.mine && !c.sharedWithBook) return { ok: false, code: "NOT_FOUND", message: "This connection does not exist or is not shared with this Book." };
  if (!c.mine && !canManageIntegrations(role)) return { ok: false, code: "FORBIDDEN", message: notAllowedMessage(ROLE_LABEL.EDITOR) };
  if (c.status === "DISCONNECTED") return { ok: false, code: "CONFLICT", message: "This connection was disconnected: connect the bank again from Banks." };
  if (c.status === "LOGIN_REQUIRED") {
    return {
      ok: false,
      code: "CONFLICT",
      message: c.mine ? "The bank asks you to log in again: press Reconnect first, then Sync now." : `The bank asks for a new login: ${c.ownerName} must press Reconnect first.`,
    };
  }
  return { ok: true };
}

// ── Book Integrations ────────────────────────────────────────────────────────────────────────────

export type IntegrationStatusView = { label: string; tone: "ok" | "busy" | "error"; problem: string | null; flagged: string | null; busy: boolean };

/**
 * The integration's status in words. `pending` = its dirty postings (the Book not yet up to date);
 * `running` = the counts of its connection's running sync; `flagged` = removed by the bank but
 * already checked in the Book.
 */
export function integrationStatusView(
  i: { status: "ACTIVE" | "SYNCING" | "ERROR"; errorMessage: string | null },
  ctx: { connectionStatus: ConnectionStatusName; pending: number; running: RunCounts | null; flagged: number },
): IntegrationStatusView {
  const flagged = ctx.flagged > 0 ? `Flagged: ${ctx.flagged} removed by the bank but already checked in the Book. Review ${ctx.flagged === 1 ? "it" : "them"} there.` : null;
  if (i.status === "ERROR") {
    const message = (i.errorMessage?.trim() || "Posting to the Book failed.").replace(/[.\s]+$/, "");
    return { label: "Error", tone: "error", problem: `Error: ${message} — press Save Configuration to try again.`, flagged, busy: false };
  }
  if (ctx.connectionStatus === "LOGIN_REQUIRED" || ctx.connectionStatus === "ERROR") {
    const why = ctx.connectionStatus === "LOGIN_REQUIRED" ? "the bank asks for a new login" : "the bank connection stopped working";
    return { label: "Error", tone: "error", problem: `Error: ${why} — Reconnect it under User Connections.`, flagged, busy: false };
  }
  const n = ctx.pending > 0 ? ctx.pending : ctx.running ? Math.max(ctx.running.added + ctx.running.modified + ctx.running.removed - ctx.running.posted, 0) : 0;
  if (n > 0) return { label: `Syncing ${plural(n, "transaction")}`, tone: "busy", problem: null, flagged, busy: true };
  if (i.status === "SYNCING" || ctx.running) return { label: "Syncing…", tone: "busy", problem: null, flagged, busy: true };
  return { label: "Active", tone: "ok", problem: null, flagged, busy: false };
}

/** The chart's summary: "412 transactions posted in the last 90 days". */
export function postedSummary(total: number, days = 90): string {
  return total === 0 ? `No transactions posted in the last ${days} days` : `${plural(total, "transaction")} posted in the last ${days} days`;
}

/** The last `days` calendar days (UTC) ending today, oldest first, as YYYY-MM-DD. */
export function lastDays(days: number, now = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, k) => new Date(today - (days - 1 - k) * 86_400_000).toISOString().slice(0, 10));
}
