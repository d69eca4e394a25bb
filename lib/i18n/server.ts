import { cookies, headers } from "next/headers";
import { cache } from "react";
import { DICTIONARIES } from "./dictionaries";
import { LOCALE_COOKIE, type Locale } from "./locales";
import type { Messages } from "./messages/en";
import { negotiateLocale } from "./negotiate";
import { createTranslator, type Translate } from "./translate";

/** The request's language: the `locale` cookie, else Accept-Language, else English. Once per request. */
export const getLocale = cache(async (): Promise<Locale> => {
  const [jar, h] = await Promise.all([cookies(), headers()]);
  return negotiateLocale({ cookie: jar.get(LOCALE_COOKIE)?.value, acceptLanguage: h.get("accept-language") });
});

/** The request's translator, for server components, metadata and server actions. */
export const getT = cache(async (): Promise<Translate> => {
  const locale = await getLocale();
  return createTranslator(locale, DICTIONARIES[locale]);
});

export async function getMessages(): Promise<{ locale: Locale; messages: Messages }> {
  const locale = await getLocale();
  return { locale, messages: DICTIONARIES[locale] };
}
