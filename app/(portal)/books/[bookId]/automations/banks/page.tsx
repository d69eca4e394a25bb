import type { Metadata } from "next";
import { headers } from "next/headers";
import { requireBookPage } from "@/lib/app-context";
import { getConfig } from "@/lib/config";
import { COUNTRIES } from "@/lib/providers";
import { countryFromAcceptLanguage } from "@/lib/providers/locale-country";
import { getT } from "@/lib/i18n/server";
import { BankPicker } from "@/components/automations/bank-picker";
import { completeLink, listBanks, startLink } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("automations.banks") };
}

export default async function BanksPage({ params }: { params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations/banks`);
  const config = getConfig();
  const t = await getT();
  const defaultCountry = countryFromAcceptLanguage((await headers()).get("accept-language"));
  return (
    <div>
      <h3 className="mb-1 text-base font-semibold">{t("automations.banks")}</h3>
      <p className="mb-4 text-sm text-slate-600">{t("banks.intro")}</p>
      <BankPicker
        bookId={bookId}
        countries={COUNTRIES.map((c) => ({ ...c, name: t(`countries.${c.code}`) }))}
        defaultCountry={defaultCountry}
        sandbox={{ PLAID: config.plaid.mode === "local-sandbox", PLUGGY: config.pluggy.mode === "local-sandbox" }}
        actions={{ listBanks, startLink, completeLink }}
      />
    </div>
  );
}
