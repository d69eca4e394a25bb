"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { useT } from "@/lib/i18n/client";
import type { CreateResult } from "@/lib/connections/service";
import type { Institution, LinkResult, LinkSession } from "@/lib/providers/types";
import { readableTextOn } from "@bank-connections/ui/readable-text";
import { LinkWidget, type WidgetOutcome } from "./link-widget";

type Country = { code: string; name: string; provider: "PLAID" | "PLUGGY" };

type Actions = {
  listBanks: (input: { bookId: string; country: string; query?: string }) => Promise<ActionResult<Institution[]>>;
  startLink: (input: { bookId: string; country: string; institutionId?: string }) => Promise<ActionResult<LinkSession>>;
  completeLink: (input: { bookId: string; country: string; result: LinkResult }) => Promise<ActionResult<CreateResult>>;
};

type Props = { bookId: string; countries: readonly Country[]; defaultCountry: string; sandbox: { PLAID: boolean; PLUGGY: boolean }; actions: Actions };

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => /^[A-Za-zÀ-ÿ]/.test(w))
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");
}

export function BankPicker({ bookId, countries, defaultCountry, sandbox, actions }: Props) {
  const router = useRouter();
  const t = useT();
  const [country, setCountry] = useState(defaultCountry);
  const [query, setQuery] = useState("");
  const [banks, setBanks] = useState<Institution[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; connectionId?: string } | null>(null);
  const [session, setSession] = useState<{ link: LinkSession; country: string; bank: string } | null>(null);
  const [busy, startBusy] = useTransition();
  const provider = countries.find((c) => c.code === country)?.provider ?? "PLAID";

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(async () => {
      const r = await actions.listBanks({ bookId, country, ...(query.trim() ? { query: query.trim() } : {}) });
      if (cancelled) return;
      if (r.ok) {
        setBanks(r.data);
        setError(null);
      } else {
        setBanks([]);
        setError(t.msg(r.message));
      }
    }, query ? 250 : 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [actions, bookId, country, query, t]);

  const choose = (bank: Institution) =>
    startBusy(async () => {
      setError(null);
      setNotice(null);
      const r = await actions.startLink({ bookId, country, institutionId: bank.id });
      if (r.ok) setSession({ link: r.data, country, bank: bank.name });
      else setError(t.msg(r.message));
    });

  const onOutcome = useCallback(
    (o: WidgetOutcome) => {
      const current = session;
      setSession(null);
      if (!current) return;
      if (o.kind === "exit") {
        if (o.message) setError(o.message);
        return;
      }
      startBusy(async () => {
        const result: LinkResult = o.provider === "PLAID" ? { provider: "PLAID", publicToken: o.publicToken, institutionId: o.institutionId } : { provider: "PLUGGY", itemId: o.itemId };
        const r = await actions.completeLink({ bookId, country: current.country, result });
        if (!r.ok) {
          setError(t.msg(r.message));
          return;
        }
        if (r.data.kind === "duplicate") {
          setNotice({ text: t("banks.duplicate", { name: r.data.institutionName }), connectionId: r.data.connectionId });
          return;
        }
        router.push(`/books/${bookId}/automations/connections?connected=${r.data.connectionId}`);
      });
    },
    [actions, bookId, router, session, t],
  );

  return (
    <div className="space-y-5">
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">{t("banks.chooseCountry")}</legend>
        <div className="flex flex-wrap gap-2">
          {countries.map((c) => (
            <button
              key={c.code}
              type="button"
              aria-pressed={c.code === country}
              onClick={() => {
                setCountry(c.code);
                setQuery("");
                setBanks(null);
              }}
              className={`rounded-full border px-3 py-1 text-sm ${c.code === country ? "border-emerald-700 bg-emerald-600 font-semibold text-black" : "border-slate-300 bg-white text-slate-700 hover:border-emerald-600"}`}
            >
              {c.name}
            </button>
          ))}
        </div>
        <p className="mt-2 text-xs text-slate-500">
          {provider === "PLAID" ? t("banks.viaPlaid") : t("banks.viaPluggy")}
          {sandbox[provider] ? ` ${t("banks.sandboxNote")}` : ""}
        </p>
      </fieldset>

      <div>
        <label htmlFor="bank-search" className="block text-sm font-medium text-slate-700">
          {t("banks.search")}
        </label>
        <input
          id="bank-search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("banks.searchPlaceholder")}
          className="mt-1 w-full max-w-md rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </div>

      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {notice ? (
        <div role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {notice.text}{" "}
          {notice.connectionId ? (
            <Link className="font-medium underline" href={`/books/${bookId}/automations/connections?reconnect=${notice.connectionId}`}>
              {t("banks.goToConnection")}
            </Link>
          ) : null}
        </div>
      ) : null}
      {busy ? (
        <p role="status" className="text-sm text-slate-600">
          {t("common.working")}
        </p>
      ) : null}

      {banks === null ? (
        <p className="text-sm text-slate-500">{t("banks.loading")}</p>
      ) : banks.length === 0 && !error ? (
        <p className="text-sm text-slate-600">{t("banks.noMatch", { query })}</p>
      ) : (
        <ul aria-label={t("banks.listLabel")} className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {banks.map((b) => (
            <li key={b.id}>
              <button
                type="button"
                // aria-disabled, not disabled: the chosen bank keeps the focus, which the widget returns to when it closes.
                aria-disabled={busy || session !== null}
                onClick={() => {
                  if (!busy && session === null) choose(b);
                }}
                className="flex w-full items-center gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2 text-left text-sm hover:border-emerald-600 aria-disabled:opacity-60"
              >
                <span
                  aria-hidden="true"
                  className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full text-xs font-semibold"
                  style={{ background: b.primaryColor ?? "#475569", color: readableTextOn(b.primaryColor ?? "#475569") }}
                >
                  {initials(b.name)}
                </span>
                <span className="font-medium">{b.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}

      {session ? <LinkWidget key={JSON.stringify(session.link)} session={session.link} sandbox={sandbox[session.link.provider]} onOutcome={onOutcome} /> : null}
    </div>
  );
}
