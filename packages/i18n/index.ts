/**
 * @bank-connections/i18n: the generic dictionary machinery — locales and their negotiation, the
 * typed keys of a dictionary, messages as data, plurals, interpolation and the formatting of
 * values. It imports nothing from the app; the app's dictionaries live in lib/i18n.
 */
export { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./locales";
export { acceptedLanguages, negotiateLocale, supportedLocale } from "./negotiate";
export { isPlural, keysOf, lookup, type Dictionary, type KeyOf, type MessageShape, type Plural } from "./dictionary";
export { isMessage, message, type Message, type MessageValue, type MessageValues } from "./message";
export { dateTimeFormat, formatClock, formatDateTime, formatDay, formatDayInWords, formatMoney, formatTime, numberFormat } from "./format";
export { createTranslator, formatValue, interpolate, pluralForm, type Translator, type Vars } from "./translate";
