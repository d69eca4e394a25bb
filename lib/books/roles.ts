import type { BookRoleName } from "./types";

/**
 * The Book workbench, as Bkper's roles have it (docs/reference/bkper.md §2 "Permissions") and issue 14
 * narrows them: RECORDER records drafts only (the bank does that), POSTER completes and posts drafts,
 * EDITOR/OWNER also check, uncheck, edit posted transactions and trash/restore. VIEWER reads.
 * Both gateways check it (a background job acts with its user's role too); lib/auth/roles re-exports it.
 */
export const WORKBENCH_NEEDS = {
  complete: "POSTER",
  post: "POSTER",
  check: "EDITOR",
  uncheck: "EDITOR",
  editPosted: "EDITOR",
  trash: "EDITOR",
  restore: "EDITOR",
} as const satisfies Record<string, BookRoleName>;
export type WorkbenchOperation = keyof typeof WORKBENCH_NEEDS;

const RANK: Record<BookRoleName, number> = { OWNER: 5, EDITOR: 4, POSTER: 3, RECORDER: 2, VIEWER: 1 };

export function canDo(role: BookRoleName, op: WorkbenchOperation): boolean {
  return RANK[role] >= RANK[WORKBENCH_NEEDS[op]];
}
