import type { Metadata } from "next";
import Link from "next/link";
import { appContext, requireBookPage } from "@/lib/app-context";
import { getConfig } from "@/lib/config";
import { loadConnectionsPage } from "@/lib/sync/read/connections-page";
import { formatAmount } from "@/lib/format/money";
import { formatDateTime } from "@/lib/format/ui-dates";
import { getT } from "@/lib/i18n/server";
import { ConnectionActions } from "@/components/automations/connection-actions";
import { StatusBadge } from "@/components/automations/status-badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { disconnect, finishReconnect, startReconnect } from "../actions";
import { linkAccountAction, linkChoicesAction } from "../integration-actions";
import { LinkAccountDialog } from "@/components/automations/link-account-dialog";
import { BalanceVerification } from "@/components/automations/balance-verification";
import { AutoRefresh } from "@/components/automations/auto-refresh";
import { Pager } from "@/components/automations/pager";
import { SyncNowButton } from "@/components/automations/sync-now-button";
import { SyncStatus } from "@/components/automations/sync-status";
import { syncNowAction } from "../sync-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("automations.connections") };
}

const ACCOUNT_TYPES = ["depository", "credit", "loan", "investment", "other"] as const;

export default async function ConnectionsPage({ params, searchParams }: { params: Promise<{ bookId: string }>; searchParams: Promise<{ connected?: string; again?: string; page?: string; after?: string; before?: string }> }) {
  const { bookId } = await params;
  const { user, role } = await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations/connections`);
  const t = await getT();
  const typeLabel = (type: string) => {
    const known = ACCOUNT_TYPES.find((k) => k === type);
    return known ? t(`connections.accountTypes.${known}`) : type;
  };
  const query = await searchParams;
  const { justConnected, total, pages, connections, anySyncing, canLink, today } = await loadConnectionsPage(await appContext().db(), getConfig(), {
    userId: user.id,
    bookId,
    role,
    connected: query.connected,
    page: query.page,
    after: query.after,
    before: query.before,
  });

  return (
    <div>
      <h3 className="mb-3 text-base font-semibold">{t("automations.connections")}</h3>
      <AutoRefresh active={anySyncing} />
      {justConnected ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {/* again=1: back from Reconnect through the Plaid OAuth return page (/oauth/plaid). */}
          {t(query.again === "1" ? "connections.connectedAgain" : "connections.justConnected", { name: justConnected.institutionName })}
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
            const { view, sync, mayReconnect, maySync } = c;
            return (
              <li key={c.id}>
                <article aria-labelledby={`conn-${c.id}`} data-connection-id={c.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div>
                      <div className="flex items-center gap-2">
                        <h4 id={`conn-${c.id}`} className="font-semibold">
                          {c.institutionName}
                        </h4>
                        <StatusBadge view={view} t={t} />
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
                      <SyncStatus view={sync} t={t} />
                      {/* A connected connection's reason is its expiry note, which the dated warning already says. */}
                      {view.reason && !(sync.warning && c.status === "CONNECTED") ? <p className="mt-2 text-sm text-slate-700">{t.msg(view.reason)}</p> : null}
                      {view.action && c.mine ? <p className="text-sm text-slate-600">{t.msg(view.action)}</p> : null}
                      {view.newAccounts ? (
                        <p className="mt-2 text-sm font-medium text-slate-800" data-testid="new-accounts">
                          {t.msg(view.newAccounts)}
                        </p>
                      ) : null}
                      {!c.mine && view.newAccounts ? <p className="text-sm text-slate-600">{t("connections.onlyOwnerAddsAccounts", { name: c.owner.name ?? c.owner.email })}</p> : null}
                      {!c.mine && mayReconnect ? <p className="text-sm text-slate-600">{t("connections.onlyOwnerReconnects", { name: c.owner.name ?? c.owner.email })}</p> : null}
                      {c.mine && !c.sharedWithBook ? <p className="text-sm text-slate-600">{t("connections.actFromSharedBook")}</p> : null}
                    </div>
                    <div className="flex flex-wrap items-start gap-2">
                      {maySync ? <SyncNowButton bookId={bookId} connectionId={c.id} syncNow={syncNowAction} /> : null}
                      {c.mine ? (
                        <Link href={`/books/${bookId}/automations/connections/${c.id}/history`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50" aria-label={t("connections.historyOf", { name: c.institutionName })}>
                          {t("connections.history")}
                        </Link>
                      ) : null}
                      {/* Recorded in this Book's audit trail: only from a Book the connection is shared with. */}
                      {c.mine && c.sharedWithBook ? (
                        <ConnectionActions
                          bookId={bookId}
                          connectionId={c.id}
                          institutionName={c.institutionName}
                          canReconnect={mayReconnect}
                          canAddAccounts={Boolean(view.newAccounts)}
                          sandbox={c.sandbox}
                          actions={{ startReconnect, finishReconnect, disconnect }}
                        />
                      ) : null}
                    </div>
                  </div>
                  <DataTable
                    className="mt-3"
                    dense
                    label={t("connections.accountsAt", { name: c.institutionName })}
                    columns={[
                      { key: "account", label: t("connections.account") },
                      { key: "number", label: t("connections.number") },
                      { key: "type", label: t("connections.type") },
                      { key: "balance", label: t("connections.balance"), align: "right" },
                      { key: "linkedTo", label: t("connections.linkedTo") },
                    ]}
                  >
                    {c.accounts.map((a) => (
                      <tr key={a.id} data-testid="institution-account">
                        <td>{a.name}</td>
                        <td className="tabular-nums">{a.mask ? `•••• ${a.mask}` : "—"}</td>
                        <td>{typeLabel(a.type)}</td>
                        <td className="text-right tabular-nums">{a.balanceCurrent ? formatAmount(a.balanceCurrent, a.currency, c.country === "BR" ? "pt-BR" : "en-US") : "—"}</td>
                        <td className="text-slate-500">
                          {a.linkedTo !== undefined ? (
                            <span className="flex flex-col items-start gap-1">
                              <span className="text-slate-800">{a.linkedTo ?? t("connections.anAccount")}</span>
                              {a.verification ? <BalanceVerification id={a.id} verification={a.verification.verification} fractionDigits={a.verification.fractionDigits} compact t={t} /> : null}
                            </span>
                          ) : canLink && (c.mine || c.sharedWithBook) ? (
                            <LinkAccountDialog
                              bookId={bookId}
                              institutionAccount={{
                                id: a.id,
                                label: `${a.name}${a.mask ? ` •••• ${a.mask}` : ""}`,
                                proposedName: a.proposedName,
                                wantedType: a.wantedType,
                              }}
                              minDate={c.minDate}
                              maxDate={today}
                              choices={linkChoicesAction}
                              action={linkAccountAction}
                            />
                          ) : (
                            t("connections.notLinked")
                          )}
                        </td>
                      </tr>
                    ))}
                  </DataTable>
                </article>
              </li>
            );
          })}
        </ul>
      )}
      <Pager basePath={`/books/${bookId}/automations/connections`} list={t("automations.connections")} from={pages.from} shown={connections.length} total={total} next={pages.next} previous={pages.previous} />
    </div>
  );
}
