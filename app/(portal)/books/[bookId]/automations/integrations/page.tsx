import type { Metadata } from "next";
import { isoDay } from "@/lib/dates";
import Link from "next/link";
import { appContext, requireBookPage } from "@/lib/app-context";
import { canManageIntegrations } from "@/lib/auth/roles";
import { pageBookGateway } from "@/lib/books/read-cache";
import { formatDateTime, formatDay } from "@/lib/format/ui-dates";
import { getT } from "@/lib/i18n/server";
import { earliestStart } from "@/lib/integrations/rules";
import { integrationStatusView } from "@/lib/sync/read/status";
import { countBookIntegrations, pageBookIntegrations } from "@/lib/sync/read/views";
import { pageOf } from "@/lib/connections/queries";
import { readCursor, type PageStart } from "@/lib/pagination/keyset";
import { INTEGRATIONS_PAGE_SIZE as PAGE_SIZE } from "@/lib/pagination/sizes";
import { AutoRefresh } from "@/components/automations/auto-refresh";
import { Pager } from "@/components/automations/pager";
import { IntegrationControls } from "@/components/automations/integration-controls";
import { PostingChart } from "@/components/automations/posting-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { BalanceVerification } from "@/components/automations/balance-verification";
import { pageVerifications } from "@/lib/integrations/verification/cache";
import { removeIntegrationAction, saveConfiguration } from "../integration-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("automations.integrations") };
}


const TONE = { ok: "bg-emerald-50 text-emerald-800", busy: "bg-sky-50 text-sky-800", error: "bg-red-50 text-red-800" } as const;

export default async function IntegrationsPage({ params, searchParams }: { params: Promise<{ bookId: string }>; searchParams: Promise<{ page?: string; after?: string; before?: string }> }) {
  const { bookId } = await params;
  const { user, role } = await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations/integrations`);
  const ctx = appContext();
  const db = await ctx.db();
  const now = ctx.clock.now();
  const t = await getT();
  const when = (d: Date | null) => (d ? formatDateTime(d, t.locale) : t("integrations.notYet"));
  const query = await searchParams;
  const total = await countBookIntegrations(db, bookId);
  // Next and Previous read by keyset (?after= / ?before=); a page number by offset.
  const cursor = readCursor(query);
  const start: PageStart = cursor ? { cursor } : { offset: pageOf(query.page, total, PAGE_SIZE).skip };
  let { days, page } = await pageBookIntegrations(db, bookId, now, start, PAGE_SIZE);
  if (page.items.length === 0 && cursor) ({ days, page } = await pageBookIntegrations(db, bookId, now, { offset: 0 }, PAGE_SIZE));
  const integrations = page.items;
  // The request's gateway: the Book's info and Accounts are read once, here and for the verifications.
  const gateway = pageBookGateway(db, user.id);
  const [bookAccounts, verified] = await Promise.all([
    integrations.length ? gateway.getAccounts(bookId, [...new Set(integrations.map((i) => i.bookAccountId))]) : Promise.resolve([]),
    // Balance verification of the integrations shown (a Book that cannot be read shows none, not an error).
    pageVerifications(db, gateway, integrations.map((i) => i.id), now).catch(() => new Map<string, never>()),
  ]);
  const accounts = new Map(bookAccounts.map((a) => [a.id, a.name]));
  const canManage = canManageIntegrations(role);
  const today = isoDay(now);
  const views = integrations.map((i) => ({ i, status: integrationStatusView(i, { connectionStatus: i.connectionStatus, pending: i.pending, running: i.running, flagged: i.flagged }) }));

  return (
    <div>
      <h3 className="mb-3 text-base font-semibold">{t("automations.integrations")}</h3>
      <AutoRefresh active={views.some((v) => v.status.busy)} />
      {integrations.length === 0 ? (
        <EmptyState title={t("integrations.emptyTitle")}>
          {t("integrations.emptyBody")}{" "}
          <Link href={`/books/${bookId}/automations/connections`} className="text-brand-700 underline">
            {t("integrations.linkAnAccount")}
          </Link>
          .
        </EmptyState>
      ) : (
        <ul className="space-y-4" aria-label={t("integrations.listLabel")}>
          {views.map(({ i, status }) => (
            <li key={i.id}>
              <article aria-label={i.label} data-integration-id={i.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h4 className="font-semibold">{i.label}</h4>
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status.tone]}`} data-testid="integration-status">
                    {t.msg(status.label)}
                  </span>
                </div>
                <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
                  <dt className="text-slate-500">{t("integrations.bookAccount")}</dt>
                  <dd>{accounts.get(i.bookAccountId) ?? t("integrations.removedAccount")}</dd>
                  <dt className="text-slate-500">{t("integrations.periodFrom")}</dt>
                  <dd data-testid="integration-period">{formatDay(i.periodStart, t.locale)}</dd>
                  <dt className="text-slate-500">{t("integrations.lastPosting")}</dt>
                  <dd>{when(i.lastPostedAt)}</dd>
                  <dt className="text-slate-500">{t("integrations.posted")}</dt>
                  <dd data-testid="integration-posted">{i.postedCount}</dd>
                </dl>
                {status.problem ? (
                  <p role="alert" className="mt-2 text-sm text-red-700">
                    {t.msg(status.problem)}
                  </p>
                ) : null}
                {status.flagged ? (
                  <p className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-2 py-1 text-sm text-amber-900" data-testid="integration-flagged">
                    {t.msg(status.flagged)}
                  </p>
                ) : null}
                {verified.has(i.id) ? <BalanceVerification id={i.id} verification={verified.get(i.id)!.verification} fractionDigits={verified.get(i.id)!.fractionDigits} t={t} /> : null}
                <PostingChart days={days} perDay={i.perDay} total={i.postedInChart} t={t} />
                {canManage ? (
                  <IntegrationControls
                    bookId={bookId}
                    integrationId={i.id}
                    label={i.label}
                    autoCheck={i.autoCheck}
                    minDate={earliestStart(today, ctx.providers.get(i.provider).maxHistoryDays)}
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
      <Pager basePath={`/books/${bookId}/automations/integrations`} list={t("automations.integrations")} from={page.from} shown={integrations.length} total={total} next={page.next} previous={page.previous} />
    </div>
  );
}
