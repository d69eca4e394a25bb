/**
 * The Pluggy emulator's domain logic (Items, executions, collection, webhooks) without HTTP:
 * EngineBase (engine-base.ts) holds the state, ids, wire views and webhooks; this adds Items and
 * their executions. Every public method expects to run under the sandbox's single lock (see sandbox.ts).
 */
import { randomUUID } from "node:crypto";
import { findConnector, mfaParameter } from "./connectors";
import { badRequest, PluggyApiError, tooManyRequests } from "./errors";
import { ingestItem } from "./ingest";
import { withOpenedAccounts } from "@bank-connections/sandbox/data/opened-accounts";
import { errorOutcome, outcomeForCredentials, SANDBOX_MFA_TOKEN, type ErrorOutcome, type ExecutionOutcome } from "./sandbox-users";
import type { ConnectTokenRecord, ExecutionKind, ExecutionRecord, ItemRecord } from "./state";
import type { ExecutionErrorCode, ExecutionStatus, TriggeredBy } from "./types";
import { EngineBase } from "./engine-base";
import { grantConsent } from "./consents";
import { statusDetail, validateParameters } from "./item-rules";

export { validationResult } from "./item-rules";
export type { ClockLike, EngineOptions, ExecutionTiming } from "./engine-base";

const DAY_MS = 86_400_000;
/** Auto-updates replayed per Item after a clock jump (older ones are skipped). */
const MAX_CATCH_UP = 62;

const CREATE_STEPS: ExecutionStatus[] = ["CREATED", "LOGIN_IN_PROGRESS", "ACCOUNTS_IN_PROGRESS", "CREDITCARDS_IN_PROGRESS", "TRANSACTIONS_IN_PROGRESS"];
const UPDATE_STEPS: ExecutionStatus[] = ["LOGIN_IN_PROGRESS", "ACCOUNTS_IN_PROGRESS", "CREDITCARDS_IN_PROGRESS", "TRANSACTIONS_IN_PROGRESS"];
const COLLECT_STEPS: ExecutionStatus[] = ["LOGIN_MFA_IN_PROGRESS", "ACCOUNTS_IN_PROGRESS", "CREDITCARDS_IN_PROGRESS", "TRANSACTIONS_IN_PROGRESS"];

export class PluggyEngine extends EngineBase {
  // ---------------------------------------------------------------- items

  createItem(args: {
    clientId: string;
    connectorId: number;
    parameters: Record<string, string> | null | undefined;
    webhookUrl: string | null;
    clientUserId: string | null;
    products: ItemRecord["products"];
    avoidDuplicates: boolean;
    triggeredBy: TriggeredBy;
    connectToken?: ConnectTokenRecord;
  }): ItemRecord {
    const connector = findConnector(args.connectorId);
    if (!connector) throw badRequest("CONNECTOR_NOT_FOUND", `Connector ${args.connectorId} does not exist`);
    const parameters = validateParameters(args.parameters);
    if (args.avoidDuplicates && args.clientUserId) {
      const dup = Object.values(this.state.items).find(
        (i) =>
          i.clientId === args.clientId &&
          i.connectorId === args.connectorId &&
          i.clientUserId === args.clientUserId &&
          (i.credentials.user ?? "") === (parameters.user ?? ""),
      );
      if (dup) {
        throw new PluggyApiError(409, "ITEM_DUPLICATED", "An item with these credentials already exists for this user", { data: { itemId: dup.id } });
      }
    }
    const nowIso = this.sandboxNowIso();
    const item: ItemRecord = {
      // From the CSPRNG: an item id is not a credential here (every route checks the client), but
      // it must not be guessable from the seed either. Its accounts' and transactions' ids derive
      // from it (transform.ts); their data stays a function of the seed.
      id: randomUUID(),
      clientId: args.clientId,
      connectorId: args.connectorId,
      status: "UPDATING",
      executionStatus: "CREATED",
      statusDetail: null,
      error: null,
      parameter: null,
      createdAt: nowIso,
      updatedAt: nowIso,
      lastUpdatedAt: null,
      webhookUrl: args.webhookUrl,
      clientUserId: args.clientUserId,
      consecutiveFailedLoginAttempts: 0,
      nextAutoSyncAt: null,
      products: args.products,
      credentials: parameters,
      credentialsRejected: false,
      execution: null,
      collected: false,
      dataUsername: null,
      historyFrom: null,
      patchTimesMs: [],
    };
    this.state.items[item.id] = item;
    if (args.connectToken) args.connectToken.itemIds.push(item.id);
    this.startExecution(item, "create", args.triggeredBy, this.decideOutcome(item, "create", true));
    return item;
  }

