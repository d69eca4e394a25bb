/**
 * The sandbox stand-ins' translator: the app's one dictionary system (@bank-connections/i18n) over
 * the stand-ins' own dictionaries (en.ts, pt-BR.ts), so a missing key is a type error here too.
 */
import { createTranslator, DEFAULT_LOCALE, supportedLocale, type Locale, type Translator } from "@bank-connections/i18n";
import { en, type SandboxMessageKey, type SandboxMessages } from "./en";
import { ptBR } from "./pt-BR";

export type SandboxLocale = Locale;
export type SandboxTranslate = Translator<SandboxMessageKey>;
export type { SandboxMessageKey };

const DICTIONARIES: Record<Locale, SandboxMessages> = { en, "pt-BR": ptBR };

/** The locale for a widget `language` prop (or the browser's): Portuguese for any pt tag, else English. */
export function pickSandboxLocale(language: string | undefined): SandboxLocale {
  const tag = language ?? (typeof navigator !== "undefined" ? navigator.language : DEFAULT_LOCALE);
  return supportedLocale(tag) ?? DEFAULT_LOCALE;
}

export function sandboxTranslator(locale: SandboxLocale): SandboxTranslate {
  return createTranslator(locale, DICTIONARIES[locale]);
}
