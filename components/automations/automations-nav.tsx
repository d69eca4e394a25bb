"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useT } from "@/lib/i18n/client";

const ITEMS = [
  { slug: "banks", label: "automations.banks" },
  { slug: "connections", label: "automations.connections" },
  { slug: "integrations", label: "automations.integrations" },
] as const;

export function AutomationsNav({ bookId }: { bookId: string }) {
  const pathname = usePathname();
  const t = useT();
  return (
    <nav aria-label={t("automations.title")}>
      <ul className="space-y-1">
        {ITEMS.map((item) => {
          const href = `/books/${bookId}/automations/${item.slug}`;
          const current = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={item.slug}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={`block rounded-md px-3 py-2 text-sm ${current ? "bg-brand-600 font-medium text-white" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {t(item.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
