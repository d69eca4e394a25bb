import { inEnglish } from "@/lib/i18n/stored";
import { msg, type Message } from "@/lib/i18n/translate";

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

/** What a person reads, and what they can do about it: messages of lib/i18n's `providerErrors`. */
export function describeProviderMessages(err: ProviderError): { message: Message; action: Message } {
  const kind = err.kind;
  if (kind === "RATE_LIMITED") {
    const seconds = err.details.retryAfterSeconds;
    return { message: msg("providerErrors.RATE_LIMITED.message"), action: seconds ? msg("providerErrors.RATE_LIMITED.action", { count: seconds }) : msg("providerErrors.RATE_LIMITED.actionShortly") };
  }
  return { message: msg(`providerErrors.${kind}.message`), action: msg(`providerErrors.${kind}.action`) };
}

/** The two as one message: "The bank asks you to log in again. Press Reconnect and sign in to your bank." */
export function providerFailureMessage(err: ProviderError): Message {
  const d = describeProviderMessages(err);
  return msg("providerErrors.failure", { message: { msg: d.message }, action: { msg: d.action } });
}

/** The same in English, for logs and tests. */
export function describeProviderError(err: ProviderError): { message: string; action: string } {
  const d = describeProviderMessages(err);
  return { message: inEnglish(d.message), action: inEnglish(d.action) };
}
