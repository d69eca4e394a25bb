import type { BookRole } from "@/lib/generated/prisma/enums";

/** Book roles as in Bkper, strongest first. */
export const BOOK_ROLES = ["OWNER", "EDITOR", "POSTER", "RECORDER", "VIEWER"] as const satisfies readonly BookRole[];

const RANK: Record<BookRole, number> = { OWNER: 5, EDITOR: 4, POSTER: 3, RECORDER: 2, VIEWER: 1 };

export function hasRole(actual: BookRole, needed: BookRole): boolean {
  return RANK[actual] >= RANK[needed];
}

export const ROLE_LABEL: Record<BookRole, string> = {
  OWNER: "Owner",
  EDITOR: "Editor",
  POSTER: "Record & View",
  RECORDER: "Record Only",
  VIEWER: "View Only",
};

/** What a role may do in the Automations portal (docs/architecture.md#people-and-permissions). */
export function canManageIntegrations(role: BookRole): boolean {
  return hasRole(role, "EDITOR");
}

/** What each workbench operation needs (lib/books/roles.ts, where the gateways check it too). */
export { canDo, WORKBENCH_NEEDS, type WorkbenchOperation } from "@/lib/books/roles";
