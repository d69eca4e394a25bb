import { describe, expect, it } from "vitest";
import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { encodeMessage } from "@/lib/i18n/stored";
import { createTranslator } from "@/lib/i18n/translate";
import { ProviderError, providerFailureMessage } from "@/lib/providers/errors";
import * as views from "@/lib/sync/read/status";
import { inWords, valueInWords } from "../helpers/in-words";

// The views return messages (keys and values); these read them in English, as the page does.
const worded =
  <A extends unknown[], R>(f: (...a: A) => R) =>
  (...a: A) =>
    inWords(f(...a));
const relativeTime = worded(views.relativeTime);
const lastSyncedLine = worded(views.lastSyncedLine);
const runningLine = worded(views.runningLine);
const failedRunLine = worded(views.failedRunLine);
const connectionSyncView = worded(views.connectionSyncView);
const syncNowDecision = worded(views.syncNowDecision);
const integrationStatusView = worded(views.integrationStatusView);
const postedSummary = worded(views.postedSummary);
const clockTime = (at: Date, n?: Date) => valueInWords(views.clockTime(at, n));
const lastDays = views.lastDays;

const now = new Date("2026-11-24T14:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;
const run = (added: number, posted: number, modified = 0, removed = 0) => ({ added, modified, removed, posted });

describe("connection sync lines", () => {
  it("says when it last synced, relative to now", () => {
    expect(relativeTime(ago(10_000), now)).toBe("just now");
    expect(relativeTime(ago(MIN), now)).toBe("1 minute ago");
    expect(relativeTime(ago(5 * MIN), now)).toBe("5 minutes ago");
    expect(relativeTime(ago(3 * 60 * MIN), now)).toBe("3 hours ago");
    expect(relativeTime(ago(26 * 60 * MIN), now)).toBe("yesterday");
    expect(relativeTime(ago(4 * 24 * 60 * MIN), now)).toBe("4 days ago");
    expect(relativeTime(new Date("2026-01-02T10:00:00Z"), now)).toBe("on 2026-01-02");
    expect(lastSyncedLine(ago(5 * MIN), now)).toBe("Last synced 5 minutes ago");
    expect(lastSyncedLine(null, now)).toBe("Not synced yet");
  });

  it("shows a running sync with its counts", () => {
    expect(runningLine(run(120, 80))).toBe("Syncing… 120 new, 80 posted");
    expect(runningLine(run(3, 1, 2, 1))).toBe("Syncing… 3 new, 2 changed, 1 removed, 1 posted");
  });

  it("explains a failed run with its fixing action, and the retry time when one is planned (a 429)", () => {
    expect(failedRunLine({ errorCode: "LOGIN_REQUIRED", errorMessage: null, retryAt: null }, now)).toEqual({
      text: "Last sync failed: The bank asks you to log in again.",
      action: "Press Reconnect and sign in to your bank.",
      reconnect: true,
    });
    const limited = failedRunLine({ errorCode: "RATE_LIMITED", errorMessage: "The bank connection service asked us to slow down.", retryAt: new Date("2026-11-24T14:05:00Z") }, now);
    expect(limited).toMatchObject({ action: "Will retry at 14:05 UTC.", reconnect: false });
    expect(limited.text).toContain("slow down");
    expect(failedRunLine({ errorCode: "PROVIDER_ERROR", errorMessage: "x", retryAt: new Date("2026-11-25T09:30:00Z") }, now).action).toBe("Will retry at 2026-11-25 09:30 UTC.");
    // A retry time already passed is not promised again.
    expect(failedRunLine({ errorCode: "RATE_LIMITED", errorMessage: null, retryAt: ago(MIN) }, now).action).toMatch(/retried automatically/);
    expect(failedRunLine({ errorCode: "BOOK_UNAVAILABLE", errorMessage: null, retryAt: null }, now)).toMatchObject({ text: expect.stringMatching(/^Last sync failed: /), action: expect.stringMatching(/Sync now/) });
    // The engine's words carry their own action; a provider's "in 42 seconds" becomes the clock time.
    expect(failedRunLine({ errorCode: "INSTITUTION_DOWN", errorMessage: "The bank is not responding right now. Try again later; nothing was lost.", retryAt: null }, now)).toEqual({
      text: "Last sync failed: The bank is not responding right now. Try again later; nothing was lost.",
      action: null,
      reconnect: false,
    });
    expect(
      failedRunLine({ errorCode: "RATE_LIMIT_EXCEEDED", errorMessage: "The bank connection service asked us to slow down. We will try again in 42 seconds.", retryAt: new Date("2026-11-24T14:00:42Z") }, now),
    ).toEqual({ text: "Last sync failed: The bank connection service asked us to slow down.", action: "Will retry at 14:00 UTC.", reconnect: false });
    expect(failedRunLine({ errorCode: "ITEM_LOGIN_REQUIRED", errorMessage: "The bank asks you to log in again. Press Reconnect and sign in to your bank.", retryAt: null }, now)).toMatchObject({ action: null, reconnect: true });
    expect(clockTime(new Date("2026-11-24T09:07:00Z"), now)).toBe("09:07 UTC");
  });

  it("reads the engine's stored messages (keys) the same way as the English rows before them", () => {
    const stored = (kind: ConstructorParameters<typeof ProviderError>[0], details: ConstructorParameters<typeof ProviderError>[2] = {}) =>
      encodeMessage(providerFailureMessage(new ProviderError(kind, "x", details)));
    expect(failedRunLine({ errorCode: "INSTITUTION_DOWN", errorMessage: stored("INSTITUTION_DOWN"), retryAt: null }, now)).toEqual({
      text: "Last sync failed: The bank is not responding right now. Try again later; nothing was lost.",
      action: null,
      reconnect: false,
    });
    expect(failedRunLine({ errorCode: "RATE_LIMITED", errorMessage: stored("RATE_LIMITED", { retryAfterSeconds: 42 }), retryAt: new Date("2026-11-24T14:00:42Z") }, now)).toEqual({
      text: "Last sync failed: The bank connection service asked us to slow down.",
      action: "Will retry at 14:00 UTC.",
      reconnect: false,
    });
    expect(failedRunLine({ errorCode: "ITEM_LOGIN_REQUIRED", errorMessage: stored("REAUTH_REQUIRED"), retryAt: null }, now)).toMatchObject({ action: null, reconnect: true });
    expect(failedRunLine({ errorCode: "MFA_REQUIRED", errorMessage: stored("MFA_REQUIRED"), retryAt: null }, now)).toMatchObject({ action: "Press Reconnect and sign in to your bank.", reconnect: true });
    const pt = createTranslator("pt-BR", DICTIONARIES["pt-BR"]);
    expect(inWords(views.failedRunLine({ errorCode: "RATE_LIMITED", errorMessage: stored("RATE_LIMITED", { retryAfterSeconds: 42 }), retryAt: new Date("2026-11-24T14:00:42Z") }, now), pt)).toEqual({
      text: "A última sincronização falhou: O serviço de conexão bancária pediu para irmos mais devagar.",
      action: "Nova tentativa às 14:00 UTC.",
      reconnect: false,
    });
  });

  it("puts the connection's lines together", () => {
    const c = { status: "CONNECTED" as const, lastSyncedAt: ago(2 * MIN), warningMessage: null };
    const failed = { state: "FAILED" as const, errorCode: "INSTITUTION_DOWN", errorMessage: "The bank is not responding right now.", retryAt: null };
    expect(connectionSyncView(c, null, null, now)).toEqual({ lastSynced: "Last synced 2 minutes ago", lastSyncedIso: c.lastSyncedAt.toISOString(), running: null, problem: null, warning: null, busy: false });
    expect(connectionSyncView(c, run(120, 80), failed, now)).toMatchObject({ running: "Syncing… 120 new, 80 posted", problem: null, busy: true });
    expect(connectionSyncView(c, null, failed, now).problem?.text).toBe("Last sync failed: The bank is not responding right now.");
    expect(connectionSyncView(c, null, { ...failed, state: "SUCCEEDED" }, now).problem).toBeNull();
    // Login required, Error and Disconnected already say what to do in the status line.
    expect(connectionSyncView({ ...c, status: "LOGIN_REQUIRED" }, null, { ...failed, errorCode: "LOGIN_REQUIRED" }, now).problem).toBeNull();
    expect(connectionSyncView({ ...c, status: "ERROR" }, null, { ...failed, errorCode: "ITEM_NOT_FOUND" }, now).problem).toBeNull();
    expect(connectionSyncView({ ...c, warningMessage: " Access expires on 2026-12-01: press Reconnect before then. " }, null, null, now).warning).toBe("Access expires on 2026-12-01: press Reconnect before then.");
    expect(connectionSyncView({ ...c, status: "SYNCING" }, null, null, now).busy).toBe(true);
  });

  it("a just-connected connection whose first sync waits for a worker keeps the page refreshing, for 10 minutes at most", () => {
    const fresh = { status: "CONNECTED" as const, lastSyncedAt: null, warningMessage: null, createdAt: ago(20_000) };
    expect(connectionSyncView(fresh, null, null, now)).toMatchObject({ lastSynced: "Not synced yet", running: "First sync starting…", busy: true });
    // Once a run started, or finished (even failed), the run says it; long after connecting, nothing is awaited.
    expect(connectionSyncView(fresh, run(3, 0), null, now)).toMatchObject({ running: "Syncing… 3 new, 0 posted", busy: true });
    expect(connectionSyncView(fresh, null, { state: "FAILED", errorCode: "INSTITUTION_DOWN", errorMessage: "The bank is not responding right now.", retryAt: null }, now)).toMatchObject({ running: null, busy: false });
    expect(connectionSyncView({ ...fresh, createdAt: ago(11 * MIN) }, null, null, now)).toMatchObject({ running: null, busy: false });
    expect(connectionSyncView({ ...fresh, status: "LOGIN_REQUIRED" }, null, null, now).busy).toBe(false);
  });
});

describe("Sync now permission", () => {
  const c = { mine: false, sharedWithBook: true, status: "CONNECTED" as const, ownerName: "Clara Client" };
  it("lets the owner and the Book's Editors and Owners sync; not viewers nor strangers", () => {
    expect(syncNowDecision({ ...c, mine: true }, "VIEWER")).toEqual({ ok: true });
    // The press is recorded in the Book it is made from: never from a Book the connection is not shared with, even by its owner.
    expect(syncNowDecision({ ...c, mine: true, sharedWithBook: false }, "OWNER")).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringMatching(/not shared with this Book/) });
    expect(syncNowDecision(c, "EDITOR")).toEqual({ ok: true });
    expect(syncNowDecision(c, "OWNER")).toEqual({ ok: true });
    expect(syncNowDecision(c, "VIEWER")).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringContaining("Editor") });
    expect(syncNowDecision(c, "POSTER")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(syncNowDecision({ ...c, sharedWithBook: false }, "OWNER")).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
  it("asks for Reconnect first when a login is required, and refuses a disconnected connection", () => {
    expect(syncNowDecision({ ...c, mine: true, status: "LOGIN_REQUIRED" }, "OWNER")).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/press Reconnect first/) });
    expect(syncNowDecision({ ...c, status: "LOGIN_REQUIRED" }, "EDITOR")).toMatchObject({ ok: false, message: expect.stringMatching(/Clara Client must press Reconnect first/) });
    expect(syncNowDecision({ ...c, status: "DISCONNECTED" }, "EDITOR")).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/connect the bank again from Banks/) });
    expect(syncNowDecision({ ...c, status: "ERROR" }, "EDITOR")).toEqual({ ok: true });
  });
});

