import Link from "next/link";
import { prisma } from "@/lib/db";
import { getT } from "@/lib/i18n/server";
import { bannerItemsFor, bannerShown } from "@/lib/notifications/banner";

/**
 * The portal's banner: bank connections that need Reconnect or whose consent expires soon, for their
 * owner and for the Editors and Owners of the Books they are shared into. Never breaks the page.
 */
export async function ProblemBanner({ userId }: { userId: string }) {
  let items: Awaited<ReturnType<typeof bannerItemsFor>> = [];
  try {
    items = await bannerItemsFor(await prisma(), userId);
  } catch (err) {
    console.error(`[notifications] banner failed: ${err instanceof Error ? err.message.split("\n")[0] : "failed"}`);
  }
  if (items.length === 0) return null;
  const t = await getT();
  const { shown, more } = bannerShown(items);
  return (
    <section aria-label={t("banner.label")} className="border-b border-amber-200 bg-amber-50">
      <ul className="mx-auto max-w-6xl space-y-1 px-6 py-2 text-sm text-amber-900">
        {shown.map((i) => (
          <li key={i.connectionId} data-testid="problem-banner" className="flex flex-wrap items-baseline gap-x-2">
            <span aria-hidden="true">⚠️</span>
            <strong className="font-semibold">{t.msg(i.title)}</strong>
            <span>{i.mine ? t("banner.mine") : t("banner.theirs")}</span>
            <Link href={i.href ?? "/books"} className="font-medium underline">
              {t("banner.open")}
            </Link>
          </li>
        ))}
        {more > 0 ? (
          <li data-testid="problem-banner-more" className="flex flex-wrap items-baseline gap-x-2">
            <span>{t("banner.more", { count: new Intl.NumberFormat(t.locale).format(more) })}</span>
            <Link href={shown[0]?.href ?? "/books"} className="font-medium underline">
              {t("banner.open")}
            </Link>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
