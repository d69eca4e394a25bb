import type { Translate } from "@/lib/i18n/translate";
import type { ConnectionSyncView } from "@/lib/sync/read/status";

/** A connection's sync lines: a running sync with its counts, the last failure and its fix, a dated warning. */
export function SyncStatus({ view, t }: { view: ConnectionSyncView; t: Translate }) {
  return (
    <div className="mt-1 space-y-1 text-sm" aria-live="polite">
      {view.running ? (
        <p className="flex items-center gap-2 text-sky-800" data-testid="sync-running">
          <span aria-hidden="true" className="inline-block h-2 w-2 animate-pulse rounded-full bg-sky-500" />
          {t.msg(view.running)}
        </p>
      ) : null}
      {view.problem ? (
        <p className="text-red-700" data-testid="sync-problem">
          {t.msg(view.problem.text)}
          {view.problem.action ? ` ${t.msg(view.problem.action)}` : ""}
        </p>
      ) : null}
      {view.warning ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-2 py-1 text-amber-900" data-testid="sync-warning">
          <span className="font-medium">{t("sync.warning")}</span> {t.msg(view.warning)}
        </p>
      ) : null}
    </div>
  );
}
