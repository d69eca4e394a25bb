/// <reference types="@bkper/bkper-api-types" />
import { z } from "zod";

/**
 * zod schemas for the parts of Bkper v5 responses we use (docs/reference/bkper.md §4, @bkper/bkper-api-types).
 * Only the fields we read are checked; everything else is dropped. Bkper omits unset fields, but a
 * null is tolerated as "unset". Enum-like fields are plain strings here so a value Bkper adds later
 * does not make a whole list unreadable: the gateway maps unknown values explicitly.
 */

const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v): z.output<T> | undefined => v ?? undefined);

const properties = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

export const accountSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  type: opt(z.string()),
  archived: opt(z.boolean()),
  normalizedName: opt(z.string()),
});

const accountRefSchema = z.object({ id: opt(z.string()), name: opt(z.string()) });

export const bookSchema = z.object({
  id: z.string().min(1),
  name: opt(z.string()),
  permission: opt(z.string()),
  fractionDigits: opt(z.number().int().min(0).max(8)),
  timeZone: opt(z.string()),
  lockDate: opt(z.string()),
  closingDate: opt(z.string()),
  datePattern: opt(z.string()),
  decimalSeparator: opt(z.string()),
  properties: opt(properties),
});

export const transactionSchema = z.object({
  id: z.string().min(1),
  date: opt(z.string()),
  dateValue: opt(z.number()),
  amount: opt(z.union([z.string(), z.number()]).transform(String)),
  description: opt(z.string()),
  creditAccount: opt(accountRefSchema),
  debitAccount: opt(accountRefSchema),
  posted: opt(z.boolean()),
  checked: opt(z.boolean()),
  trashed: opt(z.boolean()),
  remoteIds: opt(z.array(z.string())),
  properties: opt(properties),
  createdAt: opt(z.string()),
});

/**
 * A transaction read to be updated: what we use, checked as above, plus the whole JSON object as Bkper
 * sent it (`raw`), because an update (PUT) replaces the transaction with the body sent.
 */
export const rawTransactionSchema = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const parsed = transactionSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return { transaction: parsed.data, raw };
});

const items = <T extends z.ZodType>(item: T) => opt(z.array(item)).transform((v): z.output<T>[] => v ?? []);

/** An answer whose content is not used (the workbench batch PATCHes): any JSON object, an empty body read as {}. */
export const anyBodySchema = z.record(z.string(), z.unknown());
export const bookListSchema = z.object({ items: items(bookSchema) });
export const accountListSchema = z.object({ items: items(accountSchema) });
export const transactionListSchema = z.object({ items: items(transactionSchema), cursor: opt(z.string()) });
export const transactionOperationSchema = z.object({ transaction: opt(transactionSchema) });

/**
 * GET /balances (api-types `Balances`): per Account its name and `cumulativeBalance`, raw (credits minus
 * debits — bkper-js/bkper-gs `getRepresentativeValue` flips it for debit-nature Accounts). A large report
 * comes as a `balancesUrl` to fetch instead: we do not follow it.
 */
export const balancesSchema = z.object({
  accountBalances: opt(z.array(z.object({ name: opt(z.string()), normalizedName: opt(z.string()), cumulativeBalance: opt(z.union([z.string(), z.number()]).transform(String)), credit: opt(z.boolean()) }))),
  balancesUrl: opt(z.string()),
});

/** Bkper's error envelope: `{error:{code,message,errors:[{domain,reason,message}]}}` (docs/reference/bkper.md §1). */
export const errorBodySchema = z.object({
  error: z.object({
    code: opt(z.number()),
    message: opt(z.string()),
    errors: opt(z.array(z.object({ domain: opt(z.string()), reason: opt(z.string()), message: opt(z.string()) }))),
  }),
});

export type BkperBookOut = z.output<typeof bookSchema>;
export type BkperAccountOut = z.output<typeof accountSchema>;
export type BkperTransactionOut = z.output<typeof transactionSchema>;
export type BkperRawTransaction = z.output<typeof rawTransactionSchema>;
export type BkperBalancesOut = z.output<typeof balancesSchema>;
export type BkperTransactionListOut = z.output<typeof transactionListSchema>;

/**
 * What we send. `draft` is documented by bkper-cli ("true forces a draft and bypasses Book auto-posting")
 * and present in api-types 5.44 (docs/reference/bkper.md §4), but missing from the 5.10 package on npm: added here.
 */
export type BkperTransactionIn = Pick<bkper.Transaction, "date" | "amount" | "description" | "remoteIds" | "properties"> & {
  creditAccount?: Pick<bkper.Account, "id">;
  debitAccount?: Pick<bkper.Account, "id">;
  draft?: boolean;
};
export type BkperAccountIn = Required<Pick<bkper.Account, "name" | "type">>;

// Compile-time guard: what we read stays a subset of the published shapes.
type Assignable<T extends U, U> = T;
export type _BookCheck = Assignable<Omit<BkperBookOut, "permission" | "decimalSeparator">, Omit<bkper.Book, "permission" | "decimalSeparator">>;
export type _AccountCheck = Assignable<Omit<BkperAccountOut, "type">, Omit<bkper.Account, "type">>;
export type _TransactionCheck = Assignable<Omit<BkperTransactionOut, "creditAccount" | "debitAccount">, Omit<bkper.Transaction, "creditAccount" | "debitAccount">>;
