import type { Metadata } from "next";
import { headers } from "next/headers";
import { requireBookPage } from "@/lib/auth/guard";
import { getConfig } from "@/lib/config";
import { COUNTRIES } from "@/lib/providers";
import { countryFromAcceptLanguage } from "@/lib/providers/locale-country";
import { BankPicker } from "@/components/automations/bank-picker";
import { completeLink, listBanks, startLink } from "../actions";

export const metadata: Metadata = { title: "Banks" };

export default async function BanksPage({ params }: { params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  await requireBookPage(bookId, "VIEWER", `/books/${bookId}/automations/banks`);
  const config = getConfig();
  const defaultCountry = countryFromAcceptLanguage((await headers()).get("accept-language"));
  return (
    <div>
      <h3 className="mb-1 text-base font-semibold">Banks</h3>
      <p className="mb-4 text-sm text-slate-600">
        Choose your country and your bank, then sign in to it. The connection stays yours — your credentials never reach this portal — and it is
        shared with this Book so its Editors can link its accounts.
      </p>
      <BankPicker
        bookId={bookId}
        countries={COUNTRIES}
        defaultCountry={defaultCountry}
        sandbox={{ PLAID: config.plaid.mode === "local-sandbox", PLUGGY: config.pluggy.mode === "local-sandbox" }}
        actions={{ listBanks, startLink, completeLink }}
      />
    </div>
  );
}