  updateItem(
    item: ItemRecord,
    args: {
      parameters: Record<string, string> | null | undefined;
      webhookUrl?: string | null | undefined;
      clientUserId?: string | null | undefined;
      products?: ItemRecord["products"] | undefined;
      triggeredBy: TriggeredBy;
    },
  ): ItemRecord {
    this.observe(item, false);
    if (item.execution && item.status !== "WAITING_USER_INPUT") {
      throw badRequest("ITEM_ALREADY_UPDATING", "An update is already in progress, wait until the last execution ends");
    }
    if (args.triggeredBy === "CLIENT" && this.o.patchLimitPerMinute !== null) {
      const now = this.o.realNow();
      item.patchTimesMs = item.patchTimesMs.filter((t) => now - t < 60_000);
      if (item.patchTimesMs.length >= this.o.patchLimitPerMinute) {
        const oldest = item.patchTimesMs[0] ?? now;
        const retryAfter = Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
        throw tooManyRequests(retryAfter, {
          "RateLimit-Limit": String(this.o.patchLimitPerMinute),
          "RateLimit-Remaining": "0",
          "RateLimit-Reset": String(retryAfter),
        });
      }
      item.patchTimesMs.push(now);
    }
    const newParams = args.parameters !== undefined && args.parameters !== null && Object.keys(args.parameters).length > 0;
    if (newParams) {
      item.credentials = { ...item.credentials, ...validateParameters(args.parameters, item.credentials) };
      item.credentialsRejected = false;
    }
    if (args.webhookUrl !== undefined) item.webhookUrl = args.webhookUrl;
    if (args.clientUserId !== undefined) item.clientUserId = args.clientUserId;
    if (args.products !== undefined) item.products = args.products;
    this.startExecution(item, "update", args.triggeredBy, this.decideOutcome(item, "update", newParams));
    return item;
  }

  submitMfa(item: ItemRecord, parameters: Record<string, string>): ItemRecord {
    this.observe(item, false);
    const ex = item.execution;
    if (!ex || item.status !== "WAITING_USER_INPUT") {
      throw badRequest("ITEM_NOT_WAITING_USER_INPUT", "The item is not waiting for user input");
    }
    const name = item.parameter?.name ?? "token";
    const value = parameters[name];
    if (value === undefined || value === "") {
      throw badRequest("PARAMETERS_NOT_PROVIDED", `The parameter ${name} is required`, { errors: [{ code: "001", message: "Required", parameter: name }] });
    }
    const outcome: ExecutionOutcome = value === SANDBOX_MFA_TOKEN ? { kind: "success", variant: "ok" } : errorOutcome("INVALID_CREDENTIALS_MFA");
    item.parameter = null;
    item.status = "UPDATING";
    item.executionStatus = "LOGIN_MFA_IN_PROGRESS";
    item.updatedAt = this.sandboxNowIso();
    item.execution = { ...ex, outcome, phase: "collect", steps: COLLECT_STEPS, startedAtMs: this.o.realNow(), polls: 0 };
    this.touch();
    this.scheduleSettle();
    return item;
  }

  deleteItem(item: ItemRecord): void {
    for (const [id, t] of Object.entries(this.state.transactions)) if (t.itemId === item.id) delete this.state.transactions[id];
    for (const [id, a] of Object.entries(this.state.accounts)) if (a.itemId === item.id) delete this.state.accounts[id];
    delete this.state.items[item.id];
    this.touch();
    this.emitItemEvent(item, "item/deleted", { triggeredBy: "CLIENT" });
  }

  // ---------------------------------------------------------------- executions

  private decideOutcome(item: ItemRecord, kind: ExecutionKind, newParams: boolean): ExecutionOutcome {
    if (item.credentialsRejected && !newParams) return errorOutcome("INVALID_CREDENTIALS");
    const connector = findConnector(item.connectorId);
    const mfaConnector = Boolean(connector?.hasMFA) && kind !== "sync";
    const outcome = outcomeForCredentials(item.credentials, { mfaConnector });
    if (outcome.kind !== "error" && this.connectorHealth(item.connectorId) === "OFFLINE") return errorOutcome("SITE_NOT_AVAILABLE");
    // A scheduled sync never stops for MFA (the institution remembers the device).
    if (kind === "sync" && outcome.kind === "mfa") return { kind: "success", variant: "ok" };
    return outcome;
  }

  private startExecution(item: ItemRecord, kind: ExecutionKind, triggeredBy: TriggeredBy, outcome: ExecutionOutcome): void {
    const base = kind === "create" ? CREATE_STEPS : UPDATE_STEPS;
    // Login failures and MFA stop right after the login step.
    const cut = outcome.kind === "success" ? base.length : base.indexOf("LOGIN_IN_PROGRESS") + 1;
    const ex: ExecutionRecord = {
      kind,
      triggeredBy,
      steps: base.slice(0, cut),
      startedAtMs: this.o.realNow(),
      polls: 0,
      outcome,
      phase: "login",
    };
    item.execution = ex;
    item.status = "UPDATING";
    item.executionStatus = ex.steps[0] ?? "LOGIN_IN_PROGRESS";
    item.error = null;
    item.parameter = null;
    item.statusDetail = null;
    item.updatedAt = this.sandboxNowIso();
    this.touch();
    this.scheduleSettle();
  }

