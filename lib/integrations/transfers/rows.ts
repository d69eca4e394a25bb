import type { BookInfo, NewBookTransaction } from "@/lib/books/types";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { MovementSide } from "./types";

/**
 * A Posting as transfer pairing reads it: what the poster and the matcher use of it, its bank
 * transaction, its integration and institution account (mask, type), the connection's provider.
 * The same shape the poster drains. Timestamps, errors and the running balance are left out: a
 * round reads a thousand of these, and each column read is a value made per row.
 */
export const postingSelect = {
  id: true, integrationId: true, bankTransactionId: true, state: true, dirty: true, bookTransactionId: true, postedDate: true, postedAmount: true,
  postedDescription: true, attempts: true, nextAttemptAt: true, transferPairId: true,
  bankTransaction: {
    select: {
      id: true, connectionId: true, institutionAccountId: true, providerTransactionId: true, date: true, amount: true, direction: true, currency: true,
      description: true, pending: true, pendingTransactionId: true, removed: true, category: true, paymentReference: true, payerAccount: true,
      receiverAccount: true, billId: true, details: true,
    },
  },
  integration: { include: { institutionAccount: { include: { connection: { select: { ownerId: true, provider: true, institutionName: true } } } } } },
} as const satisfies Prisma.PostingSelect;

export type PostingRow = Prisma.PostingGetPayload<{ select: typeof postingSelect }>;

/**
 * How a side lands in the Book, given by the poster (lib/sync/mapping.ts sits a layer above):
 * `draft` is the one-sided draft the sync would post (null: not posted — pending, before the
 * period, locked, removed); `remoteIds` are its ids whether posted or not.
 */
export type SideMapper = {
  draft(row: PostingRow, book: BookInfo): NewBookTransaction | null;
  remoteIds(row: PostingRow): string[];
};

export const isCardAccount = (row: PostingRow) => row.integration.institutionAccount.type === "credit";

/** The matcher's view of one side (`pairedWith` and `personal` are the caller's to set). */
export function sideOf(row: PostingRow, draft: NewBookTransaction, remoteId: string): MovementSide {
  const bt = row.bankTransaction;
  const hasPayment = bt.paymentReference !== null || bt.payerAccount !== null || bt.receiverAccount !== null;
  return {
    key: row.id,
    integrationId: row.integrationId,
    connectionId: bt.connectionId,
    institutionAccountId: row.integration.institutionAccountId,
    bookAccountId: row.integration.bookAccountId,
    remoteId,
    date: draft.date,
    amount: draft.amount,
    direction: bt.direction === "in" ? "in" : "out",
    currency: bt.currency,
    description: draft.description,
    pending: bt.pending,
    accountMask: row.integration.institutionAccount.mask,
    isCard: isCardAccount(row),
    category: bt.category,
    paymentData: hasPayment ? { referenceNumber: bt.paymentReference, payerAccount: bt.payerAccount, receiverAccount: bt.receiverAccount } : null,
    billId: bt.billId,
    personal: false,
    pairedWith: null,
  };
}

type RawPostingRow = {
  id: string; integrationId: string; bankTransactionId: string; state: PostingRow["state"]; dirty: boolean;
  bookTransactionId: string | null; postedDate: string | null; postedAmount: string | null; postedDescription: string | null;
  attempts: number; nextAttemptAt: Date; transferPairId: string | null;
  bt_connectionId: string; bt_institutionAccountId: string; bt_providerTransactionId: string; bt_date: Date; bt_amount: Prisma.Decimal;
  bt_direction: string; bt_currency: string; bt_description: string; bt_pending: boolean; bt_pendingTransactionId: string | null; bt_removed: boolean;
  bt_category: string | null; bt_paymentReference: string | null; bt_payerAccount: string | null;
  bt_receiverAccount: string | null; bt_billId: string | null; bt_details: Prisma.JsonValue;
};

type PostingIntegration = PostingRow["integration"];
type RawIntegration = Omit<PostingIntegration, "institutionAccount" | "status"> & {
  status: string;
  a_id: string; a_connectionId: string; a_providerAccountId: string; a_name: string; a_officialName: string | null; a_mask: string | null; a_type: string;
  a_subtype: string | null; a_currency: string; a_balanceCurrent: Prisma.Decimal | null; a_balanceAvailable: Prisma.Decimal | null; a_balanceAt: Date | null;
  a_hidden: boolean; a_createdAt: Date; a_updatedAt: Date; c_ownerId: string; c_provider: string; c_institutionName: string;
};

/**
 * Integrations with their institution account and connection (postingSelect's shape) in one
 * statement: the ORM's nested include sent three, for each of the poster's rounds.
 */
