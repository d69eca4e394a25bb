import { randomBytes } from "node:crypto";
import { daysAgo, isoDay } from "@/lib/dates";
import { recordSyncFailure } from "@/lib/audit/system-events";
import { openSecret } from "@/lib/connections/secret";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { providerFailureMessage, ProviderError } from "@/lib/providers/errors";
import { isInvalidCursorError, isSyncMutationError } from "@/lib/providers/transactions";
import type { BankProvider, ItemState, ProviderAccount, ProviderName } from "@/lib/providers/types";
import { balanceRows, noteNewAccounts, recordBalances, recordConsentExpiry, type BalanceRow } from "@/lib/connections/provider-accounts";
import { newId } from "@/lib/ids";
import { autoCheckIntegration } from "@/lib/integrations/verification/load";
import { claimConnection } from "./claim";
import { finishSucceeded, type CursorUpdate, type RunCounts } from "./finish";
import { keepLease, LeaseLostError, releaseLease } from "./lease";
import { backoffMs, postOutbox, type PosterDeps } from "./poster";
import { reconcileWouldChange, removeMissing, storeTransactions, type AccountIndex, type StoreCounts } from "./store";
import type { SyncTrigger } from "./triggers";
import { encodeMessage } from "@/lib/i18n/stored";
import { msg } from "@/lib/i18n/translate";

/**
 * One sync of one connection: post what is already stored (the fastest first transaction), fetch
 * the provider's changes page by page — each page stored together with its cursor — reconcile
 * where the provider has no removed feed, post again, and record it all in a SyncRun.
 * Every step can be interrupted and repeated: the next run finishes the job.
 */

export type EngineDeps = PosterDeps & {
  providerFor(name: ProviderName): BankProvider;
  /** Names this process in runs and leases. */
  workerId: string;
  intervalMinutes?: number;
  /** The lease's length and how often the run's heartbeat renews it (lease.ts: 15 s and 5 s). */
  leaseMs?: number;
  renewMs?: number;
};

export type SyncOutcome =
  /**
   * `postingsWaitUntil`, when the run knows it without asking (it posted and stored nothing): the
   * earliest next attempt of the connection's dirty Postings, null when none is dirty.
   */
  | { status: "done"; runId: string; counts: RunCounts; postingsWaitUntil?: Date | null }
  | { status: "failed"; runId: string; counts: RunCounts; error: string; retryAt: Date | null }
  | { status: "busy" }
  /** The lease ran out or was taken while the run went on: it stopped before writing anything further; queued again like busy. */
  | { status: "lost"; runId: string; counts: RunCounts }
  | { status: "skipped"; reason: string };

export type { RunCounts };

const MUTATION_RESTARTS = 5;
const RECONCILE_DAYS = 30;
/**
 * A scheduled or retried sync that finds nothing new re-reads the balances only when one is older
 * than this (a change at the bank comes with transactions, which re-read them at once; Sync now and
 * every other trigger re-read them too): well within the 48 hours after which balance verification
 * calls a balance stale (lib/integrations/verification/compare.ts).
 */
export const BALANCE_REFRESH_MS = 6 * 3_600_000;

/**
 * An idle sync — the connection's Postings all clean, the bank with nothing new — is two SQL
 * statements: the claim (claim.ts: the lease and every fact the run decides on) and the finishing
 * write (finish.ts: the run's record, the connection's times, the lease released), with one
 * provider call between them. The run's record is made only when the run first has something to
 * write (a page to store, Postings to post) or after its first heartbeat (a slow bank: the pages show
 * it running), else by the finishing write.
 */
