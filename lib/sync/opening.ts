import type { BookGateway } from "@/lib/books/gateway";
import { isoDay } from "@/lib/dates";
import { fromMinor, toMinor } from "@/lib/books/balances";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { fittingAccountType, openingBalance } from "@/lib/integrations/rules";

type OpeningIntegration = {
  id: string;
  bookId: string;
  bookAccountId: string;
  periodStart: Date;
  openingRemoteId: string | null;
  institutionAccount: { type: string; balanceCurrent: { toString(): string } | null };
};

/**
 * The opening-balance draft for the integration's current period start, so the Book Account ends
 * at the institution's balance: posted once per integration and start (its remote id says which);
 * one made for an earlier start is trashed unless someone checked it. Returns the remote id in use.
 */
export async function refreshOpeningBalance(db: PrismaClient, gateway: BookGateway, integration: OpeningIntegration): Promise<string | null> {
  const start = isoDay(integration.periodStart);
  const wanted = `opening:${integration.id}:${start}`;
  if (integration.openingRemoteId === wanted) return wanted;
  if (integration.openingRemoteId) {
    const old = await gateway.findByRemoteId(integration.bookId, integration.openingRemoteId);
    if (old && !old.checked && !old.trashed) await gateway.trashTransaction(integration.bookId, old.id);
  }
  const balance = integration.institutionAccount.balanceCurrent;
  const book = await gateway.getBook(integration.bookId);
  if (balance === null || !book) return null;
  const digits = book.fractionDigits;
  const posted = await db.posting.findMany({
    where: { integrationId: integration.id, state: "POSTED" },
    select: { postedAmount: true, bankTransaction: { select: { direction: true } } },
  });
  const movements = posted.map((p) => ({ direction: (p.bankTransaction.direction === "in" ? "in" : "out") as "in" | "out", amountMinor: toMinor(p.postedAmount ?? "0", digits) }));
  const current = toMinor(Number(balance.toString()).toFixed(digits), digits);
  const o = openingBalance(fittingAccountType(integration.institutionAccount.type), current, movements);
  if (!o) return null;
  await gateway.createTransactions(integration.bookId, [
    {
      date: start,
      amount: fromMinor(o.amountMinor, digits),
      description: "Opening balance",
      creditAccountId: o.direction === "out" ? integration.bookAccountId : null,
      debitAccountId: o.direction === "in" ? integration.bookAccountId : null,
      remoteIds: [wanted],
      properties: { opening_balance: "true" },
    },
  ]);
  return wanted;
}
