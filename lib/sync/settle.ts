import { AppError } from "@/lib/errors";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { encodeMessage } from "@/lib/i18n/stored";
import { msg } from "@/lib/i18n/translate";
import type { BookGateway } from "@/lib/books/gateway";
import { refreshOpeningBalance } from "./opening";

/**
 * After the poster's rounds (poster.ts): each integration it touched, and each of the connection's
 * still showing Syncing or Error, gets the status, count and opening balance its Postings say.
 * One statement reads them all with their Postings' figures and the connection's dirty count; an
 * integration is written only when something it shows changed (it was eight statements each).
 */

export function failureMessage(err: unknown): string {
  return encodeMessage(err instanceof AppError ? err.said : msg("sync.engine.bookUnreachable"));
}

type SettleRow = {
  id: string;
  bookId: string;
  bookAccountId: string;
  periodStart: Date;
  createdById: string | null;
  status: "ACTIVE" | "SYNCING" | "ERROR";
  errorMessage: string | null;
  postedCount: number;
  lastPostedAt: Date | null;
  openingBalance: boolean;
  openingRemoteId: string | null;
  ownerId: string;
  everSynced: boolean;
  accountType: string;
  balanceCurrent: Prisma.Decimal | null;
  dirty: number;
  failing: string | null;
  posted: number;
  lastPosted: Date | null;
  remaining: number;
};

/** Settles the integrations (see above); returns how many of the connection's Postings are still dirty. */
export async function settleIntegrations(
  db: PrismaClient,
  gatewayFor: (userId: string) => BookGateway,
  connectionId: string,
  touched: ReadonlySet<string>,
  historyIn: boolean,
): Promise<number> {
  // Touched may hold another connection's integration (transfer pairing's other side): by id, not by connection.
  const rows = await db.$queryRaw<SettleRow[]>`
    SELECT i.id, i."bookId", i."bookAccountId", i."periodStart", i."createdById", i.status::text AS status, i."errorMessage", i."postedCount", i."lastPostedAt",
      i."openingBalance", i."openingRemoteId", c."ownerId", c."lastSyncedAt" IS NOT NULL AS "everSynced", a.type AS "accountType", a."balanceCurrent",
      s.dirty, s.failing, s.posted, s."lastPosted", r.remaining
    FROM integrations i
    JOIN institution_accounts a ON a.id = i."institutionAccountId"
    JOIN connections c ON c.id = a."connectionId"
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE p.dirty)::int AS dirty,
        min(p."lastError") FILTER (WHERE p.dirty AND p."lastError" IS NOT NULL) AS failing,
        count(*) FILTER (WHERE p.state = 'POSTED')::int AS posted,
        max(p."postedAt") FILTER (WHERE p.state = 'POSTED') AS "lastPosted"
      FROM postings p WHERE p."integrationId" = i.id) s
    CROSS JOIN (${dirtyCount(connectionId)}) r
    WHERE i.id = ANY(${[...touched]}::text[]) OR (a."connectionId" = ${connectionId} AND i.status <> 'ACTIVE')`;
  for (const row of rows) await settleOne(db, gatewayFor, row, historyIn);
  if (rows[0]) return rows[0].remaining;
  const [left] = await db.$queryRaw<{ remaining: number }[]>`${dirtyCount(connectionId)}`;
  return Number(left?.remaining ?? 0);
}

/** How many of the connection's Postings are dirty, as `remaining`. */
function dirtyCount(connectionId: string): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS remaining FROM postings p
    JOIN integrations i ON i.id = p."integrationId" JOIN institution_accounts a ON a.id = i."institutionAccountId"
    WHERE a."connectionId" = ${connectionId} AND p.dirty`;
}

async function settleOne(db: PrismaClient, gatewayFor: (userId: string) => BookGateway, row: SettleRow, historyIn: boolean): Promise<void> {
  let status: SettleRow["status"] = row.failing ? "ERROR" : row.dirty > 0 ? "SYNCING" : "ACTIVE";
  let errorMessage = row.failing;
  // The opening is the bank's balance less the period's movements: not before the connection's first
  // full sync has read them (it would be the whole balance). Until then the integration is Syncing.
  const openingReady = historyIn || row.everSynced;
  if (status === "ACTIVE" && row.openingBalance && !openingReady) status = "SYNCING";
  let openingRemoteId = row.openingRemoteId;
  if (status === "ACTIVE" && row.openingBalance) {
    try {
      const integration = { ...row, institutionAccount: { type: row.accountType, balanceCurrent: row.balanceCurrent } };
      openingRemoteId = await refreshOpeningBalance(db, gatewayFor(row.createdById ?? row.ownerId), integration);
    } catch (err) {
      status = "ERROR";
      errorMessage = failureMessage(err);
    }
  }
  const lastPostedAt = row.lastPosted;
  const same =
    status === row.status &&
    errorMessage === row.errorMessage &&
    row.posted === row.postedCount &&
    (lastPostedAt?.getTime() ?? null) === (row.lastPostedAt?.getTime() ?? null) &&
    openingRemoteId === row.openingRemoteId;
  if (same) return;
  await db.integration.update({ where: { id: row.id }, data: { status, errorMessage, postedCount: row.posted, lastPostedAt, openingRemoteId } });
}
