import { z } from "zod";
import { bookIdSchema } from "../ids";
import { compareDecimal } from "./match";

/**
 * What a person sends to add or delete a counter-account rule (Book settings). Bad input gets a clear
 * message per field (keys of the `server` dictionary section); amounts are decimal strings, a comma
 * is read as the decimal separator.
 */

const amount = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v.replace(",", ".") : null))
  .refine((v) => v === null || /^\d{1,16}(\.\d{1,8})?$/.test(v), "server.ruleAmount");

export const MAX_RULES = 200;

export const ruleInput = z
  .object({
    bookId: bookIdSchema,
    // Not "contains": a form field of that name would shadow the form element's own contains().
    words: z
      .string()
      .transform((v) => v.replace(/\s+/g, " ").trim())
      .pipe(z.string().min(2, "server.ruleContains").max(100, "server.ruleContains")),
    accountId: z.string().trim().min(1, "server.ruleAccount").max(200, "server.ruleAccount"),
    direction: z
      .enum(["in", "out", ""], { message: "server.correctFields" })
      .optional()
      .transform((v) => (v === "in" || v === "out" ? v : null)),
    minAmount: amount,
    maxAmount: amount,
  })
  .superRefine((v, ctx) => {
    if (v.minAmount !== null && v.maxAmount !== null && compareDecimal(v.minAmount, v.maxAmount) > 0) ctx.addIssue({ code: "custom", path: ["maxAmount"], message: "server.ruleRange" });
  });

export type RuleInput = z.infer<typeof ruleInput>;

export const ruleDeleteInput = z.object({ bookId: bookIdSchema, ruleId: z.string().trim().min(1, "server.ruleGone").max(200, "server.ruleGone") });
