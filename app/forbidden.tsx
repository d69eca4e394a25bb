import { getT } from "@/lib/i18n/server";
import { StatusPage } from "@/components/ui/status-page";

export default async function Forbidden() {
  const t = await getT();
  return <StatusPage code="403" codeClassName="text-amber-700" title={t("pages.forbidden.title")} body={t("pages.forbidden.body")} goToBooks={t("common.goToBooks")} />;
}
