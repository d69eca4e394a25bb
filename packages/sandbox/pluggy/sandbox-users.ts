import type { ExecutionErrorCode, ItemStatus } from "./types";

/**
 * What an execution ends in, decided from the submitted credentials (docs/reference/providers.md §3.9 "Pluggy
 * Bank" users). The full table is documented in packages/sandbox/README.md.
 */
export type ErrorOutcome = {
  kind: "error";
  status: Extract<ItemStatus, "LOGIN_ERROR" | "OUTDATED">;
  code: ExecutionErrorCode;
  message: string;
  providerMessage?: string;
};

export type ExecutionOutcome = { kind: "success"; variant: "ok" | "partial" | "warning" } | { kind: "mfa" } | ErrorOutcome;

export const SANDBOX_PASSWORD = "password-ok";
export const SANDBOX_MFA_TOKEN = "123456";

const ERROR_MESSAGES: Record<ExecutionErrorCode, string> = {
  INVALID_CREDENTIALS: "Invalid credentials.",
  ALREADY_LOGGED_IN: "The user is already logged in at the institution; try again later.",
  UNEXPECTED_ERROR: "An unexpected error occurred.",
  INVALID_CREDENTIALS_MFA: "Invalid MFA token.",
  SITE_NOT_AVAILABLE: "The institution is not available right now; try again later.",
  ACCOUNT_LOCKED: "The account is locked at the institution.",
  ACCOUNT_CREDENTIALS_RESET: "The credentials were reset at the institution; set new ones there.",
  CONNECTION_ERROR: "Connectivity error, please try again.",
  ACCOUNT_NEEDS_ACTION: "The account needs an action at the institution's site.",
  USER_AUTHORIZATION_PENDING: "The connection is waiting for an authorization at the institution.",
  USER_AUTHORIZATION_NOT_GRANTED: "The authorization was not granted.",
  USER_NOT_SUPPORTED: "This kind of user is not supported by the connector.",
  USER_INPUT_TIMEOUT: "The user did not provide the requested input in time.",
};

/** Which Item status each error code leaves the Item in. */
export const ERROR_STATUS: Record<ExecutionErrorCode, Extract<ItemStatus, "LOGIN_ERROR" | "OUTDATED">> = {
  INVALID_CREDENTIALS: "LOGIN_ERROR",
  INVALID_CREDENTIALS_MFA: "LOGIN_ERROR",
  ACCOUNT_LOCKED: "LOGIN_ERROR",
  ACCOUNT_CREDENTIALS_RESET: "LOGIN_ERROR",
  ACCOUNT_NEEDS_ACTION: "LOGIN_ERROR",
  USER_NOT_SUPPORTED: "LOGIN_ERROR",
  USER_AUTHORIZATION_NOT_GRANTED: "LOGIN_ERROR",
  USER_INPUT_TIMEOUT: "OUTDATED",
  USER_AUTHORIZATION_PENDING: "OUTDATED",
  ALREADY_LOGGED_IN: "OUTDATED",
  UNEXPECTED_ERROR: "OUTDATED",
  SITE_NOT_AVAILABLE: "OUTDATED",
  CONNECTION_ERROR: "OUTDATED",
};

export function errorOutcome(code: ExecutionErrorCode, providerMessage?: string): ErrorOutcome {
  const out: ErrorOutcome = { kind: "error", status: ERROR_STATUS[code], code, message: ERROR_MESSAGES[code] };
  if (providerMessage) out.providerMessage = providerMessage;
  return out;
}

/** Users whose login succeeds (with the right password) and what the collection then does. */
const USERS: Record<string, ExecutionOutcome> = {
  "user-ok": { kind: "success", variant: "ok" },
  "user-ok-account-error": { kind: "success", variant: "partial" },
  "user-ok-account-warning": { kind: "success", variant: "warning" },
  "user-mfa": { kind: "mfa" },
  "user-logged": errorOutcome("ALREADY_LOGGED_IN"),
  "user-locked": errorOutcome("ACCOUNT_LOCKED"),
  "user-error": errorOutcome("UNEXPECTED_ERROR"),
  "user-unavailable": errorOutcome("SITE_NOT_AVAILABLE"),
  "user-site-down": errorOutcome("SITE_NOT_AVAILABLE"),
  "user-account-need-actions": errorOutcome("ACCOUNT_NEEDS_ACTION"),
  "user-account-need-actions-provider-message": errorOutcome(
    "ACCOUNT_NEEDS_ACTION",
    "Acesse o internet banking para aceitar os novos termos de uso.",
  ),
  "user-connection-error": errorOutcome("CONNECTION_ERROR"),
  "user-account-credentials-reset": errorOutcome("ACCOUNT_CREDENTIALS_RESET"),
  "user-not-supported": errorOutcome("USER_NOT_SUPPORTED"),
};

export const SANDBOX_USERS = Object.keys(USERS);

/**
 * Outcome of a login with `parameters`. `user`/`password` are the credential names of every
 * sandbox-data connector. Unknown users and wrong passwords → INVALID_CREDENTIALS.
 * `mfaConnector`: the connector always asks for a token after a good login (Pluggy Bank MFA).
 */
export function outcomeForCredentials(parameters: Record<string, string>, opts: { mfaConnector: boolean }): ExecutionOutcome {
  const user = (parameters.user ?? "").trim();
  const password = parameters.password ?? "";
  const known = USERS[user];
  if (!known || password !== SANDBOX_PASSWORD) return errorOutcome("INVALID_CREDENTIALS");
  if (known.kind === "success" && opts.mfaConnector) {
    // A token given up front (1-step MFA) is checked right away.
    if (parameters.token !== undefined) {
      return parameters.token === SANDBOX_MFA_TOKEN ? known : errorOutcome("INVALID_CREDENTIALS_MFA");
    }
    return { kind: "mfa" };
  }
  if (known.kind === "mfa" && parameters.token !== undefined) {
    return parameters.token === SANDBOX_MFA_TOKEN ? { kind: "success", variant: "ok" } : errorOutcome("INVALID_CREDENTIALS_MFA");
  }
  return known;
}
