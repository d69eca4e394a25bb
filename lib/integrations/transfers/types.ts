/** One side of a movement as transfer pairing sees it (match.ts, signals.ts). */
export type MovementSide = {
  /** Stable key of this side: the Posting id (one per integration and bank transaction). */
  key: string;
  integrationId: string;
  /** The bank connection (one login) the side came through. */
  connectionId: string;
  institutionAccountId: string;
  bookAccountId: string;
  /** `plaid:<id>` / `pluggy:<id>`, as carried in the Book transaction's remote ids. */
  remoteId: string;
  /** YYYY-MM-DD. */
  date: string;
  /** Absolute decimal string ("500.00"). */
  amount: string;
  /** From the institution account's point of view: "out" = money left it. */
  direction: "in" | "out";
  currency: string;
  description: string;
  pending: boolean;
  /** The institution account's mask (last digits), when the provider gives one. */
  accountMask: string | null;
  /** The account is a credit card (a payment arrives on it as money "in"). */
  isCard: boolean;
  /** Plaid personal_finance_category.detailed, or Pluggy categoryId. */
  category: string | null;
  /** Pluggy paymentData, reduced: the reference and both parties' account numbers. */
  paymentData?: { referenceNumber?: string | null; payerAccount?: string | null; receiverAccount?: string | null } | null;
  /** Pluggy creditCardMetadata.billId. */
  billId?: string | null;
  /** Completed, posted, checked or edited by a person: never rewritten by pairing. */
  personal: boolean;
  /** The key of the side it is already paired with, if any. */
  pairedWith: string | null;
};
