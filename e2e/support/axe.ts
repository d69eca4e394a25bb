import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The WCAG 2.0 / 2.1 A and AA rules: what "no serious or critical violations" is checked against. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

const BLOCKING = new Set(["serious", "critical"]);

type AxeOptions = {
  /** Only these parts of the page (CSS selectors; an array is a frame selector: [iframe, inside]). */
  include?: (string | string[])[];
  /** Leave these parts out (e.g. a third-party widget checked on its own). */
  exclude?: (string | string[])[];
};

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

/** One line per failing element: rule id, impact, target selectors, help (and where to read more). */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : String(t))).join(" >>> ")}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, "\n      ")}` : ""}`).join("\n");
      return `[${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}`;
    })
    .join("\n\n");
}

/**
 * Waits for the page's finite animations (a dialog fading in) to end: axe measures colours as they are
 * at that instant, and a half-faded dialog is not what a person reads. Endless ones (a spinner) are left.
 */
async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
  });
}

/**
 * Runs axe (WCAG 2.0/2.1 A + AA) on the page as it is now and fails the test, with a readable list,
 * when a serious or critical violation is found (softly: the test goes on to its next state and fails at
 * its end). Returns the minor/moderate ones, which do not fail.
 */
export async function expectNoSeriousA11yViolations(page: Page, label: string, opts: AxeOptions = {}): Promise<Violation[]> {
  await settleAnimations(page);
  let builder = new AxeBuilder({ page }).withTags([...WCAG_TAGS]);
  for (const s of opts.include ?? []) builder = builder.include(s);
  for (const s of opts.exclude ?? []) builder = builder.exclude(s);
  const { violations } = await builder.analyze();
  const blocking = violations.filter((v) => BLOCKING.has(v.impact ?? ""));
  // Soft: a test that checks several states reports every state's violations, not only the first.
  expect.soft(blocking.length, `axe found ${blocking.length} serious/critical violation(s) on ${label}:\n\n${formatViolations(blocking)}\n`).toBe(0);
  return violations.filter((v) => !BLOCKING.has(v.impact ?? ""));
}
