import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { isoDay } from "@/lib/dates";
import { RUN_ALIVE_MS } from "@/lib/sync/lease";
import type { ConnectionStatusName } from "@/lib/connections/status";
import { keysetPage, keysetQuery, type KeysetPage, type PageStart } from "@/lib/pagination/keyset";
import { lastDays, type FailedRun, type RunCounts } from "./status";

/**
 * Read-only sync state for the portal's pages, a fixed number of queries per page whatever the
 * number of connections or integrations (no query per row): the latest runs per connection through
 * LATERAL joins on (connectionId, startedAt), posting counts and postings per day grouped in SQL.
 */

/**
 * A RUNNING run is shown as running only while its heartbeat is younger than a lease (lease.ts):
 * its process renews both every few seconds, so an older one belongs to a process that is gone
 * (the reaper closes it); the pages never say Syncing for it.
 */
const STALE_RUN_MS = RUN_ALIVE_MS;
export const CHART_DAYS = 90;

/** A timestamp parameter compared with Prisma's `timestamp(3)` columns, which hold UTC. */
const utc = (d: Date) => d.toISOString().replace("Z", "");

export type ConnectionSyncState = {
  warningMessage: string | null;
  running: (RunCounts & { startedAt: Date }) | null;
  lastRun: (FailedRun & { state: "SUCCEEDED" | "FAILED"; finishedAt: Date | null }) | null;
};

type ConnectionRow = {
  id: string;
  warningMessage: string | null;
  runAdded: number | null;
  runModified: number | null;
  runRemoved: number | null;
  runPosted: number | null;
  runStartedAt: Date | null;
  lastState: "SUCCEEDED" | "FAILED" | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  lastRetryAt: Date | null;
  lastFinishedAt: Date | null;
};

const asDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`));

/**
 * For every connection the User Connections page shows (the user's own and those shared with the
 * Book), or only those of `onlyIds` (the page being shown): its dated warning, the running sync's
 * counts, and the latest finished run. One query.
 */
export async function connectionSyncStates(
  db: PrismaClient,
  userId: string,
  bookId: string,
  now = new Date(),
  onlyIds?: readonly string[],
): Promise<Map<string, ConnectionSyncState>> {
  if (onlyIds && onlyIds.length === 0) return new Map();
  const alive = utc(new Date(now.getTime() - STALE_RUN_MS));
  const only = onlyIds ? Prisma.sql`AND c.id IN (${Prisma.join([...onlyIds])})` : Prisma.empty;
  const rows = await db.$queryRaw<ConnectionRow[]>`
    SELECT c.id, c."warningMessage",
           run.added AS "runAdded", run.modified AS "runModified", run.removed AS "runRemoved", run.posted AS "runPosted", run."startedAt" AS "runStartedAt",
           last.state AS "lastState", last."errorCode" AS "lastErrorCode", last."errorMessage" AS "lastErrorMessage",
           last."retryAt" AS "lastRetryAt", last."finishedAt" AS "lastFinishedAt"
    FROM connections c
    LEFT JOIN LATERAL (
      SELECT r.added, r.modified, r.removed, r.posted, r."startedAt" FROM sync_runs r
      WHERE r."connectionId" = c.id AND r.state = 'RUNNING' AND r."heartbeatAt" > ${alive}::timestamp
      ORDER BY r."startedAt" DESC LIMIT 1
    ) run ON true
    LEFT JOIN LATERAL (
      SELECT r.state::text AS state, r."errorCode", r."errorMessage", r."retryAt", r."finishedAt" FROM sync_runs r
      WHERE r."connectionId" = c.id AND r.state <> 'RUNNING'
      ORDER BY r."startedAt" DESC LIMIT 1
    ) last ON true
    WHERE (c."ownerId" = ${userId} OR EXISTS (SELECT 1 FROM connection_shares s WHERE s."connectionId" = c.id AND s."bookId" = ${bookId})) ${only}`;
  return new Map(
    rows.map((r) => [
      r.id,
      {
        warningMessage: r.warningMessage,
        running:
          r.runStartedAt === null
            ? null
            : { added: Number(r.runAdded), modified: Number(r.runModified), removed: Number(r.runRemoved), posted: Number(r.runPosted), startedAt: asDate(r.runStartedAt)! },
        lastRun:
          r.lastState === null
            ? null
            : { state: r.lastState, errorCode: r.lastErrorCode, errorMessage: r.lastErrorMessage, retryAt: asDate(r.lastRetryAt), finishedAt: asDate(r.lastFinishedAt) },
      },
    ]),
  );
}

export type BookIntegrationView = {
  id: string;
  /** With id, the list's order (and its keyset pages). */
  createdAt: Date;
  bookAccountId: string;
  periodStart: string;
  status: "ACTIVE" | "SYNCING" | "ERROR";
  errorMessage: string | null;
  postedCount: number;
  lastPostedAt: Date | null;
  /** Check (✓) up to the last agreeing day after each sync. */
  autoCheck: boolean;
  label: string;
  provider: "PLAID" | "PLUGGY";
  connectionId: string;
  connectionStatus: ConnectionStatusName;
  /** Dirty postings: bank transactions the Book does not reflect yet. */
  pending: number;
  /** Removed by the bank but already checked in the Book. */
  flagged: number;
  /** The connection's running sync, if any. */
  running: RunCounts | null;
  /** Postings per day (YYYY-MM-DD, UTC) over the chart's days; days without postings are absent. */
  perDay: Record<string, number>;
  postedInChart: number;
};

export type BookIntegrations = { days: string[]; integrations: BookIntegrationView[] };

/** How many integrations the Book has (for the Book Integrations page's pages). */
export async function countBookIntegrations(db: PrismaClient, bookId: string): Promise<number> {
  return db.integration.count({ where: { bookId } });
}

const integrationSelect = {
  id: true,
  createdAt: true,
  bookAccountId: true,
  periodStart: true,
  status: true,
  errorMessage: true,
  postedCount: true,
  lastPostedAt: true,
  autoCheck: true,
  institutionAccount: { select: { name: true, mask: true, connection: { select: { id: true, institutionName: true, provider: true, status: true } } } },
} satisfies Prisma.IntegrationSelect;

type IntegrationRow = Prisma.IntegrationGetPayload<{ select: typeof integrationSelect }>;

/**
 * The Book Integrations page: each integration of the Book (or one page of them: `skip`/`take`)
 * with its pending and flagged postings, its connection's running sync and its postings per day
 * over the last 90 days. Four queries, whatever the number of integrations: the integrations, then
 * three grouped ones for the integrations shown.
 */
export async function listBookIntegrations(db: PrismaClient, bookId: string, now = new Date(), page: { skip?: number; take?: number } = {}): Promise<BookIntegrations> {
  const integrations = await db.integration.findMany({
    where: { bookId },
    select: integrationSelect,
    // id breaks createdAt ties, so that pages never overlap.
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    ...(page.skip ? { skip: page.skip } : {}),
    ...(page.take ? { take: page.take } : {}),
  });
  return { days: lastDays(CHART_DAYS, now), integrations: await integrationViews(db, integrations, now) };
}

/** One page of the Book's integrations as listBookIntegrations shows them, read by keyset from a cursor (or from an offset). */
export async function pageBookIntegrations(db: PrismaClient, bookId: string, now: Date, start: PageStart, size: number): Promise<{ days: string[]; page: KeysetPage<BookIntegrationView> }> {
  const q = keysetQuery(start, size);
  const rows = await db.integration.findMany({ ...q, where: { AND: [{ bookId }, q.where] }, select: integrationSelect });
  const page = keysetPage(start, size, rows);
  return { days: lastDays(CHART_DAYS, now), page: { ...page, items: await integrationViews(db, page.items, now) } };
}

async function integrationViews(db: PrismaClient, integrations: IntegrationRow[], now: Date): Promise<BookIntegrationView[]> {
  const days = lastDays(CHART_DAYS, now);
  const alive = utc(new Date(now.getTime() - STALE_RUN_MS));
  if (integrations.length === 0) return [];
  const ids = Prisma.join(integrations.map((i) => i.id));
  const connectionIds = Prisma.join([...new Set(integrations.map((i) => i.institutionAccount.connection.id))]);
  const [counts, perDay, running] = await Promise.all([
    db.$queryRaw<{ integrationId: string; pending: number; flagged: number }[]>`
      SELECT p."integrationId", (count(*) FILTER (WHERE p.dirty))::int AS pending, (count(*) FILTER (WHERE p.state = 'FLAGGED'))::int AS flagged
      FROM postings p
      WHERE p."integrationId" IN (${ids}) AND (p.dirty OR p.state = 'FLAGGED')
      GROUP BY p."integrationId"`,
    db.$queryRaw<{ integrationId: string; day: string; n: number }[]>`
      SELECT p."integrationId", to_char(p."postedAt", 'YYYY-MM-DD') AS day, count(*)::int AS n
      FROM postings p
      WHERE p."integrationId" IN (${ids}) AND p.state = 'POSTED' AND p."postedAt" >= ${days[0]!}::timestamp
      GROUP BY 1, 2`,
    db.$queryRaw<(RunCounts & { connectionId: string })[]>`
      SELECT DISTINCT ON (r."connectionId") r."connectionId", r.added, r.modified, r.removed, r.posted
      FROM sync_runs r
      WHERE r.state = 'RUNNING' AND r."heartbeatAt" > ${alive}::timestamp AND r."connectionId" IN (${connectionIds})
      ORDER BY r."connectionId", r."startedAt" DESC`,
  ]);
  const countOf = new Map(counts.map((c) => [c.integrationId, c]));
  const runOf = new Map(running.map((r) => [r.connectionId, { added: Number(r.added), modified: Number(r.modified), removed: Number(r.removed), posted: Number(r.posted) }]));
  const daily = new Map<string, Record<string, number>>();
  for (const row of perDay) {
    const m = daily.get(row.integrationId) ?? {};
    m[row.day] = Number(row.n);
    daily.set(row.integrationId, m);
  }
  return integrations.map((i) => {
    const a = i.institutionAccount;
    const c = a.connection;
    const series = daily.get(i.id) ?? {};
    return {
      id: i.id,
      createdAt: i.createdAt,
      bookAccountId: i.bookAccountId,
      periodStart: isoDay(i.periodStart),
      status: i.status,
      errorMessage: i.errorMessage,
      postedCount: i.postedCount,
      lastPostedAt: i.lastPostedAt,
      autoCheck: i.autoCheck,
      label: `${c.institutionName} — ${a.name}${a.mask ? ` •••• ${a.mask}` : ""}`,
      provider: c.provider,
      connectionId: c.id,
      connectionStatus: c.status,
      pending: Number(countOf.get(i.id)?.pending ?? 0),
      flagged: Number(countOf.get(i.id)?.flagged ?? 0),
      running: runOf.get(c.id) ?? null,
      perDay: series,
      postedInChart: Object.values(series).reduce((s, n) => s + n, 0),
    };
  });
}

/** What Sync now needs to decide about a connection seen from a Book; null when it does not exist. */
export async function connectionForSync(db: PrismaClient, userId: string, bookId: string, connectionId: string) {
  const c = await db.connection.findUnique({
    where: { id: connectionId },
    select: { id: true, ownerId: true, status: true, institutionName: true, owner: { select: { name: true, email: true } }, shares: { where: { bookId }, select: { bookId: true } } },
  });
  if (!c) return null;
  return { id: c.id, institutionName: c.institutionName, status: c.status, mine: c.ownerId === userId, sharedWithBook: c.shares.length > 0, ownerName: c.owner.name ?? c.owner.email };
}
