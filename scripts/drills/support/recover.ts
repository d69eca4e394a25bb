import type { PrismaClient } from "@/lib/generated/prisma/client";
import { integrationStatusView } from "@/lib/sync/read/status";
import { listBookIntegrations } from "@/lib/sync/read/views";

/**
 * Whether every integration of the connection in the Book shows Active, exactly as the Book
 * Integrations page words it (lib/sync/read): no dirty Posting, no live run, no error.
 */
export async function integrationsActive(db: PrismaClient, bookId: string, connectionId: string): Promise<boolean> {
  const { integrations } = await listBookIntegrations(db, bookId);
  const mine = integrations.filter((i) => i.connectionId === connectionId);
  return (
    mine.length > 0 &&
    mine.every((i) => integrationStatusView(i, { connectionStatus: i.connectionStatus, pending: i.pending, running: i.running, flagged: i.flagged }).label.key === "integrationStatus.active")
  );
}

export type Progress = { runs: Record<"RUNNING" | "SUCCEEDED" | "FAILED", number>; stored: number; postings: number; dirty: number; posted: number; inBook: number; /** Every Book transaction not trashed (any provider, the demo ones too). */
  bookTotal: number;
  lastRun: { state: string; pages: number; added: number; posted: number; errorCode: string | null } | null };

/** Where the connection's sync stands, from the database alone. */
export async function progressOf(db: PrismaClient, connectionId: string, bookId: string, provider: "plaid" | "pluggy"): Promise<Progress> {
  const [byState, stored, postings, dirty, posted, inBook, bookTotal, lastRun] = await Promise.all([
    db.syncRun.groupBy({ by: ["state"], where: { connectionId }, _count: true }),
    db.bankTransaction.count({ where: { connectionId } }),
    db.posting.count({ where: { integration: { institutionAccount: { connectionId } } } }),
    db.posting.count({ where: { dirty: true, integration: { institutionAccount: { connectionId } } } }),
    db.posting.count({ where: { state: "POSTED", integration: { institutionAccount: { connectionId } } } }),
    db.ledgerTransaction.count({ where: { bookId, trashed: false, properties: { path: ["provider"], equals: provider } } }),
    db.ledgerTransaction.count({ where: { bookId, trashed: false } }),
    db.syncRun.findFirst({ where: { connectionId }, orderBy: { startedAt: "desc" }, select: { state: true, pages: true, added: true, posted: true, errorCode: true } }),
  ]);
  const runs = { RUNNING: 0, SUCCEEDED: 0, FAILED: 0 };
  for (const r of byState) runs[r.state] = r._count;
  return { runs, stored, postings, dirty, posted, inBook, bookTotal, lastRun };
}