export async function syncConnection(db: PrismaClient, deps: EngineDeps, connectionId: string, opts: { trigger: SyncTrigger }): Promise<SyncOutcome> {
  const owner = `${deps.workerId}:${randomBytes(4).toString("hex")}`;
  const leaseMs = deps.leaseMs;
  const acquiredAt = Date.now();
  const startedAt = new Date(acquiredAt);
  const connection = await claimConnection(db, connectionId, owner, { ...(leaseMs !== undefined ? { leaseMs } : {}), balanceRefreshMs: BALANCE_REFRESH_MS });
  if (!connection) return { status: "busy" };
  let released = false;
  const counts: RunCounts = { added: 0, modified: 0, removed: 0, posted: 0, pages: 0 };
  // The run's record, made once, when first needed.
  let record: Promise<string> | null = null;
  const recordRun = (): Promise<string> => {
    record ??= db.syncRun.create({ data: { connectionId, trigger: opts.trigger, worker: deps.workerId, startedAt, ...counts }, select: { id: true } }).then(
      (r) => r.id,
      (err: unknown) => {
        record = null;
        throw err;
      },
    );
    return record;
  };
  const recordedRun = async (): Promise<string | null> => (record ? await record.catch(() => null) : null);
  // The heartbeat: while this process lives, the lease is renewed and the run shows its progress,
  // every few seconds whatever the run is waiting for. A refused renewal stops the run at its next step.
  const held = keepLease(db, connectionId, owner, {
    acquiredAt,
    ...(leaseMs !== undefined ? { leaseMs } : {}),
    ...(deps.renewMs !== undefined ? { renewMs: deps.renewMs } : {}),
    beat: async () => {
      const runId = await recordRun();
      await db.$executeRaw`
        UPDATE sync_runs SET added = ${counts.added}, modified = ${counts.modified}, removed = ${counts.removed}, posted = ${counts.posted}, pages = ${counts.pages},
          "heartbeatAt" = (now() AT TIME ZONE 'UTC')
        WHERE id = ${runId} AND state = 'RUNNING'`;
    },
  });
  try {
    const guard = () => held.check();
    let posted = false;
    const post = async (historyIn = false, maxRounds?: number) => {
      posted = true;
      await recordRun();
      const before = counts.posted;
      const r = await postOutbox(db, deps, connectionId, {
        historyIn,
        ...(maxRounds !== undefined ? { maxRounds } : {}),
        guard,
        // Progress is visible (and kept by an interrupted run) while a long backfill posts.
        onProgress: async (c) => {
          counts.posted = before + c.posted;
        },
      });
      counts.posted = before + r.posted;
    };
    try {
      const now = deps.now ?? (() => new Date());
      // What is already stored first (the fastest first transaction) — when something waits for it.
      const due = connection.dirtyPostingsAt !== null && connection.dirtyPostingsAt <= now().getTime();
      const usable = connection.secret !== null && connection.status !== "LOGIN_REQUIRED" && connection.status !== "DISCONNECTED";
      // An integration still Syncing or in Error is settled now — unless the connection was never synced
      // and is about to be read: its first full fetch settles every integration below (before it, each
      // would only be found waiting for its history).
      const settleNow = connection.unsettledIntegrations && !(usable && connection.neverSynced);
      if (due || settleNow) await post();
      let balances: BalanceRow[] = [];
      let cursor: CursorUpdate | null = null;
      if (usable && connection.secret) {
        const provider = deps.providerFor(connection.provider);
        const secret = openSecret(connection.id, connection.secret);
        const accounts: AccountIndex = new Map(connection.accounts.map((a) => [a.providerAccountId, a.id]));
        let fresh: ProviderAccount[] | null = null;
        if (provider.gatesSyncOnItemState) {
          const state = await gateOnItemState(provider, secret);
          guard();
          // Pluggy: the consent as the item dates it, and accounts the item gained since the last look.
          // Each written only when it differs from what the claim read (an idle sync writes neither).
          await recordConsentExpiry(db, connection.id, state, connection.consentExpiresAt);
          fresh = await provider.getAccounts(secret);
          guard();
          await noteNewAccounts(db, connection.id, fresh, connection.accounts.map((a) => a.providerAccountId));
        }
        // The first page of a fresh connection's history goes to the Book at once (one small round),
        // not after the last page: the first transaction within a second of Save.
        let early = counts.posted > 0;
        const fence: Fence = {
          owner,
          guard,
          beforeWrite: recordRun,
          afterPage: async () => {
            if (early || counts.added === 0) return;
            early = true;
            await post(false, 1);
          },
        };
        cursor = await fetchChanges(db, provider, connection, secret, accounts, counts, fence);
        await reconcile(db, provider, connection, secret, accounts, counts, fence);
        const changed = counts.added + counts.modified + counts.removed > 0;
        // The first full sync settles every integration once its history is in (opening balances wait for it).
        const settle = changed || connection.neverSynced;
        // The balances as of the transactions just read: what balance verification compares the Book with.
        const reread = fresh !== null || settle || connection.balancesDue || (opts.trigger !== "schedule" && opts.trigger !== "retry");
        const read = reread ? (fresh ?? (await provider.getAccounts(secret))) : [];
        guard();
        balances = balanceRows(read);
        if (settle || connection.autoCheckIntegrations) {
          // Posting and auto-check read them: recorded first.
          await recordBalances(db, connection.id, read);
          balances = [];
          if (settle) await post(true);
          guard();
          if (connection.autoCheckIntegrations) await autoCheck(db, deps, connection.id);
        }
      }
      guard();
      await held.stop();
      const finishedAt = new Date();
      const runId = await finishSucceeded(db, {
        connectionId,
        owner,
        trigger: opts.trigger,
        workerId: deps.workerId,
        runId: await recordedRun(),
        counts,
        startedAt,
        finishedAt,
        nextSyncAt: new Date(finishedAt.getTime() + (deps.intervalMinutes ?? 60) * 60_000),
        usable,
        balances,
        cursor,
      });
      if (runId === null) throw new LeaseLostError();
      released = true;
      // Nothing posted and nothing stored: the Postings wait as the claim found them.
      const waiting = posted || counts.added + counts.modified + counts.removed > 0 ? {} : { postingsWaitUntil: connection.dirtyPostingsAt === null ? null : new Date(connection.dirtyPostingsAt) };
      return { status: "done", runId, counts, ...waiting };
    } catch (err) {
      await held.stop();
      if (err instanceof LeaseLostError || held.lost) {
        // Not this run's to finish any more: closed as interrupted (as the reaper would), nothing else written.
        const runId = await closeInterrupted(db, await recordedRun(), { connectionId, trigger: opts.trigger, worker: deps.workerId, startedAt }, counts);
        return { status: "lost", runId, counts };
      }
      const failure = classify(err);
      const now = new Date();
      const ended = { ...counts, state: "FAILED" as const, finishedAt: now, heartbeatAt: now, errorCode: failure.code, errorMessage: failure.message, retryAt: failure.retryAt };
      const recorded = await recordedRun();
      const runId = recorded ?? newId();
      await db.$transaction([
        recorded
          ? db.syncRun.update({ where: { id: recorded }, data: ended })
          : db.syncRun.create({ data: { id: runId, connectionId, trigger: opts.trigger, worker: deps.workerId, startedAt, ...ended } }),
        db.connection.update({
          where: { id: connectionId },
          data: {
            nextSyncAt: failure.retryAt ?? new Date(now.getTime() + (deps.intervalMinutes ?? 60) * 60_000),
            ...(failure.connection ? { status: failure.connection, errorCode: failure.code, errorMessage: failure.message } : {}),
          },
        }),
      ]);
      await recordSyncFailure(db, { connectionId, institution: connection.institutionName, trigger: opts.trigger, code: failure.code, message: failure.message, status: failure.connection });
      return { status: "failed", runId, counts, error: failure.message, retryAt: failure.retryAt };
    }
  } finally {
    await held.stop();
    if (!released) await releaseLease(db, connectionId, owner).catch(() => undefined);
  }
}

