import type { Metadata } from "next";
import Link from "next/link";
import { requireBookPage } from "@/lib/auth/guard";
import { canManageIntegrations } from "@/lib/auth/roles";
import { bookGatewayFor } from "@/lib/books";
import { prisma } from "@/lib/db";
import { earliestStart } from "@/lib/integrations/rules";
import { getProvider } from "@/lib/providers";
import { integrationStatusView } from "@/lib/sync/status";
import { listBookIntegrations } from "@/lib/sync/views";
import { AutoRefresh } from "@/components/automations/auto-refresh";
import { IntegrationControls } from "@/components/automations/integration-controls";
import { PostingChart } from "@/components/automations/posting-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { removeIntegrationAction, saveConfiguration } from "../integration-actions";

export const metadata: Metadata = { title: "Book Integrations" };

const when = (d: Date | null) => (d ? `${d.toISOString().replace("T", " ").slice(0, 16)} UTC` : "not yet");

const TONE = { ok: "bg-emerald-50 text-emerald-800", busy: "bg-sky-50 text-sky-800", error: "bg-red-50 text-red-800" } as const;

export default async function IntegrationsPage({ params }: { params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  const { user, role } = await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations/integrations`);
  const db = await prisma();
  const { days, integrations } = await listBookIntegrations(db, bookId);
  const accounts = new Map((await bookGatewayFor(db, user.id).listAccounts(bookId)).map((a) => [a.id, a.name]));
  const canManage = canManageIntegrations(role);
  const today = new Date().toISOString().slice(0, 10);
  const views = integrations.map((i) => ({ i, status: integrationStatusView(i, { connectionStatus: i.connectionStatus, pending: i.pending, running: i.running, flagged: i.flagged }) }));

  return (
    <div>
      <h3 className="mb-3 text-base font-semibold">Book Integrations</h3>
      <AutoRefresh active={views.some((v) => v.status.busy)} />
      {integrations.length === 0 ? (
        <EmptyState title="No integrations yet">
          When an account at a bank is linked to an Account of this Book, it appears here with its historical period, status and last posting.{" "}
          <Link href={`/books/${bookId}/automations/connections`} className="text-brand-700 underline">
            Link an account
          </Link>
          .
        </EmptyState>
      ) : (
        <ul className="space-y-4" aria-label="Integrations">
          {views.map(({ i, status }) => (
            <li key={i.id}>
              <article aria-label={i.label} data-integration-id={i.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h4 className="font-semibold">{i.label}</h4>
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status.tone]}`} data-testid="integration-status">
                    {status.label}
                  </span>
                </div>
                <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
                  <dt className="text-slate-500">Book Account</dt>
                  <dd>{accounts.get(i.bookAccountId) ?? "(removed Account)"}</dd>
                  <dt className="text-slate-500">Period from</dt>
                  <dd data-testid="integration-period">{i.periodStart}</dd>
                  <dt className="text-slate-500">Last posting</dt>
                  <dd>{when(i.lastPostedAt)}</dd>
                  <dt className="text-slate-500">Posted</dt>
                  <dd data-testid="integration-posted">{i.postedCount}</dd>
                </dl>
                {status.problem ? (
                  <p role="alert" className="mt-2 text-sm text-red-700">
                    {status.problem}
                  </p>
                ) : null}
                {status.flagged ? (
                  <p className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-2 py-1 text-sm text-amber-900" data-testid="integration-flagged">
                    {status.flagged}
                  </p>
                ) : null}
                <PostingChart days={days} perDay={i.perDay} total={i.postedInChart} />
                {canManage ? (
                  <IntegrationControls
                    bookId={bookId}
                    integrationId={i.id}
                    label={i.label}
                    minDate={earliestStart(today, getProvider(i.provider).maxHistoryDays)}
                    maxDate={today}
                    saveConfiguration={saveConfiguration}
                    remove={removeIntegrationAction}
                  />
                ) : null}
              </article>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
