/**
 * Sandbox login rules (documented in packages/sandbox/README.md):
 *
 * | username                      | password                    | result                                   |
 * |-------------------------------|-----------------------------|------------------------------------------|
 * | user_good (or any other name) | pass_good                   | success; the username seeds the data     |
 * | any                           | anything else               | INVALID_CREDENTIALS (ITEM_ERROR, 400)    |
 * | user_good                     | error_<CODE>                | that error (ITEM_LOGIN_REQUIRED: the item|
 * |                               |                             | is created, then needs update mode)      |
 * | user_mfa                      | pass_good                   | asks for a code; 1234 succeeds,          |
 * |                               |                             | anything else → INVALID_MFA              |
 * | user_good                     | mfa_device                  | same MFA flow (Plaid's sandbox name)     |
 * | user_down                     | any                         | INSTITUTION_DOWN (INSTITUTION_ERROR, 400)|
 * | user_not_responding           | any                         | INSTITUTION_NOT_RESPONDING               |
 * | user_locked                   | any                         | ITEM_LOCKED                              |
 * | user_transactions_dynamic…    | any non-blank               | success (Plaid's transaction test users) |
 * | user_custom                   | JSON config (custom-user.ts)| override_accounts accounts/force_error;  |
 * |                               |                             | malformed → INVALID_CREDENTIALS          |
 *
 * Institutions with health DOWN (ins_132361) or listed in faults.institutionsDown /
 * institutionsNotResponding fail every login with INSTITUTION_DOWN / INSTITUTION_NOT_RESPONDING.
 */
import type { SandboxInstitution } from "@bank-connections/sandbox/data/institutions";
import { PlaidApiError, isPlaidErrorCode, type PlaidErrorCode } from "./errors";
import { CUSTOM_USERNAME, parseCustomUser } from "./custom-user";
import type { PlaidFaults, PlaidItemRecord } from "./state";

export const GOOD_PASSWORD = "pass_good";
export const MFA_CODE = "1234";

const ANY_PASSWORD_USERS = new Set(["user_transactions_dynamic", "user_ewa_user", "user_yuppie", "user_small_business"]);

/** Codes a `user_good` / `error_<CODE>` login may ask for. */
const LOGIN_ERROR_CODES: ReadonlySet<PlaidErrorCode> = new Set<PlaidErrorCode>([
  "ITEM_LOGIN_REQUIRED",
  "INVALID_CREDENTIALS",
  "INVALID_MFA",
  "ITEM_LOCKED",
  "INSTITUTION_DOWN",
  "INSTITUTION_NOT_RESPONDING",
  "USER_PERMISSION_REVOKED",
  "INTERNAL_SERVER_ERROR",
]);

export type LoginOutcome =
  /** `username`/`custom`: what the item's data comes from when not the typed username (user_custom). */
  | { kind: "ok"; loginRequired: boolean; username?: string; custom?: PlaidItemRecord["custom"] }
  | { kind: "mfa"; message: string }
  | { kind: "error"; error: PlaidApiError };

export function evaluateLogin(opts: {
  institution: SandboxInstitution;
  username: string;
  password: string;
  mfaCode?: string;
  faults: PlaidFaults;
  /** /sandbox/public_token/create skips the MFA step. */
  skipMfa?: boolean;
}): LoginOutcome {
  const { institution, username, password, faults } = opts;
  const fail = (code: PlaidErrorCode): LoginOutcome => ({ kind: "error", error: new PlaidApiError(code) });
  if (institution.health === "DOWN" || faults.institutionsDown.includes(institution.institutionId)) return fail("INSTITUTION_DOWN");
  if (faults.institutionsNotResponding.includes(institution.institutionId)) return fail("INSTITUTION_NOT_RESPONDING");
  if (username.trim() === "" || password === "") return fail("INVALID_CREDENTIALS");
  if (username === "user_down") return fail("INSTITUTION_DOWN");
  if (username === "user_not_responding") return fail("INSTITUTION_NOT_RESPONDING");
  if (username === "user_locked") return fail("ITEM_LOCKED");
  if (username === CUSTOM_USERNAME) {
    const custom = parseCustomUser(password);
    if (custom.kind === "error") return custom;
    return { kind: "ok", loginRequired: custom.loginRequired, username: custom.dataUsername, ...(custom.accounts ? { custom: custom.accounts } : {}) };
  }
  if (ANY_PASSWORD_USERS.has(username)) return password.trim() === "" ? fail("INVALID_CREDENTIALS") : { kind: "ok", loginRequired: false };

  if (password.startsWith("error_")) {
    const code = password.slice("error_".length);
    if (isPlaidErrorCode(code) && LOGIN_ERROR_CODES.has(code)) {
      return code === "ITEM_LOGIN_REQUIRED" ? { kind: "ok", loginRequired: true } : fail(code);
    }
    return fail("INVALID_CREDENTIALS");
  }

  const mfa = username === "user_mfa" ? password === GOOD_PASSWORD : password === "mfa_device";
  if (mfa) {
    if (opts.skipMfa) return { kind: "ok", loginRequired: false };
    if (opts.mfaCode === undefined || opts.mfaCode === "") {
      return { kind: "mfa", message: `Enter the code sent to your device (sandbox code: ${MFA_CODE}).` };
    }
    return opts.mfaCode === MFA_CODE ? { kind: "ok", loginRequired: false } : fail("INVALID_MFA");
  }
  return password === GOOD_PASSWORD ? { kind: "ok", loginRequired: false } : fail("INVALID_CREDENTIALS");
}
