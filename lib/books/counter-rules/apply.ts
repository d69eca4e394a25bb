import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookGateway } from "../gateway";
import type { NewBookTransaction } from "../types";
import { applyRules } from "./match";
import { listRules } from "./store";

export type DraftFiller = (draft: NewBookTransaction) => NewBookTransaction;
const asIs: DraftFiller = (d) => d;

/**
 * What the sync's poster applies to the drafts of one Book as it creates them (lib/sync/poster.ts): the
 * Book's rules whose Account is still in the Book and not archived (an Account removed since is never
 * written: the draft then arrives with the other side empty, as without rules). No rules: the draft as it is.
 */
export async function counterRulesFor(db: PrismaClient, gateway: BookGateway, bookId: string): Promise<DraftFiller> {
  const rules = await listRules(db, bookId);
  if (!rules.length) return asIs;
  const open = new Set((await gateway.listAccounts(bookId)).filter((a) => !a.archived).map((a) => a.id));
  const usable = rules.filter((r) => open.has(r.accountId));
  return usable.length ? (d) => applyRules(usable, d) : asIs;
}
