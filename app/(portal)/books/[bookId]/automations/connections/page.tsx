import type { Metadata } from "next";
import Link from "next/link";
import { requireBookPage } from "@/lib/auth/guard";
import { getConfig } from "@/lib/config";
import { listVisibleConnections } from "@/lib/connections/queries";
import { connectionStatusView } from "@/lib/connections/status";
import { prisma } from "@/lib/db";
import { formatAmount } from "@/lib/format/money";
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
import { connectionSyncView, syncNowDecision } from "@/lib/sync/status";
import { connectionSyncStates } from "@/lib/sync/views";
import { AutoRefresh } from "@/components/automations/auto-refresh";
import { SyncNowButton } from "@/components/automations/sync-now-button";
import { SyncStatus } from "@/components/automations/sync-status";
import { syncNowAction } from "../sync-actions";

export const metadata: Metadata = { title: "User Connections" };

const TYPE_LABEL: Record<string, string> = { depository: "Bank account", credit: "Credit card", loan: "Loan", investment: "Investment", other: "Other" };

export default async function ConnectionsPage({ params, searchParams }: { params: Promise<{ bookId: string }>; searchParams: Promise<{ connected?: string }> }) {
  const { bookId } = await params;
  const { user, role } = await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations/connections`);
  const config = getConfig();
  const db = await prisma();
  const connections = await listVisibleConnections(db, user.id, bookId);
  const now = new Date();
  const syncStates = await connectionSyncStates(db, user.id, bookId, now);
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
  const linkedTo = new Map(integrations.map((i) => [i.institutionAccountId, accountName.get(i.bookAccountId) ?? "an Account"]));
  const today = new Date().toISOString().slice(0, 10);
  const connected = (await searchParams).connected;
  const justConnected = connections.find((c) => c.id === connected);

  return (
    <div>
      <h3 className="mb-3 text-base font-semibold">User Connections</h3>
      <AutoRefresh active={anySyncing} />
      {justConnected ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {justConnected.institutionName} is connected. Use Link Account next to an account to send its transactions to this Book.
        </p>
      ) : null}
      {connections.length === 0 ? (
        <EmptyState title="No bank connections yet">
          Your bank connections, and those shared with this Book by their owners, will appear here with their status, last sync and accounts.{" "}
          <Link href={`/books/${bookId}/automations/banks`} className="text-brand-700 underline">
            Connect a bank
          </Link>
          .
        </EmptyState>
      ) : (
        <ul className="space-y-4" aria-label="Connections">
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
                        {c.provider === "PLAID" ? "Plaid" : "Pluggy"} · {c.country} · {c.mine ? "Yours" : `Shared by ${c.owner.name ?? c.owner.email}`}
                        {c.mine && !c.sharedWithBook ? " · not shared with this Book" : ""} ·{" "}
                        {sync.lastSyncedIso ? (
                          <time dateTime={sync.lastSyncedIso} title={`${sync.lastSyncedIso.replace("T", " ").slice(0, 16)} UTC`}>
                            {sync.lastSynced}
                          </time>
                        ) : (
                          sync.lastSynced
                        )}
                      </p>
                      <SyncStatus view={sync} />
                      {/* A connected connection's reason is its expiry note, which the dated warning already says. */}
                      {view.reason && !(sync.warning && c.status === "CONNECTED") ? <p className="mt-2 text-sm text-slate-700">{view.reason}</p> : null}
                      {view.action && c.mine ? <p className="text-sm text-slate-600">{view.action}</p> : null}
                      {!c.mine && mayReconnect ? <p className="text-sm text-slate-600">Only {c.owner.name ?? c.owner.email} can reconnect it.</p> : null}
                    </div>
                    <div className="flex flex-wrap items-start gap-2">
                      {maySync ? <SyncNowButton bookId={bookId} connectionId={c.id} syncNow={syncNowAction} /> : null}
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
                  <table className="mt-3 w-full text-sm" aria-label={`Accounts at ${c.institutionName}`}>
                    <thead>
                      <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                        <th scope="col" className="py-1.5 pr-3 font-medium">Account</th>
                        <th scope="col" className="py-1.5 pr-3 font-medium">Number</th>
                        <th scope="col" className="py-1.5 pr-3 font-medium">Type</th>
                        <th scope="col" className="py-1.5 pr-3 text-right font-medium">Balance</th>
                        <th scope="col" className="py-1.5 font-medium">Linked to</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.accounts.map((a) => (
                        <tr key={a.id} className="border-b border-slate-100" data-testid="institution-account">
                          <td className="py-1.5 pr-3">{a.name}</td>
                          <td className="py-1.5 pr-3 tabular-nums">{a.mask ? `•••• ${a.mask}` : "—"}</td>
                          <td className="py-1.5 pr-3">{TYPE_LABEL[a.type] ?? a.type}</td>
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
                                bookAccounts={bookAccounts.filter((b) => b.type === fittingAccountType(a.type) && !b.archived)}
                                minDate={earliestStart(today, getProvider(c.provider).maxHistoryDays)}
                                maxDate={today}
                                action={linkAccountAction}
                              />
                            ) : (
                              "Not linked"
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
    </div>
  );
}
