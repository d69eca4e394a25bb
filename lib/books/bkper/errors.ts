import { AppError, type ErrorCode } from "@/lib/errors";
import { msg } from "@/lib/i18n/translate";

/**
 * What went wrong talking to Bkper, in terms the portal and the sync engine can act on.
 * - SIGN_IN_REQUIRED: the Google token was refused even after one refresh (or the refresh failed).
 * - PERMISSION_DENIED: Bkper answered 403 for this Book / operation.
 * - NOT_FOUND: Book (or resource) not found, or not shared with this Google account.
 * - LOCKED_PERIOD: Bkper refused a date on or before the Book's lock / closing date.
 * - RATE_LIMITED: 429 (or Google's 403 rateLimitExceeded) still there after the bounded retries.
 * - INVALID_REQUEST: any other 4xx: Bkper's own message is kept in `detail`.
 * - CONFLICT: the thing already exists (e.g. an Account name).
 * - UNAVAILABLE: 5xx or no connection, after the bounded retries.
 * - TIMEOUT: Bkper did not answer in time, after the bounded retries.
 * - BAD_RESPONSE: a 2xx whose body is not JSON or not the shape we rely on.
 */
export type BkperErrorKind =
  | "SIGN_IN_REQUIRED"
  | "PERMISSION_DENIED"
  | "NOT_FOUND"
  | "LOCKED_PERIOD"
  | "RATE_LIMITED"
  | "INVALID_REQUEST"
  | "CONFLICT"
  | "UNAVAILABLE"
  | "TIMEOUT"
  | "BAD_RESPONSE";

const APP_CODE: Record<BkperErrorKind, ErrorCode> = {
  SIGN_IN_REQUIRED: "UNAUTHENTICATED",
  PERMISSION_DENIED: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  LOCKED_PERIOD: "CONFLICT",
  RATE_LIMITED: "INTERNAL",
  INVALID_REQUEST: "INVALID_INPUT",
  CONFLICT: "CONFLICT",
  UNAVAILABLE: "INTERNAL",
  TIMEOUT: "INTERNAL",
  BAD_RESPONSE: "INTERNAL",
};

export type BkperErrorDetails = {
  /** HTTP status of the last answer, if there was one. */
  status?: number;
  /** Bkper's `error.errors[0].reason`, if any. */
  reason?: string;
  /** Bkper's own message (never holds a token): for logs and support, not for people. */
  detail?: string;
  /** For RATE_LIMITED: when Bkper said we may try again. */
  retryAfterSeconds?: number;
  /** Human label of the role the operation needs, for PERMISSION_DENIED. */
  neededRole?: string;
};

/** A Bkper failure: an AppError (so the portal shows `message`) with a finer `kind`. */
export class BkperError extends AppError {
  readonly status?: number;
  readonly reason?: string;
  readonly detail?: string;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: BkperErrorKind,
    message: string,
    details: BkperErrorDetails = {},
  ) {
    // Bkper's sentences (MESSAGES below) are kept in English for now: shown as sent.
    super(APP_CODE[kind], msg("common.asSent", { text: message }));
    this.name = "BkperError";
    this.status = details.status;
    this.reason = details.reason;
    this.detail = details.detail;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  /** Worth trying again later without anyone doing anything (the engine should back off). */
  get retryable(): boolean {
    return this.kind === "RATE_LIMITED" || this.kind === "UNAVAILABLE" || this.kind === "TIMEOUT";
  }
}

export const isBkperError = (err: unknown, kind?: BkperErrorKind): err is BkperError =>
  err instanceof BkperError && (kind === undefined || err.kind === kind);

export const MESSAGES = {
  signIn: "Your Google sign-in for Bkper has expired or was revoked. Sign in again with Google to keep posting to your Bkper Books.",
  permission: (role: string) => `You need the ${role} role on this Bkper Book.`,
  notFound: "This Bkper Book was not found, or it is not shared with your Google account.",
  locked: (detail?: string) =>
    `Bkper refused a date on or before this Book's lock or closing date${detail ? ` (${detail})` : ""}. Transactions in a locked period are not posted.`,
  rateLimited: (seconds?: number) =>
    seconds !== undefined
      ? `Bkper is limiting requests right now. Try again in ${formatSeconds(seconds)}.`
      : "Bkper is limiting requests right now. Try again in a minute.",
  invalid: (detail?: string) => `Bkper refused the request${detail ? `: ${detail}` : "."}`,
  unavailable: (status?: number) =>
    status ? `Bkper is not answering properly right now (HTTP ${status}). Try again later.` : "Could not reach Bkper. Check the connection and try again later.",
  timeout: "Bkper did not answer in time. Try again later.",
  badResponse: (what: string) => `Bkper sent a response we could not read (${what}). Try again later; if it persists, report it.`,
} as const;

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.max(1, Math.ceil(s))} second${Math.ceil(s) === 1 ? "" : "s"}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}
