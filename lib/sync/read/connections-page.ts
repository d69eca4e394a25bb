import type { BookRole } from "@/lib/generated/prisma/enums";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { canManageIntegrations } from "@/lib/auth/roles";
import { bookGatewayFor } from "@/lib/books";
import type { AppConfig } from "@/lib/config";
import { isoDay } from "@/lib/dates";
import type { Verification } from "@/lib/integrations/verification/compare";
import { verifyIntegration } from "@/lib/integrations/verification/load";
import { earliestStart, fittingAccountType, proposedAccountName } from "@/lib/integrations/rules";
import { getProvider } from "@/lib/providers";
import { connectionSyncView, syncNowDecision } from "@/lib/sync/read/status";
import { connectionSyncStates } from "@/lib/sync/read/views";
import { countVisibleConnections, listVisibleConnections, pageOf, visibleConnectionPosition, type VisibleConnection } from "@/lib/connections/queries";
import { connectionStatusView } from "@/lib/connections/status";

/** Connections per page: a Book may see a thousand of them. */
export const CONNECTIONS_PAGE_SIZE = 50;

type BookAccountChoice = { id: string; name: string };

/** One institution account as the page lists it, with what its Link Account dialog needs. */
export type ConnectionAccountRow = VisibleConnection["accounts"][number] & {
  /** The Book Account it is linked to: its name, null when the Account is no longer in the Book; undefined when not linked. */
  linkedTo: string | null | undefined;
  proposedName: string;
  wantedType: "ASSET" | "LIABILITY";
  /** Balance verification of its integration into this Book, when linked and the Book can be read. */
  verification: { verification: Verification; fractionDigits: number } | null;
};

/** One connection card: the connection, its status and sync views, and what this user may do with it. */
export type ConnectionCard = Omit<VisibleConnection, "accounts"> & {
  view: ReturnType<typeof connectionStatusView>;
  sync: ReturnType<typeof connectionSyncView>;
  mayReconnect: boolean;
  maySync: boolean;
  /** Whether its provider runs on the offline sandbox (the reconnect dialog says so). */
  sandbox: boolean;
  /** The earliest start date a new link may ask for (the provider's history limit). */
  minDate: string;
  accounts: ConnectionAccountRow[];
};

/** What the User Connections page shows (app/(portal)/books/[bookId]/automations/connections/page.tsx). */
export type ConnectionsPageData = {
  /** A just-made connection the page opens on (unless a page was asked for). */
  justConnected: { index: number; institutionName: string } | null;
  total: number;
  pages: { page: number; pageCount: number };
  connections: ConnectionCard[];
  /** Some connection is syncing: the page refreshes itself. */
  anySyncing: boolean;
  /** The user may link accounts to Book Accounts. */
  canLink: boolean;
  /** Book Accounts a link may use, per fitting type (one list for every dialog, sent to the browser once). */
  fitting: Record<"ASSET" | "LIABILITY", BookAccountChoice[]>;
  /** Today (UTC), the latest start date a link may ask for. */
  today: string;
};

/** Which provider runs on the offline sandbox (from AppConfig). */
export type ProviderModes = { plaid: Pick<AppConfig["plaid"], "mode">; pluggy: Pick<AppConfig["pluggy"], "mode"> };

export type ConnectionsPageRequest = { userId: string; bookId: string; role: BookRole; connected?: string; page?: string };

/** Reads the User Connections page: the connections this user sees in the Book, one page of them, with their accounts and links. */
export async function loadConnectionsPage(db: PrismaClient, config: ProviderModes, req: ConnectionsPageRequest, now = new Date()): Promise<ConnectionsPageData> {
  const { userId, bookId, role } = req;
  const justConnected = req.connected ? await visibleConnectionPosition(db, userId, bookId, req.connected) : null;
  const total = await countVisibleConnections(db, userId, bookId);
  const pages = pageOf(req.page ?? (justConnected ? Math.floor(justConnected.index / CONNECTIONS_PAGE_SIZE) + 1 : undefined), total, CONNECTIONS_PAGE_SIZE);
  const connections = await listVisibleConnections(db, userId, bookId, pages);
  const syncStates = await connectionSyncStates(db, userId, bookId, now, connections.map((c) => c.id));
  const gateway = bookGatewayFor(db, userId);
  const bookAccounts = await gateway.listAccounts(bookId);
  const accountName = new Map(bookAccounts.map((a) => [a.id, a.name]));
  const integrations = await db.integration.findMany({
    where: { bookId, institutionAccountId: { in: connections.flatMap((c) => c.accounts.map((a) => a.id)) } },
    select: { id: true, institutionAccountId: true, bookAccountId: true },
  });
  const verified = new Map<string, { verification: Verification; fractionDigits: number }>();
  for (const r of await Promise.all(integrations.map((i) => verifyIntegration(db, gateway, i.id, now).catch(() => null)))) {
    const i = r && integrations.find((x) => x.id === r.integrationId);
    if (r && i) verified.set(i.institutionAccountId, { verification: r.verification, fractionDigits: r.fractionDigits });
  }
  const linkedTo = new Map(integrations.map((i) => [i.institutionAccountId, accountName.get(i.bookAccountId) ?? null]));
  const fittingOf = (type: "ASSET" | "LIABILITY") => bookAccounts.filter((b) => b.type === type && !b.archived).map((b) => ({ id: b.id, name: b.name }));
  const today = isoDay(now);

  const cards = connections.map((c): ConnectionCard => {
    const s = syncStates.get(c.id);
    const view = connectionStatusView(c, now);
    const sync = connectionSyncView({ status: c.status, lastSyncedAt: c.lastSyncedAt, warningMessage: s?.warningMessage ?? null, createdAt: c.createdAt }, s?.running ?? null, s?.lastRun ?? null, now);
    return {
      ...c,
      view,
      sync,
      mayReconnect: view.canReconnect || Boolean(sync.problem?.reconnect),
      maySync: syncNowDecision({ ...c, ownerName: c.owner.name ?? c.owner.email }, role).ok,
      sandbox: (c.provider === "PLAID" ? config.plaid.mode : config.pluggy.mode) === "local-sandbox",
      minDate: earliestStart(today, getProvider(c.provider).maxHistoryDays),
      accounts: c.accounts.map((a) => ({
        ...a,
        linkedTo: linkedTo.has(a.id) ? (linkedTo.get(a.id) ?? null) : undefined,
        proposedName: proposedAccountName(c.institutionName, a.name, a.mask),
        wantedType: fittingAccountType(a.type),
        verification: verified.get(a.id) ?? null,
      })),
    };
  });

  return {
    justConnected,
    total,
    pages: { page: pages.page, pageCount: pages.pageCount },
    connections: cards,
    anySyncing: cards.some((c) => c.sync.busy),
    canLink: canManageIntegrations(role),
    fitting: { ASSET: fittingOf("ASSET"), LIABILITY: fittingOf("LIABILITY") },
    today,
  };
}
