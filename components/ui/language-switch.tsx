import { setLocaleAction } from "@/lib/i18n/actions";
import { HTML_LANG, LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { getT } from "@/lib/i18n/server";

/** "English" / "Português": sets the `locale` cookie and the page re-renders in that language. */
export async function LanguageSwitch() {
  const t = await getT();
  return (
    <form action={setLocaleAction} aria-label={t("language.label")} className="flex items-center gap-1 text-sm" data-testid="language-switch">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          lang={HTML_LANG[l]}
          aria-pressed={l === t.locale}
          title={t("language.switchTo", { language: LOCALE_NAMES[l] })}
          className={`rounded-md px-2 py-1 ${l === t.locale ? "bg-slate-100 font-medium text-slate-900" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"}`}
        >
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </form>
  );
}
