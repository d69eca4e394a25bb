"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { DEFAULT_LOCALE, type Locale } from "./locales";
import { DICTIONARIES } from "./dictionaries";
import { en, type Messages } from "./messages/en";
import { createTranslator, type Translate } from "./translate";

const I18nContext = createContext<{ locale: Locale; messages: Messages }>({ locale: DEFAULT_LOCALE, messages: en });

/**
 * Gives client components the request's language and its dictionary. The dictionaries are part of
 * the client bundle (downloaded once, cached with the other scripts): only the locale travels with
 * each page, not some 40 kB of messages inside every response.
 */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => ({ locale, messages: DICTIONARIES[locale] }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(I18nContext).locale;
}

/** The translator of the page's language, for client components. */
export function useT(): Translate {
  const { locale, messages } = useContext(I18nContext);
  return useMemo(() => createTranslator(locale, messages), [locale, messages]);
}
