import { getT } from "@/lib/i18n/server";
import { StatusPage } from "@/components/ui/status-page";

export default async function NotFound() {
  const t = await getT();
  return <StatusPage code="404" codeClassName="text-brand-600" title={t("pages.notFound.title")} body={t("pages.notFound.body")} goToBooks={t("common.goToBooks")} />;
}
