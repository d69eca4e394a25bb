import { fromMinor } from "@/lib/books/balances";
import { formatAmount } from "@/lib/format/money";
import { formatDay } from "@/lib/format/ui-dates";
import { msg, type Translate } from "@/lib/i18n/translate";
import type { Verification } from "@/lib/integrations/verification/compare";

/** The verdict's colours per state: classes of app/globals.css. */
const TONE = { balanced: "verdict-balanced", diverged: "verdict-diverged", other: "verdict-other" } as const;

/**
 * Balance verification of one integration: the verdict ("Balanced ✓ on …" or where they diverge),
 * the bank's and the Book's balances, the difference, and the likely causes. A named region.
 */
export function BalanceVerification({ id, verification: v, fractionDigits, compact = false, t }: { id: string; verification: Verification; fractionDigits: number; compact?: boolean; t: Translate }) {
  const amount = (minor: bigint | null) => (minor === null ? t("verification.none") : formatAmount(fromMinor(minor, fractionDigits), v.currency, t.locale, fractionDigits));
  const day = (d: string | null) => (d ? formatDay(d, t.locale) : t("verification.none"));
  const tone = v.state === "balanced" ? TONE.balanced : v.state === "diverged" ? TONE.diverged : TONE.other;
  const headingId = `verification-${id}`;
  if (compact) {
    return (
      <span className={`verdict-chip ${tone}`} data-testid="verification-summary" data-state={v.state}>
        {t("verification.summaryOnCard", { summary: t.msg(v.summary) })}
      </span>
    );
  }
  return (
    <section aria-labelledby={headingId} className={`mt-3 rounded-md border px-3 py-2 text-sm ${tone}`} data-testid="balance-verification" data-state={v.state}>
      <h5 id={headingId} className="font-medium">
        {t("verification.title")}
      </h5>
      <p className="mt-1 font-semibold" data-testid="verification-summary">
        {t.msg(v.summary)}
      </p>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
        <dt className="opacity-75">{t("verification.bankBalance")}</dt>
        <dd data-testid="verification-bank">
          {amount(v.bankBalanceMinor)}
          {v.bankAsOf ? <span className="ml-1 text-xs opacity-75">{t.msg(msg("verification.bankAsOf", { instant: { instant: v.bankAsOf } }))}</span> : null}
        </dd>
        <dt className="opacity-75">{t("verification.bookWithDrafts")}</dt>
        <dd data-testid="verification-book">{amount(v.bookWithDraftsMinor)}</dd>
        <dt className="opacity-75">{t("verification.bookPosted")}</dt>
        <dd data-testid="verification-posted">{amount(v.bookPostedMinor)}</dd>
        <dt className="opacity-75">{t("verification.difference")}</dt>
        <dd data-testid="verification-difference">{amount(v.differenceMinor)}</dd>
        <dt className="opacity-75">{t("verification.lastAgreed")}</dt>
        <dd data-testid="verification-last-agreed">{day(v.lastAgreed)}</dd>
        <dt className="opacity-75">{t("verification.firstDivergent")}</dt>
        <dd data-testid="verification-first-divergent">{day(v.firstDivergent)}</dd>
      </dl>
      {v.causes.length ? (
        <div className="mt-2">
          <p className="font-medium">{t("verification.causesTitle")}</p>
          <ul className="list-disc pl-5" data-testid="verification-causes">
            {v.causes.map((c, k) => (
              <li key={k}>{t.msg(c)}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
