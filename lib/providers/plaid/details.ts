import { z } from "zod";
import { compactDetails } from "../details";
import type { CounterpartDetails } from "../transactions";

/**
 * The counterpart details of a Plaid transaction (docs/reference/providers.md §2.7): `merchant_name`,
 * `personal_finance_category.detailed`, and the first counterparty that is not the merchant (a payment
 * app, a financial institution). A field Plaid sends in a shape we do not expect is simply left out.
 */
const counterparty = z.object({ name: z.string().nullish(), type: z.string().nullish() });
const shape = z.object({
  merchant_name: z.string().nullish().catch(null),
  personal_finance_category: z.object({ detailed: z.string().nullish(), primary: z.string().nullish() }).nullish().catch(null),
  counterparties: z.array(counterparty).nullish().catch(null),
});

export function plaidDetails(raw: unknown): CounterpartDetails | undefined {
  const r = shape.safeParse(raw);
  if (!r.success) return undefined;
  const t = r.data;
  const other = t.counterparties?.find((c) => c.name && c.type !== "merchant");
  return compactDetails({
    merchant: t.merchant_name,
    category: t.personal_finance_category?.detailed ?? t.personal_finance_category?.primary,
    counterpart: other?.name,
  });
}