describe("integration status lines", () => {
  const i = { status: "ACTIVE" as const, errorMessage: null };
  const ctx = { connectionStatus: "CONNECTED" as const, pending: 0, running: null, flagged: 0 };
  it("Active, Syncing n transactions, Error with its fix", () => {
    expect(integrationStatusView(i, ctx)).toEqual({ label: "Active", tone: "ok", problem: null, flagged: null, busy: false });
    expect(integrationStatusView(i, { ...ctx, pending: 12 })).toMatchObject({ label: "Syncing 12 transactions", tone: "busy", busy: true });
    expect(integrationStatusView(i, { ...ctx, pending: 1 }).label).toBe("Syncing 1 transaction");
    expect(integrationStatusView(i, { ...ctx, running: run(120, 80) }).label).toBe("Syncing 40 transactions");
    expect(integrationStatusView(i, { ...ctx, running: run(0, 0) }).label).toBe("Syncing…");
    expect(integrationStatusView({ ...i, status: "SYNCING" }, ctx).label).toBe("Syncing…");
    expect(integrationStatusView({ status: "ERROR", errorMessage: "The Book is not reachable." }, ctx)).toMatchObject({
      label: "Error",
      problem: "Error: The Book is not reachable — press Save Configuration to try again.",
    });
    expect(integrationStatusView(i, { ...ctx, connectionStatus: "LOGIN_REQUIRED" }).problem).toBe("Error: the bank asks for a new login — Reconnect it under User Connections.");
  });
  it("flags transactions removed by the bank but already checked", () => {
    expect(integrationStatusView(i, { ...ctx, flagged: 2 }).flagged).toBe("Flagged: 2 removed by the bank but already checked in the Book. Review them there.");
    expect(integrationStatusView(i, { ...ctx, flagged: 1 }).flagged).toMatch(/^Flagged: 1 removed by the bank but already checked in the Book/);
  });
  it("sums up the chart and lists its days", () => {
    expect(postedSummary(412)).toBe("412 transactions posted in the last 90 days");
    expect(postedSummary(1)).toBe("1 transaction posted in the last 90 days");
    expect(postedSummary(0)).toBe("No transactions posted in the last 90 days");
    const days = lastDays(90, now);
    expect(days).toHaveLength(90);
    expect(days[0]).toBe("2026-08-27");
    expect(days.at(-1)).toBe("2026-11-24");
  });
});