async function loadIntegrations(db: PrismaClient, ids: string[]): Promise<Map<string, PostingIntegration>> {
  if (!ids.length) return new Map();
  const rows = await db.$queryRaw<RawIntegration[]>`
    SELECT i.id, i."bookId", i."institutionAccountId", i."bookAccountId", i."periodStart", i."createdById", i.status::text AS status, i."errorMessage",
      i."postedCount", i."lastPostedAt", i."openingBalance", i."openingRemoteId", i."autoCheck", i."createdAt", i."updatedAt",
      a.id AS a_id, a."connectionId" AS "a_connectionId", a."providerAccountId" AS "a_providerAccountId", a.name AS a_name, a."officialName" AS "a_officialName",
      a.mask AS a_mask, a.type AS a_type, a.subtype AS a_subtype, a.currency AS a_currency, a."balanceCurrent" AS "a_balanceCurrent",
      a."balanceAvailable" AS "a_balanceAvailable", a."balanceAt" AS "a_balanceAt", a.hidden AS a_hidden, a."createdAt" AS "a_createdAt", a."updatedAt" AS "a_updatedAt",
      c."ownerId" AS "c_ownerId", c.provider::text AS c_provider, c."institutionName" AS "c_institutionName"
    FROM integrations i
    JOIN institution_accounts a ON a.id = i."institutionAccountId"
    JOIN connections c ON c.id = a."connectionId"
    WHERE i.id = ANY(${ids}::text[])`;
  return new Map(
    rows.map((r): [string, PostingIntegration] => [
      r.id,
      {
        id: r.id, bookId: r.bookId, institutionAccountId: r.institutionAccountId, bookAccountId: r.bookAccountId, periodStart: r.periodStart, createdById: r.createdById,
        status: r.status as PostingIntegration["status"], errorMessage: r.errorMessage, postedCount: r.postedCount, lastPostedAt: r.lastPostedAt,
        openingBalance: r.openingBalance, openingRemoteId: r.openingRemoteId, autoCheck: r.autoCheck, createdAt: r.createdAt, updatedAt: r.updatedAt,
        institutionAccount: {
          id: r.a_id, connectionId: r.a_connectionId, providerAccountId: r.a_providerAccountId, name: r.a_name, officialName: r.a_officialName, mask: r.a_mask,
          type: r.a_type, subtype: r.a_subtype, currency: r.a_currency, balanceCurrent: r.a_balanceCurrent, balanceAvailable: r.a_balanceAvailable,
          balanceAt: r.a_balanceAt, hidden: r.a_hidden, createdAt: r.a_createdAt, updatedAt: r.a_updatedAt,
          connection: { ownerId: r.c_ownerId, provider: r.c_provider as PostingIntegration["institutionAccount"]["connection"]["provider"], institutionName: r.c_institutionName },
        },
      },
    ]),
  );
}

/**
 * The Postings `ids` as `PostingRow`s (the shape of `select: postingSelect`), in one SQL statement for
 * the Postings and their bank transactions plus one for their few integrations — the poster's hot
 * path reads a thousand at a time, and the ORM's nested include cost more than the database did.
 * Ordered by integration, then the bank's date. The ids are joined as a set (unnest), which PostgreSQL
 * reads by primary key; `id = ANY(…)` over a thousand ids made it scan both tables whole.
 */
export async function loadPostingRows(db: PrismaClient, ids: string[]): Promise<PostingRow[]> {
  if (!ids.length) return [];
  const raw = await db.$queryRaw<RawPostingRow[]>`
    SELECT p.id, p."integrationId", p."bankTransactionId", p.state::text AS state, p.dirty, p."bookTransactionId", p."postedDate", p."postedAmount",
      p."postedDescription", p.attempts, p."nextAttemptAt", p."transferPairId",
      b."connectionId" AS "bt_connectionId", b."institutionAccountId" AS "bt_institutionAccountId", b."providerTransactionId" AS "bt_providerTransactionId",
      b.date AS "bt_date", b.amount AS "bt_amount", b.direction AS "bt_direction", b.currency AS "bt_currency", b.description AS "bt_description",
      b.pending AS "bt_pending", b."pendingTransactionId" AS "bt_pendingTransactionId", b.removed AS "bt_removed",
      b.category AS "bt_category", b."paymentReference" AS "bt_paymentReference", b."payerAccount" AS "bt_payerAccount", b."receiverAccount" AS "bt_receiverAccount",
      b."billId" AS "bt_billId", b.details AS "bt_details"
    FROM unnest(${[...new Set(ids)]}::text[]) AS u(id)
    JOIN postings p ON p.id = u.id
    JOIN bank_transactions b ON b.id = p."bankTransactionId"
    ORDER BY p."integrationId", b.date, p.id`;
  const integrations = await loadIntegrations(db, [...new Set(raw.map((r) => r.integrationId))]);
  return raw.flatMap((r): PostingRow[] => {
    const integration = integrations.get(r.integrationId);
    if (!integration) return []; // removed meanwhile: its Postings went with it
    return [
      {
        id: r.id, integrationId: r.integrationId, bankTransactionId: r.bankTransactionId, state: r.state, dirty: r.dirty,
        bookTransactionId: r.bookTransactionId, postedDate: r.postedDate, postedAmount: r.postedAmount, postedDescription: r.postedDescription,
        attempts: r.attempts, nextAttemptAt: r.nextAttemptAt, transferPairId: r.transferPairId,
        integration,
        bankTransaction: {
          id: r.bankTransactionId, connectionId: r.bt_connectionId, institutionAccountId: r.bt_institutionAccountId, providerTransactionId: r.bt_providerTransactionId,
          date: r.bt_date, amount: r.bt_amount, direction: r.bt_direction, currency: r.bt_currency, description: r.bt_description, pending: r.bt_pending,
          pendingTransactionId: r.bt_pendingTransactionId, removed: r.bt_removed, category: r.bt_category,
          paymentReference: r.bt_paymentReference, payerAccount: r.bt_payerAccount, receiverAccount: r.bt_receiverAccount, billId: r.bt_billId,
          details: r.bt_details,
        },
      },
    ];
  });
}
