import type { BookRoleName } from "@/lib/books/types";
import { getT } from "@/lib/i18n/server";

export async function RoleBadge({ role }: { role: BookRoleName }) {
  const t = await getT();
  const label = t(`roles.${role}`);
  return (
    <span className="inline-flex items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700" title={t("roles.yourRole", { role: label })}>
      {label}
    </span>
  );
}
