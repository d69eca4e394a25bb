/** The languages of the portal. English is the default and the source of every message. */
export const LOCALES = ["en", "pt-BR"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie that keeps the language a person chose with the switch. */
export const LOCALE_COOKIE = "locale";
/** One year, in seconds. */
export const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/** Each language named in itself, as the switch shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", "pt-BR": "Português" };

/** The `lang` attribute of <html> and the language Pluggy Connect is opened in. */
export const HTML_LANG: Record<Locale, string> = { en: "en", "pt-BR": "pt-BR" };
export const PLUGGY_LANGUAGE: Record<Locale, string> = { en: "en", "pt-BR": "pt" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}
