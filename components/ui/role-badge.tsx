import { ROLE_LABEL } from "@/lib/auth/roles";
import type { BookRoleName } from "@/lib/books/types";

export function RoleBadge({ role }: { role: BookRoleName }) {
  return (
    <span className="inline-flex items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700" title={`Your role: ${ROLE_LABEL[role]}`}>
      {ROLE_LABEL[role]}
    </span>
  );
}