  private scheduleSettle(): void {
    const { settleAfterMs, background } = this.o.timing;
    if (background && settleAfterMs !== null) this.o.schedule(settleAfterMs + 5);
  }

  /**
   * Moves an Item's execution along: `poll` counts one observation (GET /items/{id}). Settles it
   * when enough polls or enough real time went by; otherwise shows an intermediate step.
   */
  observe(item: ItemRecord, poll: boolean): void {
    const ex = item.execution;
    if (!ex) return;
    const now = this.o.realNow();
    if (item.status === "WAITING_USER_INPUT") {
      if (now - ex.startedAtMs >= this.o.mfaTimeoutMs) this.finishWithError(item, ex, errorOutcome("USER_INPUT_TIMEOUT"));
      return;
    }
    // Poll counts and intermediate steps are not worth a save of their own (a restart merely
    // replays a few polls); settling touches the state.
    if (poll) ex.polls += 1;
    const { pollsToSettle, settleAfterMs } = this.o.timing;
    const elapsed = now - ex.startedAtMs;
    if (ex.polls >= pollsToSettle || (settleAfterMs !== null && elapsed >= settleAfterMs)) {
      this.settle(item);
      return;
    }
    const progress = Math.max(ex.polls / Math.max(1, pollsToSettle), settleAfterMs ? elapsed / settleAfterMs : 0);
    const idx = Math.min(ex.steps.length - 1, Math.floor(progress * ex.steps.length));
    const step = ex.steps[idx];
    if (step) item.executionStatus = step;
  }

  /** Ends the Item's running execution now (its outcome was decided when it started). */
  settle(item: ItemRecord): void {
    const ex = item.execution;
    if (!ex) return;
    if (item.status === "WAITING_USER_INPUT") return;
    const outcome = ex.outcome;
    if (outcome.kind === "error") {
      this.finishWithError(item, ex, outcome);
      return;
    }
    if (outcome.kind === "mfa" && ex.phase === "login") {
      const nowIso = this.sandboxNowIso();
      item.status = "WAITING_USER_INPUT";
      item.executionStatus = "WAITING_USER_INPUT";
      item.parameter = mfaParameter(new Date(this.o.clock.nowMs() + this.o.mfaTimeoutMs).toISOString());
      item.updatedAt = nowIso;
      ex.startedAtMs = this.o.realNow();
      this.touch();
      this.emitItemEvent(item, "item/waiting_user_input", { triggeredBy: ex.triggeredBy });
      return;
    }
    this.finishWithSuccess(item, ex, outcome.kind === "success" ? outcome.variant : "ok");
  }

  /** `atMs`: the sandbox instant the execution ended (default now; earlier for a caught-up auto-update). */
  private finishWithError(item: ItemRecord, ex: ExecutionRecord, outcome: ErrorOutcome, atMs = this.o.clock.nowMs()): void {
    const nowIso = new Date(atMs).toISOString();
    item.execution = null;
    item.status = outcome.status;
    item.executionStatus = outcome.code;
    item.error = { code: outcome.code, message: outcome.message, ...(outcome.providerMessage ? { providerMessage: outcome.providerMessage } : {}) };
    item.parameter = null;
    item.statusDetail = null;
    item.updatedAt = nowIso;
    if (outcome.status === "LOGIN_ERROR") {
      item.consecutiveFailedLoginAttempts += 1;
      item.nextAutoSyncAt = null;
    } else {
      item.nextAutoSyncAt = new Date(atMs + this.o.autoSyncHours * 3_600_000).toISOString();
    }
    this.touch();
    this.emitItemEvent(item, "item/error", { triggeredBy: ex.triggeredBy, error: { code: outcome.code, message: outcome.message } });
  }

