"use client";

import { useT } from "@/lib/i18n/client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useT();
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">{t("pages.error.title")}</h1>
      <p className="mt-3 text-slate-600">
        {t("pages.error.body")} {error.digest ? t("pages.error.ref", { ref: error.digest }) : null}
      </p>
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        {t("common.tryAgain")}
      </button>
    </main>
  );
}
