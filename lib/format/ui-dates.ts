import type { Locale } from "@bank-connections/i18n";

/** Interface dates and times per the reader's language are generic: packages/i18n/format.ts. */
export { formatClock, formatDateTime, formatDay } from "@bank-connections/i18n";

/**
 * The locale for a Book's transaction dates: the Book's own when it is in the reader's language
 * (an en-GB Book keeps "1 Oct 2026" for an English reader), else the reader's.
 */
export function dateLocaleFor(uiLocale: Locale, bookLocale: string): string {
  const lang = (tag: string) => tag.toLowerCase().split(/[-_]/)[0];
  return lang(bookLocale) === lang(uiLocale) ? bookLocale : uiLocale;
}
