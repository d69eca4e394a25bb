import type { BookGateway } from "@/lib/books/gateway";
import { counterRulesFor, type DraftFiller } from "@/lib/books/counter-rules/apply";
import { isoDay } from "@/lib/dates";
import type { BookInfo, BookTransaction, NewBookTransaction } from "@/lib/books/types";
import { AppError } from "@/lib/errors";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { remoteId, toBookDraft, type MappingResult } from "./mapping";
import { failureMessage, settleIntegrations } from "./settle";
import { pairTransfers } from "@/lib/integrations/transfers/pairing";
import { LeaseLostError } from "./lease";
import { loadPostingRows, type PostingRow, type SideMapper } from "@/lib/integrations/transfers/rows";
import { msg } from "@/lib/i18n/translate";

/**
 * The outbox poster (docs/architecture.md#invariant-4): dirty Postings → Book gateway calls in batches with
 * remote ids → Postings marked clean. A failed call leaves its Postings dirty with a backoff, so a
 * Book outage delays and never drops; a crash between the Book call and the mark is harmless
 * because creating by remote id is idempotent.
 */

export type PosterDeps = { gatewayFor(userId: string): BookGateway; now?: () => Date };
export type PostCounts = { posted: number; updated: number; trashed: number; flagged: number; skipped: number; failed: number };

const BATCH = 200;
const ROUND = 1000;
/** The due query reads this many rounds' ids at once (it sorts every dirty Posting of the connection each time). */
const ROUNDS_AHEAD = 20;
/** A run's first round is small: the first transactions reach the Book within a second of Save. */
const FIRST_ROUND = 100;

