import type { BookRole } from "@/lib/generated/prisma/enums";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { canManageIntegrations } from "@/lib/auth/roles";
import { bookGatewayFor } from "@/lib/books";
import { withBookReadCache } from "@/lib/books/read-cache";
import type { AppConfig } from "@/lib/config";
import { isoDay } from "@/lib/dates";
import type { Verification } from "@/lib/integrations/verification/compare";
import { pageVerifications } from "@/lib/integrations/verification/cache";
import { earliestStart, fittingAccountType, proposedAccountName } from "@/lib/integrations/rules";
import { getProvider } from "@/lib/providers";
import { connectionSyncView, syncNowDecision } from "@/lib/sync/read/status";
import { connectionSyncStates } from "@/lib/sync/read/views";
import { countVisibleConnections, pageOf, pageVisibleConnections, visibleConnectionPosition, type VisibleConnection } from "@/lib/connections/queries";
import { readCursor, type PageStart } from "@/lib/pagination/keyset";
import { CONNECTIONS_PAGE_SIZE } from "@/lib/pagination/sizes";
import { connectionStatusView } from "@/lib/connections/status";

export { CONNECTIONS_PAGE_SIZE };

/** One institution account as the page lists it, with what its Link Account dialog needs (the Book's Accounts it fetches when opened: link-choices.ts). */
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
  /** Which connections this page shows: 0-based position of the first, cursors of the next and previous pages (null at the ends). */
  pages: { from: number; next: string | null; previous: string | null };
  connections: ConnectionCard[];
  /** Some connection is syncing: the page refreshes itself. */
  anySyncing: boolean;
  /** The user may link accounts to Book Accounts. */
  canLink: boolean;
  /** Today (UTC), the latest start date a link may ask for. */
  today: string;
};

/** Which provider runs on the offline sandbox (from AppConfig). */
export type ProviderModes = { plaid: Pick<AppConfig["plaid"], "mode">; pluggy: Pick<AppConfig["pluggy"], "mode"> };

/** The page's query: `after` / `before` (keyset cursors of Next and Previous), `page` (a page number), `connected` (a just-made connection, whose page it opens on). */
export type ConnectionsPageRequest = { userId: string; bookId: string; role: BookRole; connected?: string; page?: string; after?: string; before?: string };

/** Reads the User Connections page: the connections this user sees in the Book, one page of them, with their accounts and links. */
export async function loadConnectionsPage(db: PrismaClient, config: ProviderModes, req: ConnectionsPageRequest, now = new Date()): Promise<ConnectionsPageData> {
  const { userId, bookId, role } = req;
  const cursor = readCursor(req);
  const justConnected = !cursor && req.connected ? await visibleConnectionPosition(db, userId, bookId, req.connected) : null;
  const total = await countVisibleConnections(db, userId, bookId);
  // A cursor reads by keyset; a page number (or a just-made connection's page) by offset, once.
  const numbered = cursor ? null : pageOf(req.page ?? (justConnected ? Math.floor(justConnected.index / CONNECTIONS_PAGE_SIZE) + 1 : undefined), total, CONNECTIONS_PAGE_SIZE);
  const start: PageStart = cursor ? { cursor } : { offset: numbered!.skip };
  let page = await pageVisibleConnections(db, userId, bookId, start, CONNECTIONS_PAGE_SIZE);
  // A cursor past the end (the rows after it are gone): the first page.
  if (page.items.length === 0 && cursor) page = await pageVisibleConnections(db, userId, bookId, { offset: 0 }, CONNECTIONS_PAGE_SIZE);
  const connections = page.items;
  const syncStates = await connectionSyncStates(db, userId, bookId, now, connections.map((c) => c.id));
  const gateway = withBookReadCache(bookGatewayFor(db, userId));
  const integrations = await db.integration.findMany({
    where: { bookId, institutionAccountId: { in: connections.flatMap((c) => c.accounts.map((a) => a.id)) } },
    select: { id: true, institutionAccountId: true, bookAccountId: true },
  });
  const [bookAccounts, verifications] = await Promise.all([
    integrations.length ? gateway.getAccounts(bookId, [...new Set(integrations.map((i) => i.bookAccountId))]) : Promise.resolve([]),
    // A Book that cannot be read shows no verification, not an error.
    pageVerifications(db, gateway, integrations.map((i) => i.id), now).catch(() => new Map<string, never>()),
  ]);
  const accountName = new Map(bookAccounts.map((a) => [a.id, a.name]));
  const verified = new Map<string, { verification: Verification; fractionDigits: number }>();
  for (const i of integrations) {
    const r = verifications.get(i.id);
    if (r) verified.set(i.institutionAccountId, { verification: r.verification, fractionDigits: r.fractionDigits });
  }
  const linkedTo = new Map(integrations.map((i) => [i.institutionAccountId, accountName.get(i.bookAccountId) ?? null]));
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
    pages: { from: page.from, next: page.next, previous: page.previous },
    connections: cards,
    anySyncing: cards.some((c) => c.sync.busy),
    canLink: canManageIntegrations(role),
    today,
  };
}
