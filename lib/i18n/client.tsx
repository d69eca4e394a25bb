"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { DEFAULT_LOCALE, type Locale } from "./locales";
import { en, type Messages } from "./messages/en";
import { createTranslator, type Translate } from "./translate";

const I18nContext = createContext<{ locale: Locale; messages: Messages }>({ locale: DEFAULT_LOCALE, messages: en });

/** Gives client components the request's language and its dictionary (the whole one: it is small). */
export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  const value = useMemo(() => ({ locale, messages }), [locale, messages]);
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
