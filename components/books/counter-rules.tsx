"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { useT } from "@/lib/i18n/client";
import { fieldTexts } from "@/lib/i18n/translate";

/** One rule as the settings page shows it: its words, the Account's name, direction and amounts in words. */
export type RuleRow = { id: string; contains: string; accountName: string | null; direction: "in" | "out" | null; amount: string | null };
type Option = { id: string; name: string };
type Props = {
  bookId: string;
  rules: RuleRow[];
  accounts: Option[];
  create: (raw: unknown) => Promise<ActionResult<{ id: string }>>;
  remove: (raw: unknown) => Promise<ActionResult<{ done: boolean }>>;
};

/** Book settings: the counter-account rules (lib/books/counter-rules/), a form to add one, Delete on each. */
export function CounterRules({ bookId, rules, accounts, create, remove }: Props) {
  const t = useT();
  const router = useRouter();
  const [state, setState] = useState<ActionResult<{ id: string }> | null>(null);
  const [adding, startAdding] = useTransition();
  // Submitted by hand, not as a form action: React resets a form after its action, and a refused rule
  // must keep what the person typed. Cleared only once the rule is added.
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    startAdding(async () => {
      const r = await create(data);
      setState(r);
      if (r.ok) {
        form.reset();
        router.refresh();
      }
    });
  };
  const [removing, start] = useTransition();
  const [removed, setRemoved] = useState<{ ok: boolean; text: string } | null>(null);
  const fields = fieldTexts(t, state && !state.ok ? state.fields : undefined);
  const del = (rule: RuleRow) =>
    start(async () => {
      const r = await remove({ bookId, ruleId: rule.id });
      setRemoved(r.ok ? { ok: true, text: t("counterRules.removed") } : { ok: false, text: t.msg(r.message) });
      if (r.ok) router.refresh();
    });
  const field = (id: string, label: string, input: React.ReactNode, error?: string) => (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {input}
      {error ? <p className="mt-1 text-xs text-red-700">{error}</p> : null}
    </div>
  );
  const box = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm";

  return (
    <section aria-labelledby="counter-rules-heading" className="space-y-3">
      <h3 id="counter-rules-heading" className="font-semibold">
        {t("counterRules.heading")}
      </h3>
      <p className="text-sm text-slate-600">{t("counterRules.intro")}</p>
      {rules.length === 0 ? (
        <p className="text-sm text-slate-500">{t("counterRules.none")}</p>
      ) : (
        <table aria-label={t("counterRules.label")} className="w-full rounded-lg border border-slate-200 bg-white text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th className="px-3 py-2 font-medium">{t("counterRules.contains")}</th>
              <th className="px-3 py-2 font-medium">{t("counterRules.account")}</th>
              <th className="px-3 py-2 font-medium">{t("counterRules.direction")}</th>
              <th className="px-3 py-2 font-medium">{t("counterRules.amount")}</th>
              <th className="px-3 py-2">
                <span className="sr-only">{t("counterRules.remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} className="border-b border-slate-100" data-testid="counter-rule">
                <td className="px-3 py-2">{r.contains}</td>
                <td className="px-3 py-2">{r.accountName ?? <span className="text-slate-500">{t("counterRules.unknownAccount")}</span>}</td>
                <td className="px-3 py-2">{t(`counterRules.directions.${r.direction ?? "any"}`)}</td>
                <td className="px-3 py-2">{r.amount ?? t("counterRules.anyAmount")}</td>
                <td className="px-3 py-2 text-right">
                  <button type="button" disabled={removing} onClick={() => del(r)} aria-label={t("counterRules.removeLabel", { contains: r.contains })} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-60">
                    {t("counterRules.remove")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removed ? (
        <p role="status" className={`text-xs ${removed.ok ? "text-emerald-700" : "text-red-700"}`}>
          {removed.text}
        </p>
      ) : null}
      <form onSubmit={submit} aria-labelledby="new-rule-heading" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2">
        <h4 id="new-rule-heading" className="text-sm font-semibold sm:col-span-2">
          {t("counterRules.newRule")}
        </h4>
        <input type="hidden" name="bookId" value={bookId} />
        {field("rule-contains", t("counterRules.contains"), <input id="rule-contains" name="words" required minLength={2} maxLength={100} aria-invalid={fields?.words ? true : undefined} className={box} />, fields?.words)}
        {field(
          "rule-account",
          t("counterRules.account"),
          <select id="rule-account" name="accountId" required defaultValue="" aria-invalid={fields?.accountId ? true : undefined} className={box}>
            <option value="">{t("workbench.chooseAccount")}</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>,
          fields?.accountId,
        )}
        {field(
          "rule-direction",
          t("counterRules.direction"),
          <select id="rule-direction" name="direction" defaultValue="" className={box}>
            <option value="">{t("counterRules.directions.any")}</option>
            <option value="out">{t("counterRules.directions.out")}</option>
            <option value="in">{t("counterRules.directions.in")}</option>
          </select>,
        )}
        <div className="grid grid-cols-2 gap-2">
          {field("rule-min", `${t("counterRules.minAmount")} (${t("counterRules.optional")})`, <input id="rule-min" name="minAmount" inputMode="decimal" aria-invalid={fields?.minAmount ? true : undefined} className={box} />, fields?.minAmount)}
          {field("rule-max", `${t("counterRules.maxAmount")} (${t("counterRules.optional")})`, <input id="rule-max" name="maxAmount" inputMode="decimal" aria-invalid={fields?.maxAmount ? true : undefined} className={box} />, fields?.maxAmount)}
        </div>
        <div className="flex items-center gap-3 sm:col-span-2">
          <button type="submit" disabled={adding} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
            {adding ? t("counterRules.adding") : t("counterRules.add")}
          </button>
          <p role="status" aria-live="polite" className="text-xs">
            {state?.ok ? <span className="text-emerald-700">{t("counterRules.added")}</span> : null}
            {state && !state.ok ? <span className="text-red-700">{t.msg(state.message)}</span> : null}
          </p>
        </div>
      </form>
    </section>
  );
}
