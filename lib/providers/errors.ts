/**
 * Typed provider errors: what the portal and the sync engine act on, whatever the provider said.
 * Each carries a message for people and, where it helps, the action that fixes it.
 */
export type ProviderErrorKind =
  | "REAUTH_REQUIRED" // the institution wants the user to log in again → Reconnect
  | "INVALID_CREDENTIALS" // wrong username/password in the widget → try again
  | "MFA_REQUIRED"
  | "INSTITUTION_DOWN" // try later; the connection stays healthy
  | "RATE_LIMITED" // retry after `retryAfterSeconds`
  | "ITEM_NOT_FOUND" // the provider no longer knows this item (removed elsewhere)
  | "INVALID_TOKEN" // an expired/used link or public token → start again
  | "NOT_CONFIGURED" // keys missing or wrong → the operator must fix the configuration
  | "PROVIDER_ERROR"; // the provider failed (5xx, timeout) → retried

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: { providerCode?: string; retryAfterSeconds?: number; requestId?: string } = {},
  ) {
    super(message);
    this.name = "ProviderError";
  }

  get retryable(): boolean {
    return this.kind === "RATE_LIMITED" || this.kind === "INSTITUTION_DOWN" || this.kind === "PROVIDER_ERROR";
  }
}

export function isProviderError(err: unknown): err is ProviderError {
  return err instanceof ProviderError;
}

/** What a person reads, and what they can do about it. */
export function describeProviderError(err: ProviderError): { message: string; action: string } {
  switch (err.kind) {
    case "REAUTH_REQUIRED":
      return { message: "The bank asks you to log in again.", action: "Press Reconnect and sign in to your bank." };
    case "INVALID_CREDENTIALS":
      return {
        message: "The bank did not accept the username or password.",
        action: "Check them and try again: extra spaces, capitalisation and punctuation are the most common causes.",
      };
    case "MFA_REQUIRED":
      return { message: "The bank needs a verification code.", action: "Complete the verification step in the bank's window." };
    case "INSTITUTION_DOWN":
      return { message: "The bank is not responding right now.", action: "Try again later; nothing was lost." };
    case "RATE_LIMITED":
      return {
        message: "The bank connection service asked us to slow down.",
        action: err.details.retryAfterSeconds ? `We will try again in ${err.details.retryAfterSeconds} seconds.` : "We will try again shortly.",
      };
    case "ITEM_NOT_FOUND":
      return { message: "The bank connection no longer exists at the provider.", action: "Disconnect it and connect the bank again." };
    case "INVALID_TOKEN":
      return { message: "This bank sign-in session expired or was already used.", action: "Start again from Banks." };
    case "NOT_CONFIGURED":
      return { message: "Bank connections are not configured on this server.", action: "Ask the operator to check the provider keys." };
    default:
      return { message: "The bank connection service had a problem.", action: "Try again in a moment; nothing was lost." };
  }
}
