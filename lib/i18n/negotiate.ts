/** The negotiation is generic: packages/i18n/negotiate.ts. */
export { acceptedLanguages, negotiateLocale, supportedLocale } from "@bank-connections/i18n";
