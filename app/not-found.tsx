import Link from "next/link";
import { getT } from "@/lib/i18n/server";
import { LanguageSwitch } from "@/components/ui/language-switch";

export default async function NotFound() {
  const t = await getT();
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <div className="mb-8 flex justify-end">
        <LanguageSwitch />
      </div>
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold">{t("pages.notFound.title")}</h1>
      <p className="mt-3 text-slate-600">{t("pages.notFound.body")}</p>
      <Link href="/books" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        {t("common.goToBooks")}
      </Link>
    </main>
  );
}
