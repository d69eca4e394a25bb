import { AppError, type ErrorCode } from "@/lib/errors";
import type { BookRole } from "@/lib/generated/prisma/enums";
import { msg, type Message } from "@/lib/i18n/translate";

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

  /** `message`: one of MESSAGES below, or a text as it is (Google's or Bkper's own words). */
  constructor(
    readonly kind: BkperErrorKind,
    message: Message | string,
    details: BkperErrorDetails = {},
  ) {
    super(APP_CODE[kind], typeof message === "string" ? msg("common.asSent", { text: message }) : message);
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

/** What people read about a Bkper failure: messages of lib/i18n's `bkper` section (Bkper's own `detail` as it is). */
export const MESSAGES = {
  signIn: msg("bkper.signIn"),
  readForbidden: msg("bkper.readForbidden"),
  permission: (role: BookRole) => msg("bkper.permission", { role: { msg: msg(`roles.${role}`) } }),
  notFound: msg("bkper.notFound"),
  locked: (detail?: string) => (detail ? msg("bkper.lockedDetail", { detail }) : msg("bkper.locked")),
  rateLimited: (seconds?: number) =>
    seconds === undefined
      ? msg("bkper.rateLimitedMinute")
      : seconds < 60
        ? msg("bkper.rateLimitedSeconds", { count: Math.max(1, Math.ceil(seconds)) })
        : msg("bkper.rateLimitedMinutes", { count: Math.ceil(seconds / 60) }),
  invalid: (detail?: string) => (detail ? msg("bkper.invalidDetail", { detail }) : msg("bkper.invalid")),
  unavailable: (status?: number) => (status ? msg("bkper.unavailableStatus", { status }) : msg("bkper.unreachable")),
  timeout: msg("bkper.timeout"),
  badResponse: (what: string) => msg("bkper.badResponse", { what }),
  googleUnreachable: msg("bkper.googleUnreachable"),
  googleStatus: (status: number) => msg("bkper.googleStatus", { status }),
  googleUnreadable: msg("bkper.googleUnreadable"),
};
