import { z } from "zod";
import { compactDetails } from "../details";
import type { CounterpartDetails, TransactionDirection } from "../transactions";

/**
 * The counterpart details of a Pluggy transaction: the merchant (name, CNPJ), the category, and for a
 * transfer the other party of `paymentData` — the receiver of money that left the account, the payer
 * of money that came in — with their CPF/CNPJ. A field in a shape we do not expect is left out.
 */
const party = z.object({ name: z.string().nullish(), documentNumber: z.object({ value: z.string().nullish() }).nullish() }).nullish();
const shape = z.object({
  category: z.string().nullish().catch(null),
  merchant: z.object({ name: z.string().nullish(), businessName: z.string().nullish(), cnpj: z.string().nullish() }).nullish().catch(null),
  paymentData: z.object({ payer: party, receiver: party }).nullish().catch(null),
});

export function pluggyDetails(raw: unknown, direction: TransactionDirection): CounterpartDetails | undefined {
  const r = shape.safeParse(raw);
  if (!r.success) return undefined;
  const t = r.data;
  const other = direction === "out" ? t.paymentData?.receiver : t.paymentData?.payer;
  return compactDetails({
    merchant: t.merchant?.name ?? t.merchant?.businessName,
    category: t.category,
    counterpart: t.merchant ? undefined : other?.name,
    counterpartDocument: t.merchant?.cnpj ?? other?.documentNumber?.value,
  });
}