/** A run that lost its lease: FAILED as interrupted, with what it did (the run resumes in the next one). */
async function closeInterrupted(db: PrismaClient, runId: string | null, run: { connectionId: string; trigger: SyncTrigger; worker: string; startedAt: Date }, counts: RunCounts): Promise<string> {
  const data = { ...counts, state: "FAILED" as const, finishedAt: new Date(), errorCode: "INTERRUPTED", errorMessage: encodeMessage(msg("sync.engine.interrupted")) };
  if (runId === null) return (await db.syncRun.create({ data: { ...run, ...data }, select: { id: true } })).id;
  await db.syncRun.updateMany({ where: { id: runId, state: "RUNNING" }, data });
  return runId;
}

/**
 * Integrations with auto-check on: their posted transactions up to the last day the Book agrees
 * with the bank get checked (✓). A Book that refuses (a role, a lock) leaves them as they are; the
 * sync itself does not fail for it.
 */
async function autoCheck(db: PrismaClient, deps: EngineDeps, connectionId: string) {
  const integrations = await db.integration.findMany({
    where: { autoCheck: true, institutionAccount: { connectionId } },
    select: { id: true, createdById: true, institutionAccount: { select: { connection: { select: { ownerId: true } } } } },
  });
  for (const i of integrations) {
    try {
      await autoCheckIntegration(db, deps.gatewayFor(i.createdById ?? i.institutionAccount.connection.ownerId), i.id);
    } catch (err) {
      console.error(`[sync] auto-check of integration ${i.id} failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
  }
}

/** Pluggy collects from the bank in the background: read only a finished item, ask again shortly. */
export class ItemNotReadyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("The bank is still sending its data to the provider; the sync continues as soon as it is done.");
    this.name = "ItemNotReadyError";
  }
}

async function gateOnItemState(provider: BankProvider, secret: string): Promise<ItemState> {
  const state = await provider.getItemState(secret);
  if (state.status === "UPDATING") throw new ItemNotReadyError(30);
  if (state.status === "LOGIN_REQUIRED") {
    throw new ProviderError("REAUTH_REQUIRED", state.errorMessage ?? "The bank asks you to log in again.", { providerCode: state.errorCode ?? "LOGIN_ERROR" });
  }
  // OUTDATED / partial errors: what the provider already holds is still worth syncing.
  return state;
}

type Failure = { code: string; message: string; retryAt: Date | null; connection: "LOGIN_REQUIRED" | "ERROR" | null };

/** Typed provider errors drive state (docs/architecture.md#invariant-5). */
export function classify(err: unknown, now = new Date()): Failure {
  if (err instanceof ItemNotReadyError) return { code: "ITEM_UPDATING", message: encodeMessage(msg("sync.engine.itemNotReady")), retryAt: new Date(now.getTime() + err.retryAfterSeconds * 1000), connection: null };
  if (err instanceof ProviderError) {
    // Stored as a message (key and values), put into words by the reader (lib/sync/read/status.ts).
    const message = encodeMessage(providerFailureMessage(err));
    const code = err.details.providerCode ?? err.kind;
    switch (err.kind) {
      case "REAUTH_REQUIRED":
        return { code, message, retryAt: null, connection: "LOGIN_REQUIRED" };
      case "ITEM_NOT_FOUND":
      case "NOT_CONFIGURED":
      case "INVALID_TOKEN":
        return { code, message, retryAt: null, connection: "ERROR" };
      case "RATE_LIMITED": {
        const seconds = err.details.retryAfterSeconds ?? 60;
        return { code, message, retryAt: new Date(now.getTime() + seconds * 1000), connection: null };
      }
      default:
        return { code, message, retryAt: new Date(now.getTime() + backoffMs(1)), connection: null };
    }
  }
  console.error(`[sync] unexpected error: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  return { code: "INTERNAL", message: encodeMessage(msg("sync.engine.unexpected")), retryAt: new Date(now.getTime() + backoffMs(2)), connection: null };
}

type ConnectionRow = { id: string; provider: ProviderName; syncCursor: string | null; syncStartCursor: string | null; syncReconcileFrom: Date | null };

function addCounts(into: RunCounts, c: StoreCounts) {
  into.added += c.added;
  into.modified += c.modified;
  into.removed += c.removed;
}

async function refreshAccounts(db: PrismaClient, provider: BankProvider, connectionId: string, secret: string, accounts: AccountIndex) {
  const fresh = await provider.getAccounts(secret);
  for (const a of fresh) {
    const row = await db.institutionAccount.upsert({
      where: { connectionId_providerAccountId: { connectionId, providerAccountId: a.providerAccountId } },
      create: { connectionId, providerAccountId: a.providerAccountId, name: a.name, officialName: a.officialName, mask: a.mask, type: a.type, subtype: a.subtype, currency: a.currency, balanceCurrent: a.balanceCurrent, balanceAvailable: a.balanceAvailable, balanceAt: new Date() },
      update: { balanceCurrent: a.balanceCurrent, balanceAvailable: a.balanceAvailable, balanceAt: new Date() },
      select: { id: true, providerAccountId: true },
    });
    accounts.set(row.providerAccountId, row.id);
  }
}

/** Pages of changes after the saved cursor; each page and its cursor in one transaction (docs/architecture.md#invariant-2). */
/**
 * What keeps a run's writes inside its lease: `guard` before each step, `owner` in the transactions
 * that move the cursor; `beforeWrite` makes the run's record before its first write; `afterPage`
 * runs after each stored page that has more to follow (the early post).
 */
type Fence = { owner: string; guard: () => void; beforeWrite: () => Promise<unknown>; afterPage?: () => Promise<void> };

/** The cursor's update, only while this run holds the lease: else the page's transaction rolls back (nothing stored twice by two runs' cursors). */
async function moveCursor(tx: Prisma.TransactionClient | PrismaClient, connectionId: string, fence: Fence, data: Prisma.ConnectionUpdateManyMutationInput): Promise<void> {
  const { count } = await tx.connection.updateMany({ where: { id: connectionId, syncLeaseOwner: fence.owner }, data });
  if (count !== 1) throw new LeaseLostError();
}

/** Returns the cursor left for the finishing write (an empty last page), if any. */
async function fetchChanges(db: PrismaClient, provider: BankProvider, connection: ConnectionRow, secret: string, accounts: AccountIndex, counts: RunCounts, fence: Fence): Promise<CursorUpdate | null> {
  if (!provider.fetchTransactionsPage) return null;
  let cursor = connection.syncCursor;
  let start = connection.syncStartCursor ?? connection.syncCursor;
  let restarts = 0;
  let resets = 0;
  let refreshed = false;
  for (;;) {
    let page;
    fence.guard();
    try {
      page = await provider.fetchTransactionsPage(secret, cursor);
    } catch (err) {
      if (isSyncMutationError(err) && restarts++ < MUTATION_RESTARTS) {
        // The provider's data moved under the pagination: start this update again from its start.
        cursor = start;
        await fence.beforeWrite();
        await moveCursor(db, connection.id, fence, { syncCursor: start });
        continue;
      }
      if (isInvalidCursorError(err) && resets++ < 1) {
        // Full resync: every row is an upsert and every Posting unique, so nothing posts twice.
        cursor = null;
        start = null;
        await fence.beforeWrite();
        await moveCursor(db, connection.id, fence, { syncCursor: null, syncStartCursor: null });
        continue;
      }
      throw err;
    }
    // Plaid: "" = the item's transactions are not ready yet; a webhook or the schedule comes back.
    if (page.nextCursor === "") return null;
    if (!refreshed && [...page.added, ...page.modified].some((t) => !accounts.has(t.providerAccountId))) {
      refreshed = true;
      await refreshAccounts(db, provider, connection.id, secret, accounts);
    }
    const next = page;
    const nothing = !next.hasMore && next.added.length + next.modified.length + next.removed.length === 0;
    if (nothing && next.nextCursor === cursor && start === cursor) return null; // an idle sync writes nothing
    // A last page with nothing on it stores nothing: its cursor goes with the run's finishing write,
    // fenced by the lease like a page's (a crash before it repeats an empty page, never skips one).
    if (nothing) {
      counts.pages++;
      return { syncCursor: next.nextCursor, syncStartCursor: null };
    }
    // A page with nothing on it that is not the last (Pluggy pages one account at a time) is not
    // stored either: its cursor is carried to the next page's write, or to the finishing write. A
    // crash before then repeats empty pages, never skips one with transactions on it.
    if (next.added.length + next.modified.length + next.removed.length === 0) {
      counts.pages++;
      cursor = next.nextCursor;
      continue;
    }
    await fence.beforeWrite();
    fence.guard();
    const stored = await db.$transaction(
      async (tx) => {
        const c = await storeTransactions(tx, connection.id, accounts, [...next.added, ...next.modified], next.removed);
        await moveCursor(tx, connection.id, fence, { syncCursor: next.nextCursor, syncStartCursor: next.hasMore ? start : null });
        return c;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    addCounts(counts, stored);
    counts.pages++;
    cursor = next.nextCursor;
    if (!next.hasMore) return null;
    await fence.afterPage?.();
  }
}

/** Providers without a removed feed: re-read recent dates and apply deletions and in-place edits. */
async function reconcile(db: PrismaClient, provider: BankProvider, connection: ConnectionRow, secret: string, accounts: AccountIndex, counts: RunCounts, fence: Fence) {
  if (!provider.listTransactionsSince) return;
  const recent = daysAgo(RECONCILE_DAYS);
  const asked = connection.syncReconcileFrom && isoDay(connection.syncReconcileFrom);
  const from = asked && asked < recent ? asked : recent;
  const listed = await provider.listTransactionsSince(secret, from);
  const present = new Set(listed.transactions.map((t) => t.providerTransactionId));
  const accountIds = listed.providerAccountIds.map((id) => accounts.get(id)).filter((id): id is string => Boolean(id));
  // Nothing to store, remove or move (the usual re-read): one read, no transaction, no run record yet.
  if (connection.syncReconcileFrom === null && !(await reconcileWouldChange(db, connection.id, accounts, listed.transactions, accountIds, from, present))) return;
  await fence.beforeWrite();
  fence.guard();
  const c = await db.$transaction(
    async (tx) => {
      const upserted = await storeTransactions(tx, connection.id, accounts, listed.transactions, []);
      upserted.removed += await removeMissing(tx, connection.id, accountIds, from, present);
      await moveCursor(tx, connection.id, fence, { syncReconcileFrom: null });
      return upserted;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  addCounts(counts, c);
}
