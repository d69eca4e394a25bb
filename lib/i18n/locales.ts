import type { Locale } from "@bank-connections/i18n";

/** The languages themselves (the list, the type, the default) are in packages/i18n/locales.ts. */
export { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "@bank-connections/i18n";

/** The cookie that keeps the language a person chose with the switch. */
export const LOCALE_COOKIE = "locale";
/** One year, in seconds. */
export const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/** Each language named in itself, as the switch shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", "pt-BR": "Português" };

/** The `lang` attribute of <html> and the language Pluggy Connect is opened in. */
export const HTML_LANG: Record<Locale, string> = { en: "en", "pt-BR": "pt-BR" };
export const PLUGGY_LANGUAGE: Record<Locale, string> = { en: "en", "pt-BR": "pt" };
