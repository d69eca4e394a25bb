import type { Metadata } from "next";
import Link from "next/link";
import { requireBookPage } from "@/lib/auth/guard";
import { getConfig } from "@/lib/config";
import { countVisibleConnections, listVisibleConnections, pageOf, visibleConnectionPosition } from "@/lib/connections/queries";
import { connectionStatusView } from "@/lib/connections/status";
import { prisma } from "@/lib/db";
import { formatAmount } from "@/lib/format/money";
import { formatDateTime } from "@/lib/format/ui-dates";
import { getT } from "@/lib/i18n/server";
import { ConnectionActions } from "@/components/automations/connection-actions";
import { StatusBadge } from "@/components/automations/status-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { disconnect, finishReconnect, startReconnect } from "../actions";
import { linkAccountAction } from "../integration-actions";
import { LinkAccountDialog } from "@/components/automations/link-account-dialog";
import { canManageIntegrations } from "@/lib/auth/roles";
import { bookGatewayFor } from "@/lib/books";
import { getProvider } from "@/lib/providers";
import { earliestStart, fittingAccountType, proposedAccountName } from "@/lib/integrations/rules";
import { connectionSyncView, syncNowDecision } from "@/lib/sync/read/status";
import { connectionSyncStates } from "@/lib/sync/read/views";
import { AutoRefresh } from "@/components/automations/auto-refresh";
import { Pager } from "@/components/automations/pager";
import { SyncNowButton } from "@/components/automations/sync-now-button";
import { SyncStatus } from "@/components/automations/sync-status";
import { syncNowAction } from "../sync-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("automations.connections") };
}

const ACCOUNT_TYPES = ["depository", "credit", "loan", "investment", "other"] as const;

/** Connections per page: a Book may see a thousand of them. */
const PAGE_SIZE = 50;

