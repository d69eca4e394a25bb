/** The Pluggy Connect stand-in's first screen: the banks to choose from, with a search. */
import { useId } from "react";
import type { WireConnector } from "@bank-connections/sandbox/pluggy/types";
import type { SandboxTranslate } from "../messages/translate";
import { Avatar } from "./pieces";

export function ConnectorList({
  t,
  connectors,
  query,
  onQuery,
  onChoose,
}: {
  t: SandboxTranslate;
  connectors: WireConnector[];
  query: string;
  onQuery: (q: string) => void;
  onChoose: (c: WireConnector) => void;
}) {
  const id = useId();
  const q = query.trim().toLowerCase();
  const shown = connectors.filter((c) => !q || c.name.toLowerCase().includes(q));
  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} className="mt-1 text-xl font-bold tracking-tight">
        {t("choose.title")}
      </h1>
      <p className="mb-4 mt-1 text-sm text-slate-600">{t("choose.text")}</p>
      <label htmlFor={`${id}-search`} className="mb-1 block text-xs font-semibold text-slate-700">
        {t("choose.search")}
      </label>
      <input
        id={`${id}-search`}
        type="search"
        autoFocus
        autoComplete="off"
        value={query}
        placeholder={t("choose.searchPlaceholder")}
        onChange={(e) => onQuery(e.target.value)}
        className="mb-3 h-11 w-full rounded-lg border border-slate-300 px-3 text-[15px] focus:border-rose-600 focus:outline-none"
      />
      {shown.length === 0 ? (
        <p role="status" className="text-sm text-slate-600">
          {t("choose.none", { query: query.trim() })}
        </p>
      ) : null}
      <ul className="flex flex-col gap-1.5" aria-label={t("choose.title")}>
        {shown.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              onClick={() => onChoose(c)}
              className="flex w-full items-center gap-3 rounded-xl border border-slate-200 px-3 py-2.5 text-left hover:border-slate-400 hover:bg-slate-50"
            >
              <Avatar connector={c} />
              <span className="min-w-0 flex-1">
                <span className="block text-[15px] font-medium leading-snug">{c.name}</span>
                <span className={`block text-xs ${c.health.status === "OFFLINE" ? "text-amber-700" : "text-slate-500"}`}>
                  {c.health.status === "OFFLINE" ? t("choose.unavailable") : c.type === "BUSINESS_BANK" ? t("choose.business") : t("choose.personal")}
                </span>
              </span>
              {c.isSandbox ? <span className="rounded-full bg-slate-100 px-2 py-0.5 text-[11px] font-semibold text-slate-600">{t("choose.sandboxTag")}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
