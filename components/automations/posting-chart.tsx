import { formatDay } from "@/lib/format/ui-dates";
import type { Translate } from "@/lib/i18n/translate";

type Props = {
  /** The chart's days, oldest first (YYYY-MM-DD). */
  days: string[];
  /** Postings per day; days without postings may be absent. */
  perDay: Record<string, number>;
  total: number;
  /** The page's translator: the chart renders with it synchronously (an async component per card cost React a chunk each). */
  t: Translate;
};

const BAR = 3;
const GAP = 1;
const HEIGHT = 32;

/**
 * Transactions posted per day as inline SVG bars (no chart library). One accessible image whose
 * name sums it up; a <title> per bar for pointer users. Days without postings draw nothing.
 */
export function PostingChart({ days, perDay, total, t }: Props) {
  const max = Math.max(1, ...days.map((d) => perDay[d] ?? 0));
  const width = days.length * (BAR + GAP) - GAP;
  const summary = total === 0 ? t("chart.none", { days: days.length }) : t("chart.summary", { count: total, days: days.length });
  return (
    <figure className="mt-3">
      <svg role="img" aria-label={summary} viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" className="h-10 w-full max-w-md text-brand-600" data-testid="posting-chart">
        <line x1={0} y1={HEIGHT - 0.5} x2={width} y2={HEIGHT - 0.5} className="stroke-slate-200" strokeWidth={1} />
        {days.flatMap((day, k) => {
          const n = perDay[day] ?? 0;
          if (n === 0) return [];
          const h = Math.max(1, Math.round((n / max) * (HEIGHT - 1)));
          return [
            <rect key={day} x={k * (BAR + GAP)} y={HEIGHT - h} width={BAR} height={h} className="fill-current">
              <title>{t("chart.bar", { day: formatDay(day, t.locale), count: n })}</title>
            </rect>,
          ];
        })}
      </svg>
      <figcaption aria-hidden="true" className="mt-1 text-xs text-slate-500">
        {summary} {t("chart.perDay")}
      </figcaption>
    </figure>
  );
}
