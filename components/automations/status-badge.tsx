import type { StatusView } from "@/lib/connections/status";
import type { Translate } from "@/lib/i18n/translate";

const TONE: Record<StatusView["tone"], string> = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  busy: "bg-sky-50 text-sky-800 ring-sky-200",
  warn: "bg-amber-50 text-amber-900 ring-amber-200",
  error: "bg-red-50 text-red-800 ring-red-200",
};

/** Synchronous, with the page's translator: a page renders one per card, and an async component costs React a separate chunk each. */
export function StatusBadge({ view, t }: { view: StatusView; t: Translate }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${TONE[view.tone]}`}>{t.msg(view.label)}</span>;
}
