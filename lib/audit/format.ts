import { dateLocaleFor } from "@/lib/format/ui-dates";
import type { Locale } from "@/lib/i18n/locales";
import type { Translate } from "@/lib/i18n/translate";

/** When an audit event happened, in UTC, written the way `locale` writes dates (see auditTimeLocale): "Nov 25, 2026, 2:05 PM UTC". */
export function auditTime(at: Date, locale: string): string {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  } catch {
    f = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  }
  return `${f.format(at)} UTC`;
}

/**
 * The locale to write audit times in: for an English reader the Book's own (as the audit view always
 * did: an en-GB Book reads "25 Nov 2026, 14:05 UTC"); for a reader of another language the Book's
 * when it is in that language, else the reader's (lib/format/ui-dates.ts's dateLocaleFor).
 */
export function auditTimeLocale(uiLocale: Locale, bookLocale: string): string {
  return uiLocale === "en" ? bookLocale : dateLocaleFor(uiLocale, bookLocale);
}

/** Who did it: the person's name and e-mail, or System (in the reader's language) for the sync engine, webhooks and notifications. */
export function actorName(actor: { name: string | null; email: string } | null, t?: Translate): { name: string; email: string | null } {
  if (!actor) return { name: t ? t("audit.table.system") : "System", email: null };
  return { name: actor.name ?? actor.email, email: actor.email };
}
