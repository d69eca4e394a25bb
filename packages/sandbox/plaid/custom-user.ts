/**
 * Plaid's `user_custom` sandbox user: the password is a JSON configuration
 * (`{ "override_accounts": [...], "force_error": "...", "seed": "..." }`), parsed with zod.
 * Malformed or unsupported configurations are refused with INVALID_CREDENTIALS (never a crash).
 *
 * Honoured: `force_error` (login errors; ITEM_LOGIN_REQUIRED creates the item already in error),
 * `seed` (the data seed), and in `override_accounts` the accounts' types/subtypes (up to two
 * checking, one savings, two credit cards), `starting_balance` (the balance the history starts
 * from), `meta.name` / `official_name` / `mask` / `limit`. Transactions, numbers, identity and
 * `force_available_balance` are accepted but the emulator generates its own (deterministic) ones.
 */
import { z } from "zod";
import type { AccountKind, AccountOverride } from "@bank-connections/sandbox/data/types";
import { PlaidApiError, isPlaidErrorCode } from "./errors";
import type { CustomAccounts } from "./state";

export const CUSTOM_USERNAME = "user_custom";

const overrideAccount = z
  .object({
    type: z.enum(["depository", "credit", "loan", "investment", "payroll", "other"]),
    subtype: z.string().nullable().optional(),
    starting_balance: z.number().optional(),
    force_available_balance: z.number().optional(),
    currency: z.string().optional(),
    meta: z.object({ name: z.string().optional(), official_name: z.string().optional(), mask: z.string().optional(), limit: z.number().optional() }).passthrough().optional(),
    transactions: z.array(z.object({}).passthrough()).optional(),
  })
  .passthrough();

const customConfig = z
  .object({
    version: z.union([z.string(), z.number()]).optional(),
    seed: z.string().optional(),
    override_accounts: z.array(overrideAccount).max(10).optional(),
    force_error: z.string().optional(),
    mfa: z.object({}).passthrough().optional(),
    recaptcha: z.string().optional(),
  })
  .passthrough();

export type CustomUser =
  | { kind: "ok"; dataUsername: string; accounts: CustomAccounts | undefined; loginRequired: boolean }
  | { kind: "error"; error: PlaidApiError };

const FORCEABLE = new Set(["INVALID_CREDENTIALS", "INVALID_MFA", "ITEM_LOCKED", "ITEM_LOGIN_REQUIRED", "INSTITUTION_DOWN", "INSTITUTION_NOT_RESPONDING", "USER_PERMISSION_REVOKED", "INTERNAL_SERVER_ERROR", "ITEM_NOT_FOUND"]);

const refuse = (why: string): CustomUser => ({
  kind: "error",
  error: new PlaidApiError("INVALID_CREDENTIALS", `the provided credentials were not correct: user_custom needs a JSON configuration as password (${why})`),
});

function overrideOf(a: z.infer<typeof overrideAccount>): AccountOverride {
  const o: AccountOverride = {};
  if (a.meta?.name) o.name = a.meta.name;
  if (a.meta?.official_name) o.officialName = a.meta.official_name;
  if (a.meta?.mask) o.mask = a.meta.mask.slice(-4);
  if (a.meta?.limit !== undefined) o.creditLimit = a.meta.limit;
  if (a.starting_balance !== undefined) o.openingBalance = a.starting_balance;
  return o;
}

function accountsOf(accounts: z.infer<typeof overrideAccount>[]): CustomAccounts | string {
  const out: AccountKind[] = [];
  const overrides: CustomAccounts["overrides"] = {};
  let current: z.infer<typeof overrideAccount> | null = null;
  const add = (first: AccountKind, second: AccountKind | null): boolean => {
    const kind = !out.includes(first) ? first : second && !out.includes(second) ? second : null;
    if (!kind) return false;
    out.push(kind);
    if (current) overrides[kind] = overrideOf(current);
    return true;
  };
  for (const a of accounts) {
    current = a;
    const sub = a.subtype ?? (a.type === "credit" ? "credit card" : "checking");
    const ok =
      a.type === "depository" && sub === "checking" ? add("checking", "checking_2")
      : a.type === "depository" && sub === "savings" ? add("savings", null)
      : a.type === "credit" && sub === "credit card" ? add("credit_card", "credit_card_2")
      : null;
    if (ok === null) return `override_accounts: ${a.type}/${sub} accounts are not emulated (depository checking/savings and credit card are)`;
    if (!ok) return "override_accounts: at most two checking, one savings and two credit card accounts";
  }
  return { layout: out, overrides };
}

export function parseCustomUser(password: string): CustomUser {
  let json: unknown;
  try {
    json = JSON.parse(password);
  } catch {
    return refuse("the password is not valid JSON");
  }
  const parsed = customConfig.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(`${issue?.path.join(".") || "config"}: ${issue?.message ?? "invalid"}`);
  }
  const cfg = parsed.data;
  if (cfg.force_error !== undefined) {
    if (!isPlaidErrorCode(cfg.force_error) || !FORCEABLE.has(cfg.force_error)) return refuse(`force_error ${cfg.force_error} is not an error this sandbox can force`);
    if (cfg.force_error !== "ITEM_LOGIN_REQUIRED") return { kind: "error", error: new PlaidApiError(cfg.force_error) };
  }
  let custom: CustomAccounts | undefined;
  if (cfg.override_accounts && cfg.override_accounts.length > 0) {
    const c = accountsOf(cfg.override_accounts);
    if (typeof c === "string") return refuse(c);
    custom = c;
  }
  return { kind: "ok", dataUsername: `${CUSTOM_USERNAME}:${cfg.seed ?? ""}`, accounts: custom, loginRequired: cfg.force_error === "ITEM_LOGIN_REQUIRED" };
}
