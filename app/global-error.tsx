"use client";

import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { HTML_LANG } from "@/lib/i18n/locales";
import { negotiateLocale } from "@/lib/i18n/negotiate";
import { createTranslator } from "@/lib/i18n/translate";

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  // The root layout (and its language) is gone here: answer in the browser's language.
  const locale = negotiateLocale({ acceptLanguage: typeof navigator === "undefined" ? null : navigator.languages.join(",") });
  const t = createTranslator(locale, DICTIONARIES[locale]);
  return (
    <html lang={HTML_LANG[locale]}>
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "4rem", textAlign: "center" }}>
        <h1>{t("pages.globalError.title")}</h1>
        <p>{error.digest ? t("pages.globalError.bodyRef", { ref: error.digest }) : t("pages.globalError.body")}</p>
      </body>
    </html>
  );
}