export function backoffMs(attempts: number): number {
  const base = Math.min(60 * 60_000, 5_000 * 2 ** Math.min(attempts, 12));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

type Row = PostingRow;


function mapRow(r: Row, book: BookInfo): MappingResult | { kind: "gone" } {
  if (r.bankTransaction.removed) return { kind: "gone" };
  const bt = r.bankTransaction;
  const ia = r.integration.institutionAccount;
  return toBookDraft(
    { providerTransactionId: bt.providerTransactionId, date: isoDay(bt.date), amount: bt.amount.toString(), direction: bt.direction === "in" ? "in" : "out", description: bt.description, pending: bt.pending, pendingTransactionId: bt.pendingTransactionId, details: storedDetails(bt.details) },
    { provider: ia.connection.provider, bookAccountId: r.integration.bookAccountId, periodStart: isoDay(r.integration.periodStart), institution: ia.connection.institutionName, institutionAccount: { name: ia.name, mask: ia.mask } },
    book,
  );
}

/** BankTransaction.details as written by lib/sync/store.ts: flat strings; anything else is ignored. */
function storedDetails(v: Prisma.JsonValue): Record<string, string> | null {
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** Posts every due dirty Posting of the connection's integrations. Stops after `budgetMs`. */
export async function postOutbox(db: PrismaClient, deps: PosterDeps, connectionId: string, opts: {
    budgetMs?: number;
    onProgress?: (c: PostCounts) => Promise<void>;
    /**
     * Called before every Book call: throws to stop posting (a sync whose lease was lost, lease.ts).
     * What it throws is not a Book failure: it leaves the Postings as they are and ends the round.
     */
    guard?: () => void;
    /** The connection's transactions have just been read in full (a sync's fetch): opening balances may be made. */
    historyIn?: boolean;
    /** Stops after this many rounds (a sync's early post between pages: the rest waits for the fetch). */
    maxRounds?: number;
  } = {},
): Promise<PostCounts & { remaining: number }> {
  const now = deps.now ?? (() => new Date());
  const started = Date.now();
  const counts: PostCounts = { posted: 0, updated: 0, trashed: 0, flagged: 0, skipped: 0, failed: 0 };
  const touched = new Set<string>();
  // The due ids, in posting order, read a few rounds ahead: the query sorts every dirty Posting of
  // the connection by the bank's date, so a backfill read it once per 1,000 posted before.
  let ahead: string[] = [];
  // The last due read returned fewer than it asked for: nothing else was due then, and what this
  // run leaves dirty waits on a backoff, so the run ends without asking again (a Posting queued
  // meanwhile by a Save comes with its own sync request).
  let exhausted = false;
  for (let round = 0; opts.maxRounds === undefined || round < opts.maxRounds; round++) {
    const size = round === 0 ? FIRST_ROUND : ROUND;
    const fresh = ahead.length === 0;
    if (fresh) {
      if (exhausted) break;
      const limit = round === 0 ? size : size * ROUNDS_AHEAD;
      ahead = await dueIds(db, connectionId, now(), limit);
      exhausted = ahead.length < limit;
    }
    if (!ahead.length) break;
    // Read now: a Posting read ahead that was posted, paired or put on a backoff since is not this round's.
    const at = now();
    const rows: Row[] = (await loadPostingRows(db, ahead.splice(0, size))).filter((r) => r.dirty && r.nextAttemptAt <= at);
    if (!rows.length) {
      if (fresh) break;
      continue;
    }
    const groups = new Map<string, Row[]>();
    for (const r of rows) {
      const g = groups.get(r.integrationId);
      if (g) g.push(r);
      else groups.set(r.integrationId, [r]);
    }
    let first = true;
    for (const [integrationId, group] of groups) {
      touched.add(integrationId);
      // The round's first group is as just read; a later one may hold rows an earlier group paired.
      await postGroup(db, deps, group, counts, now, touched, opts.guard ?? (() => undefined), first);
      first = false;
    }
    await opts.onProgress?.(counts);
    if (opts.budgetMs !== undefined && Date.now() - started > opts.budgetMs) break;
  }
  opts.guard?.();
  // Settle what was touched, and any integration still showing Syncing/Error (a Save that queued nothing new).
  const remaining = await settleIntegrations(db, deps.gatewayFor, connectionId, touched, opts.historyIn === true);
  return { ...counts, remaining };
}

/**
 * The connection's due dirty Postings, in posting order: by integration, then the bank's date, so a
 * round holds one integration's consecutive days and transfer pairing looks at a short span of the
 * others. One indexed query; nothing due is the common case.
 */
async function dueIds(db: PrismaClient, connectionId: string, now: Date, limit: number): Promise<string[]> {
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id FROM postings p
    JOIN integrations i ON i.id = p."integrationId"
    JOIN institution_accounts a ON a.id = i."institutionAccountId"
    JOIN bank_transactions b ON b.id = p."bankTransactionId"
    WHERE a."connectionId" = ${connectionId} AND p.dirty AND p."nextAttemptAt" <= ${now}
    ORDER BY p."integrationId", b.date, p.id
    LIMIT ${limit}`;
  return due.map((d) => d.id);
}

/** How a side lands in the Book, for transfer pairing (lib/integrations/transfers/ sits a layer below the mapping). */
export const sideMapper: SideMapper = {
  draft: (r, book) => {
    const m = mapRow(r, book);
    return m.kind === "post" ? m.draft : null;
  },
  remoteIds: (r) => {
    const provider = r.integration.institutionAccount.connection.provider;
    return [r.bankTransaction.providerTransactionId, r.bankTransaction.pendingTransactionId].flatMap((id) => (id ? [remoteId(provider, id)] : []));
  },
};

async function postGroup(db: PrismaClient, deps: PosterDeps, rows: Row[], counts: PostCounts, now: () => Date, touched: Set<string>, guard: () => void, rowsFresh: boolean): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const integration = first.integration;
  const gateway = deps.gatewayFor(integration.createdById ?? integration.institutionAccount.connection.ownerId);
  const fail = async (rows: Row[], err: unknown) => {
    const message = failureMessage(err);
    counts.failed += rows.length;
    // One statement for the batch; each row's wait grows with its own attempts (jittered).
    const ids = rows.map((r) => r.id);
    await db.$executeRaw`
      UPDATE postings SET attempts = attempts + 1, "lastError" = ${message}, "updatedAt" = ${now()},
        "nextAttemptAt" = ${now()}::timestamp + make_interval(secs => LEAST(3600, 5 * power(2, LEAST(attempts, 12))) * (0.75 + random() * 0.5))
      WHERE id = ANY(${ids})`;
    await db.integration.update({ where: { id: integration.id }, data: { status: "ERROR", errorMessage: message } });
  };
  let book: BookInfo | null;
  guard();
  try {
    book = await gateway.getBook(integration.bookId);
    if (!book) throw new AppError("NOT_FOUND", msg("sync.engine.bookGone"));
  } catch (err) {
    await fail(rows, err);
    return;
  }
  // Transfer pairing takes the sides of movements between two integrations of the Book (docs/architecture.md#transfer-pairing).
  // The lease guard runs before each of pairing's Book calls too, and its stop is not a Book failure.
  const onFailure = async (failed: Row[], err: unknown) => {
    if (err instanceof LeaseLostError) throw err;
    await fail(failed, err);
  };
  const pairing = await pairTransfers({ db, gateway: guardedGateway(gateway, guard), book, map: sideMapper, onFailure }, rows, { rowsFresh });
  counts.posted += pairing.outcome.posted;
  counts.trashed += pairing.outcome.trashed;
  counts.flagged += pairing.outcome.flagged;
  pairing.outcome.touched.forEach((id) => touched.add(id));
  const group = pairing.rest;

  // The Book's counter-account rules fill the empty side of drafts as they are created (issue 14).
  let fill: DraftFiller;
  try {
    fill = await counterRulesFor(db, gateway, integration.bookId);
  } catch (err) {
    await fail(group, err);
    return;
  }
  const creates: { row: Row; draft: NewBookTransaction }[] = [];
  const updates: { row: Row; draft: NewBookTransaction; filled: NewBookTransaction }[] = [];
  const retires: Row[] = [];
  const cleanSkips: { row: Row; reason: string }[] = [];
  for (const r of group) {
    const m = mapRow(r, book);
    if (m.kind === "post") {
      if (!r.bookTransactionId || r.state === "TRASHED") creates.push({ row: r, draft: fill(m.draft) });
      else if (r.postedDate !== m.draft.date || r.postedAmount !== m.draft.amount || r.postedDescription !== m.draft.description) updates.push({ row: r, draft: m.draft, filled: fill(m.draft) });
      else cleanSkips.push({ row: r, reason: "" });
    } else if (r.bookTransactionId && r.state === "POSTED") retires.push(r);
    else cleanSkips.push({ row: r, reason: m.kind === "gone" ? "removed" : m.reason });
  }

  // Drafts never sent before go without the gateway's duplicate search (Bkper: it costs more calls
  // than the batches); a retried one, which may be in the Book already, is searched for first.
  const batches: { chunk: typeof creates; firstAttempt: boolean }[] = [];
  for (const firstAttempt of [true, false]) {
    const these = creates.filter((c) => isFirstAttempt(c.row) === firstAttempt);
    const size = gateway.draftsPerCreate ?? BATCH;
    for (let i = 0; i < these.length; i += size) batches.push({ chunk: these.slice(i, i + size), firstAttempt });
  }
  // A batch's Postings are marked while the next batch goes to the Book (they are other rows): the
  // database and the Book call overlap. At most one mark is in flight, and the group waits for it.
  // The mark in flight settles to its failure, if any.
  let marking: Promise<{ err: unknown } | null> | null = null;
  const settleMark = async () => {
    const failed = await marking;
    marking = null;
    if (failed) throw failed.err;
  };
  for (const { chunk, firstAttempt } of batches) {
    let made: BookTransaction[];
    try {
      guard();
    } catch (err) {
      // A lost lease stops the run, after the mark in flight has landed (or failed: its rows stay dirty).
      if (marking) await marking;
      throw err;
    }
    try {
      made = await gateway.createTransactions(integration.bookId, chunk.map((c) => c.draft), { firstAttempt });
      if (made.length !== chunk.length) throw new AppError("INTERNAL", msg("sync.engine.countMismatch"));
    } catch (err) {
      await settleMark();
      await fail(chunk.map((c) => c.row), err);
      continue;
    }
    await settleMark();
    const marks = chunk.flatMap((c, k) => { const m = made[k]; return m ? [{ id: c.row.id, bookTransactionId: m.id, draft: c.draft }] : []; });
    // The handler is attached now: a failed mark is rethrown by settleMark, never left unhandled.
    marking = markPosted(db, marks).then(
      () => {
        counts.posted += chunk.length;
        return null;
      },
      (err: unknown) => ({ err }),
    );
  }
  await settleMark();

  for (const u of updates) {
    guard();
    try {
      const current = await gateway.findByRemoteId(integration.bookId, remoteId(integration.institutionAccount.connection.provider, u.row.bankTransaction.providerTransactionId));
      const handEdited = current && (current.date !== u.row.postedDate || current.amount !== u.row.postedAmount || current.description !== u.row.postedDescription || (completedByPerson(current, u.draft) && !filledByRule(current, u.draft, u.filled)));
      if (current && !current.checked && !current.trashed && !current.posted && !handEdited) {
        await gateway.updateTransaction(integration.bookId, current.id, { date: u.draft.date, amount: u.draft.amount, description: u.draft.description });
        await markPosted(db, [{ id: u.row.id, bookTransactionId: current.id, draft: u.draft }]);
        counts.updated++;
      } else {
        // Checked, posted or edited by a person: theirs now; the bank's change is not forced on it.
        await db.posting.update({ where: { id: u.row.id }, data: { dirty: false, lastError: null, attempts: 0 } });
      }
    } catch (err) {
      await fail([u.row], err);
    }
  }

  for (const r of retires) {
    guard();
    try {
      const current = await gateway.findByRemoteId(integration.bookId, remoteId(integration.institutionAccount.connection.provider, r.bankTransaction.providerTransactionId));
      // A draft a person completed (chose the other Account) is theirs too: flagged, not trashed.
      if (current && !current.trashed && (current.checked || current.posted || completedByPerson(current))) {
        await db.posting.update({ where: { id: r.id }, data: { state: "FLAGGED", dirty: false, lastError: null, attempts: 0 } });
        counts.flagged++;
        continue;
      }
      if (current && !current.trashed) await gateway.trashTransaction(integration.bookId, current.id);
      await db.posting.update({ where: { id: r.id }, data: { state: "TRASHED", dirty: false, lastError: null, attempts: 0, postedAt: null } });
      counts.trashed++;
    } catch (err) {
      await fail([r], err);
    }
  }

  const skipIds = cleanSkips.filter((s) => s.reason !== "").map((s) => s.row);
  for (const reason of new Set(cleanSkips.map((s) => s.reason))) {
    const ids = cleanSkips.filter((s) => s.reason === reason).map((s) => s.row.id);
    await db.posting.updateMany({
      where: { id: { in: ids } },
      data: reason === "" ? { dirty: false, lastError: null, attempts: 0 } : { dirty: false, state: "SKIPPED", skipReason: reason, lastError: null, attempts: 0 },
    });
  }
  counts.skipped += skipIds.length;
}

/** Never tried and never in the Book: its first create (a crash after an unrecorded call is covered by the Book's remote-id idempotency). */
function isFirstAttempt(r: Row): boolean {
  return r.attempts === 0 && r.bookTransactionId === null;
}

/**
 * The side the bank's draft leaves empty (the other Account) was filled in the Book: a person's work,
 * not the sync's (issue 14: a completed draft is never rewritten or trashed by the sync). Without the
 * draft (a removed transaction), both sides set.
 */
function completedByPerson(current: BookTransaction, draft?: Pick<NewBookTransaction, "creditAccountId" | "debitAccountId">): boolean {
  if (!draft) return current.creditAccountId !== null && current.debitAccountId !== null;
  return (draft.creditAccountId === null && current.creditAccountId !== null) || (draft.debitAccountId === null && current.debitAccountId !== null);
}

/** The other side holds what a rule puts there now: the sync's own work, which may follow the bank. */
function filledByRule(current: BookTransaction, draft: NewBookTransaction, filled: NewBookTransaction): boolean {
  return filled !== draft && current.creditAccountId === filled.creditAccountId && current.debitAccountId === filled.debitAccountId;
}

/** The gateway with `guard` before every call: a run that lost its lease stops between pairing's steps. */
function guardedGateway(gateway: BookGateway, guard: () => void): BookGateway {
  return new Proxy(gateway, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]): unknown => {
        guard();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function markPosted(db: PrismaClient, rows: { id: string; bookTransactionId: string; draft: NewBookTransaction }[]): Promise<void> {
  if (!rows.length) return;
  // Column arrays through unnest: one bind parameter per column, not per value.
  await db.$executeRaw`
    UPDATE postings AS p SET state = 'POSTED', dirty = false, "skipReason" = NULL, "bookTransactionId" = v.btid, "postedDate" = v.d, "postedAmount" = v.a,
      "postedDescription" = v.s, "postedAt" = (now() AT TIME ZONE 'UTC'), attempts = 0, "lastError" = NULL, "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.bookTransactionId)}::text[], ${rows.map((r) => r.draft.date)}::text[],
      ${rows.map((r) => r.draft.amount)}::text[], ${rows.map((r) => r.draft.description)}::text[]) AS v(id, btid, d, a, s)
    WHERE p.id = v.id`;
}
