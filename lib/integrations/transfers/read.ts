import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isoDay } from "@/lib/dates";

/**
 * What the Book page shows of transfer pairing, per Book transaction on the page: a transfer
 * recorded from two integrations (From → To, and whether a person may split it), or the suggested
 * other side of a possible transfer (to record as one, or keep separate).
 */
export type TransferView =
  | { kind: "paired"; pairId: string; fromAccountId: string | null; toAccountId: string | null }
  | { kind: "suggested"; pairId: string; other: { description: string; date: string; accountId: string } };

export async function transfersFor(db: PrismaClient, bookId: string, transactionIds: string[]): Promise<Map<string, TransferView[]>> {
  const out = new Map<string, TransferView[]>();
  if (!transactionIds.length) return out;
  const push = (id: string, v: TransferView) => out.set(id, [...(out.get(id) ?? []), v]);
  const side = { include: { bankTransaction: { select: { description: true, date: true } }, integration: { select: { bookAccountId: true } } } } as const;
  const paired = await db.transferPair.findMany({
    where: { bookId, state: "PAIRED", survivorTransactionId: { in: transactionIds } },
    include: { payerPosting: side, receiverPosting: side },
  });
  for (const p of paired) push(p.survivorTransactionId!, { kind: "paired", pairId: p.id, fromAccountId: p.payerPosting?.integration.bookAccountId ?? null, toAccountId: p.receiverPosting?.integration.bookAccountId ?? null });
  const suggested = await db.transferPair.findMany({
    where: { bookId, state: "SUGGESTED", OR: [{ payerPosting: { bookTransactionId: { in: transactionIds } } }, { receiverPosting: { bookTransactionId: { in: transactionIds } } }] },
    include: { payerPosting: side, receiverPosting: side },
    orderBy: { score: "desc" },
  });
  const wanted = new Set(transactionIds);
  for (const p of suggested) {
    const sides = [p.payerPosting, p.receiverPosting];
    sides.forEach((me, i) => {
      const other = sides[1 - i];
      if (!me?.bookTransactionId || !wanted.has(me.bookTransactionId) || !other || me.state !== "POSTED") return;
      push(me.bookTransactionId, { kind: "suggested", pairId: p.id, other: { description: other.bankTransaction.description, date: isoDay(other.bankTransaction.date), accountId: other.integration.bookAccountId } });
    });
  }
  return out;
}