  private finishWithSuccess(item: ItemRecord, ex: ExecutionRecord, variant: "ok" | "partial" | "warning", atMs = this.o.clock.nowMs()): void {
    const nowMs = atMs;
    if (!item.dataUsername) item.dataUsername = (item.credentials.user ?? "user-ok").trim();
    if (!item.historyFrom) item.historyFrom = new Date(nowMs - this.o.historyDays * DAY_MS).toISOString().slice(0, 10);
    const data = withOpenedAccounts({ itemId: item.id, openedAccounts: item.openedAccounts }, this.o.dataSource.loginData(item.connectorId, item.dataUsername));
    const states = this.o.dataSource.statesAt(data, nowMs);
    const ingestMs = Math.max(nowMs, this.state.lastIngestMs + 1);
    this.state.lastIngestMs = ingestMs;
    const result = ingestItem({ state: this.state, item, data, states, ingestMs, skipCards: variant === "partial" });
    const ingestIso = result.ingestedAt;
    const previousUpdate = item.lastUpdatedAt;

    item.execution = null;
    item.status = "UPDATED";
    item.executionStatus = variant === "partial" ? "PARTIAL_SUCCESS" : "SUCCESS";
    item.statusDetail = variant === "ok" ? null : statusDetail(variant, ingestIso, previousUpdate);
    item.error = null;
    item.parameter = null;
    item.updatedAt = ingestIso;
    item.lastUpdatedAt = ingestIso;
    item.consecutiveFailedLoginAttempts = 0;
    item.credentialsRejected = false;
    item.nextAutoSyncAt = new Date(nowMs + this.o.autoSyncHours * 3_600_000).toISOString();
    const first = !item.collected;
    item.collected = true;
    grantConsent(item, ingestIso, ex.kind !== "sync");
    this.touch();

    if (ex.kind !== "sync") this.emitItemEvent(item, "item/login_succeeded", { triggeredBy: ex.triggeredBy });
    this.emitItemEvent(item, first ? "item/created" : "item/updated", { triggeredBy: ex.triggeredBy });
    this.emitTransactionEvents(item, result);
  }

  /**
   * Time-based work: settles executions whose time is up, then finishes the automatic updates that
   * fell due while the sandbox clock moved — each at its own sandbox instant, oldest first across
   * Items (so `lastIngestMs` stays in step), with its webhooks — as Pluggy would have run them
   * during those days. So after a clock jump the Item is UPDATED and a PATCH starts a new update.
   */
  tick(): void {
    const nowSandbox = this.o.clock.nowMs();
    for (const item of Object.values(this.state.items)) if (item.execution) this.observe(item, false);
    const step = this.o.autoSyncHours * 3_600_000;
    const due = (item: ItemRecord): number | null =>
      !item.execution && (item.status === "UPDATED" || item.status === "OUTDATED") && item.nextAutoSyncAt && Date.parse(item.nextAutoSyncAt) <= nowSandbox ? Date.parse(item.nextAutoSyncAt) : null;
    // A long jump replays at most the last MAX_CATCH_UP updates of an Item (same end state, fewer webhooks).
    for (const item of Object.values(this.state.items)) {
      const at = due(item);
      if (at === null || step <= 0) continue;
      const missed = Math.floor((nowSandbox - at) / step) + 1;
      if (missed > MAX_CATCH_UP) item.nextAutoSyncAt = new Date(at + (missed - MAX_CATCH_UP) * step).toISOString();
    }
    for (let guard = 0; guard < 10_000; guard++) {
      let next: { item: ItemRecord; at: number } | null = null;
      for (const item of Object.values(this.state.items)) {
        const at = due(item);
        if (at !== null && (!next || at < next.at || (at === next.at && item.id < next.item.id))) next = { item, at };
      }
      if (!next) return;
      this.runSyncAt(next.item, next.at);
    }
  }

  /** One automatic update (triggeredBy SYNC) that started and ended at sandbox instant `atMs`. */
  private runSyncAt(item: ItemRecord, atMs: number): void {
    const outcome = this.decideOutcome(item, "sync", false);
    const ex: ExecutionRecord = { kind: "sync", triggeredBy: "SYNC", steps: UPDATE_STEPS, startedAtMs: this.o.realNow(), polls: 0, outcome, phase: "login" };
    if (outcome.kind === "error") this.finishWithError(item, ex, outcome, atMs);
    else this.finishWithSuccess(item, ex, outcome.kind === "success" ? outcome.variant : "ok", atMs);
  }

  startSync(item: ItemRecord): void {
    if (item.execution || item.status === "LOGIN_ERROR") return;
    this.startExecution(item, "sync", "SYNC", this.decideOutcome(item, "sync", false));
  }

  /** Settles every running execution now (MFA waits stay waiting). */
  settleAll(): void {
    for (const item of Object.values(this.state.items)) if (item.execution) this.settle(item);
  }

  /** Puts an Item in LOGIN_ERROR as if the user's password changed at the bank. */
  setItemLoginError(item: ItemRecord, code: ExecutionErrorCode = "INVALID_CREDENTIALS"): void {
    const outcome = errorOutcome(code);
    item.credentialsRejected = outcome.status === "LOGIN_ERROR";
    const ex: ExecutionRecord = item.execution ?? {
      kind: "sync",
      triggeredBy: "SYNC",
      steps: ["LOGIN_IN_PROGRESS"],
      startedAtMs: this.o.realNow(),
      polls: 0,
      outcome,
      phase: "login",
    };
    this.finishWithError(item, { ...ex, triggeredBy: "SYNC" }, outcome);
  }

}
