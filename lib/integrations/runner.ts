import { bookGatewayFor } from "@/lib/books";
import { prisma } from "@/lib/db";
import { getProvider } from "@/lib/providers";
import { backfillIntegration } from "./service";

/**
 * Runs a backfill in the background of this server process, one at a time per integration (a second
 * request while one runs is remembered and runs right after). Errors are kept on the integration
 * for the page to show. The scheduled, crash-safe engine across processes comes with the sync issue;
 * posting is idempotent by remote id, so a re-run after a crash adds only what is missing.
 */
const g = globalThis as unknown as { __backfills?: Map<string, { again: boolean }> };

export function startBackfill(integrationId: string): void {
  g.__backfills ??= new Map();
  const running = g.__backfills.get(integrationId);
  if (running) {
    running.again = true;
    return;
  }
  const state = { again: false };
  g.__backfills.set(integrationId, state);
  void (async () => {
    try {
      do {
        state.again = false;
        const db = await prisma();
        const integration = await db.integration.findUnique({ where: { id: integrationId }, include: { institutionAccount: { include: { connection: true } } } });
        if (!integration) return;
        const gateway = bookGatewayFor(db, integration.createdById ?? integration.institutionAccount.connection.ownerId);
        await backfillIntegration(db, gateway, getProvider(integration.institutionAccount.connection.provider), integrationId).catch((err: unknown) => {
          console.error(`[backfill] integration ${integrationId}: ${err instanceof Error ? err.message.split("\n")[0] : "failed"}`);
        });
      } while (state.again);
    } finally {
      g.__backfills?.delete(integrationId);
    }
  })();
}
