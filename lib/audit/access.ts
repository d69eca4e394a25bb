import type { BookRole } from "@/lib/generated/prisma/enums";
import { hasRole } from "@/lib/auth/roles";

/** Who may read a Book's audit trail: its Editors and Owner (docs/architecture.md#people-and-permissions). */
export const AUDIT_VIEW_ROLE: BookRole = "EDITOR";

export function canViewAudit(role: BookRole): boolean {
  return hasRole(role, AUDIT_VIEW_ROLE);
}