export default async function ConnectionsPage({ params, searchParams }: { params: Promise<{ bookId: string }>; searchParams: Promise<{ connected?: string; page?: string }> }) {
  const { bookId } = await params;
  const { user, role } = await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations/connections`);
  const config = getConfig();
  const t = await getT();
  const typeLabel = (type: string) => {
    const known = ACCOUNT_TYPES.find((k) => k === type);
    return known ? t(`connections.accountTypes.${known}`) : type;
  };
  const db = await prisma();
  const query = await searchParams;
  const connected = query.connected;
  // A just-made connection: open the page that shows it (unless a page was asked for).
  const justConnected = connected ? await visibleConnectionPosition(db, user.id, bookId, connected) : null;
  const total = await countVisibleConnections(db, user.id, bookId);
  const pages = pageOf(query.page ?? (justConnected ? Math.floor(justConnected.index / PAGE_SIZE) + 1 : undefined), total, PAGE_SIZE);
  const connections = await listVisibleConnections(db, user.id, bookId, pages);
  const now = new Date();
  const syncStates = await connectionSyncStates(db, user.id, bookId, now, connections.map((c) => c.id));
  const syncViews = new Map(
    connections.map((c) => {
      const s = syncStates.get(c.id);
      return [c.id, connectionSyncView({ status: c.status, lastSyncedAt: c.lastSyncedAt, warningMessage: s?.warningMessage ?? null }, s?.running ?? null, s?.lastRun ?? null, now)];
    }),
  );
  const anySyncing = [...syncViews.values()].some((v) => v.busy);
  const canLink = canManageIntegrations(role);
  const bookAccounts = await bookGatewayFor(db, user.id).listAccounts(bookId);
  const accountName = new Map(bookAccounts.map((a) => [a.id, a.name]));
  const integrations = await db.integration.findMany({
    where: { bookId, institutionAccountId: { in: connections.flatMap((c) => c.accounts.map((a) => a.id)) } },
    select: { institutionAccountId: true, bookAccountId: true },
  });
  // One list per fitting type, shared by every Link Account dialog (sent to the browser once).
  const fittingOf = (type: "ASSET" | "LIABILITY") => bookAccounts.filter((b) => b.type === type && !b.archived).map((b) => ({ id: b.id, name: b.name }));
  const fitting = { ASSET: fittingOf("ASSET"), LIABILITY: fittingOf("LIABILITY") };
  const linkedTo = new Map(integrations.map((i) => [i.institutionAccountId, accountName.get(i.bookAccountId) ?? t("connections.anAccount")]));
  const today = new Date().toISOString().slice(0, 10);

  return (
    <div>
      <h3 className="mb-3 text-base font-semibold">{t("automations.connections")}</h3>
      <AutoRefresh active={anySyncing} />
      {justConnected ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {t("connections.justConnected", { name: justConnected.institutionName })}
        </p>
      ) : null}
      {connections.length === 0 ? (
        <EmptyState title={t("connections.emptyTitle")}>
          {t("connections.emptyBody")}{" "}
          <Link href={`/books/${bookId}/automations/banks`} className="text-brand-700 underline">
            {t("connections.connectBank")}
          </Link>
          .
        </EmptyState>
      ) : (
        <ul className="space-y-4" aria-label={t("connections.listLabel")}>
          {connections.map((c) => {
            const view = connectionStatusView(c);
            const sync = syncViews.get(c.id)!;
            const mayReconnect = view.canReconnect || Boolean(sync.problem?.reconnect);
            const maySync = syncNowDecision({ ...c, ownerName: c.owner.name ?? c.owner.email }, role).ok;
            return (
              <li key={c.id}>
                <article aria-labelledby={`conn-${c.id}`} data-connection-id={c.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div>
                      <div className="flex items-center gap-2">
                        <h4 id={`conn-${c.id}`} className="font-semibold">
                          {c.institutionName}
                        </h4>
                        <StatusBadge view={view} />
                      </div>
                      <p className="mt-1 text-xs text-slate-500">
                        {c.provider === "PLAID" ? "Plaid" : "Pluggy"} · {c.country} · {c.mine ? t("connections.yours") : t("connections.sharedBy", { name: c.owner.name ?? c.owner.email })}
                        {c.mine && !c.sharedWithBook ? t("connections.notShared") : ""} ·{" "}
                        {sync.lastSyncedIso ? (
                          <time dateTime={sync.lastSyncedIso} title={formatDateTime(new Date(sync.lastSyncedIso), t.locale)}>
                            {t.msg(sync.lastSynced)}
                          </time>
                        ) : (
                          t.msg(sync.lastSynced)
                        )}
                      </p>
                      <SyncStatus view={sync} />
                      {/* A connected connection's reason is its expiry note, which the dated warning already says. */}
                      {view.reason && !(sync.warning && c.status === "CONNECTED") ? <p className="mt-2 text-sm text-slate-700">{t.msg(view.reason)}</p> : null}
                      {view.action && c.mine ? <p className="text-sm text-slate-600">{t.msg(view.action)}</p> : null}
                      {!c.mine && mayReconnect ? <p className="text-sm text-slate-600">{t("connections.onlyOwnerReconnects", { name: c.owner.name ?? c.owner.email })}</p> : null}
                    </div>
                    <div className="flex flex-wrap items-start gap-2">
                      {maySync ? <SyncNowButton bookId={bookId} connectionId={c.id} syncNow={syncNowAction} /> : null}
                      {c.mine ? (
                        <Link href={`/books/${bookId}/automations/connections/${c.id}/history`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50" aria-label={t("connections.historyOf", { name: c.institutionName })}>
                          {t("connections.history")}
                        </Link>
                      ) : null}
                      {c.mine ? (
                        <ConnectionActions
                          bookId={bookId}
                          connectionId={c.id}
                          institutionName={c.institutionName}
                          canReconnect={mayReconnect}
                          sandbox={c.provider === "PLAID" ? config.plaid.mode === "local-sandbox" : config.pluggy.mode === "local-sandbox"}
                          actions={{ startReconnect, finishReconnect, disconnect }}
                        />
                      ) : null}
                    </div>
                  </div>
                  <table className="mt-3 w-full text-sm" aria-label={t("connections.accountsAt", { name: c.institutionName })}>
                    <thead>
                      <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                        <th scope="col" className="py-1.5 pr-3 font-medium">{t("connections.account")}</th>
                        <th scope="col" className="py-1.5 pr-3 font-medium">{t("connections.number")}</th>
                        <th scope="col" className="py-1.5 pr-3 font-medium">{t("connections.type")}</th>
                        <th scope="col" className="py-1.5 pr-3 text-right font-medium">{t("connections.balance")}</th>
                        <th scope="col" className="py-1.5 font-medium">{t("connections.linkedTo")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.accounts.map((a) => (
                        <tr key={a.id} className="border-b border-slate-100" data-testid="institution-account">
                          <td className="py-1.5 pr-3">{a.name}</td>
                          <td className="py-1.5 pr-3 tabular-nums">{a.mask ? `•••• ${a.mask}` : "—"}</td>
                          <td className="py-1.5 pr-3">{typeLabel(a.type)}</td>
                          <td className="py-1.5 pr-3 text-right tabular-nums">{a.balanceCurrent ? formatAmount(a.balanceCurrent, a.currency, c.country === "BR" ? "pt-BR" : "en-US") : "—"}</td>
                          <td className="py-1.5 text-slate-500">
                            {linkedTo.has(a.id) ? (
                              <span className="text-slate-800">{linkedTo.get(a.id)}</span>
                            ) : canLink && (c.mine || c.sharedWithBook) ? (
                              <LinkAccountDialog
                                bookId={bookId}
                                institutionAccount={{
                                  id: a.id,
                                  label: `${a.name}${a.mask ? ` •••• ${a.mask}` : ""}`,
                                  proposedName: proposedAccountName(c.institutionName, a.name, a.mask),
                                  wantedType: fittingAccountType(a.type),
                                }}
                                bookAccounts={fitting[fittingAccountType(a.type)]}
                                minDate={earliestStart(today, getProvider(c.provider).maxHistoryDays)}
                                maxDate={today}
                                action={linkAccountAction}
                              />
                            ) : (
                              t("connections.notLinked")
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </article>
              </li>
            );
          })}
        </ul>
      )}
      <Pager basePath={`/books/${bookId}/automations/connections`} list={t("automations.connections")} page={pages.page} pageCount={pages.pageCount} pageSize={PAGE_SIZE} total={total} />
    </div>
  );
}
