/**
 * Plaid's error object and the codes the emulator produces, with Plaid's HTTP statuses
 * (docs/reference/providers.md §2.0: 400 for INVALID_REQUEST / INVALID_INPUT / ITEM_ERROR / TRANSACTIONS_ERROR /
 * INSTITUTION_ERROR / SANDBOX_ERROR, 429 for RATE_LIMIT_EXCEEDED, 500 for API_ERROR; 404 for an
 * unknown path).
 */

export type PlaidErrorType =
  | "INVALID_REQUEST"
  | "INVALID_INPUT"
  | "INSTITUTION_ERROR"
  | "RATE_LIMIT_EXCEEDED"
  | "API_ERROR"
  | "ITEM_ERROR"
  | "TRANSACTIONS_ERROR"
  | "SANDBOX_ERROR"
  | "OAUTH_ERROR";

/** The error object as Plaid sends it (HTTP body on failure, `item.error`, webhook `error`). */
export interface PlaidErrorObject {
  error_type: PlaidErrorType;
  error_code: string;
  error_code_reason: string | null;
  error_message: string;
  display_message: string | null;
  request_id: string;
  causes: unknown[];
  status: number;
  documentation_url: string;
  suggested_action: string | null;
}

interface Spec {
  type: PlaidErrorType;
  status: number;
  message: string;
  display: string | null;
  doc: string;
}

const DOC = "https://plaid.com/docs/errors";

const SPECS = {
  // INVALID_REQUEST
  MISSING_FIELDS: { type: "INVALID_REQUEST", status: 400, message: "the following required fields are missing", display: null, doc: "invalid-request" },
  INVALID_FIELD: { type: "INVALID_REQUEST", status: 400, message: "one or more of the request fields are invalid", display: null, doc: "invalid-request" },
  INVALID_BODY: { type: "INVALID_REQUEST", status: 400, message: "body could not be parsed as JSON", display: null, doc: "invalid-request" },
  INVALID_HEADERS: { type: "INVALID_REQUEST", status: 400, message: "the request headers are invalid", display: null, doc: "invalid-request" },
  NOT_FOUND: { type: "INVALID_REQUEST", status: 404, message: "not found", display: null, doc: "invalid-request" },
  // INVALID_INPUT
  INVALID_API_KEYS: { type: "INVALID_INPUT", status: 400, message: "invalid client_id or secret provided", display: null, doc: "invalid-input" },
  INVALID_ACCESS_TOKEN: { type: "INVALID_INPUT", status: 400, message: "could not find matching access token", display: null, doc: "invalid-input" },
  INVALID_PUBLIC_TOKEN: { type: "INVALID_INPUT", status: 400, message: "could not find matching public token", display: null, doc: "invalid-input" },
  INVALID_LINK_TOKEN: { type: "INVALID_INPUT", status: 400, message: "could not find matching link token", display: null, doc: "invalid-input" },
  INVALID_INSTITUTION: { type: "INVALID_INPUT", status: 400, message: "invalid institution_id provided", display: null, doc: "invalid-input" },
  INVALID_PRODUCT: { type: "INVALID_INPUT", status: 400, message: "invalid product provided", display: null, doc: "invalid-input" },
  INVALID_WEBHOOK_VERIFICATION_KEY_ID: {
    type: "INVALID_INPUT",
    status: 400,
    message: "invalid key_id provided. note that key_ids are specific to Plaid environments, and verification requests must be made to the same environment that the webhook was sent from",
    display: null,
    doc: "invalid-input",
  },
  // ITEM_ERROR
  ITEM_LOGIN_REQUIRED: {
    type: "ITEM_ERROR",
    status: 400,
    message: "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state",
    display: null,
    doc: "item",
  },
  INVALID_CREDENTIALS: { type: "ITEM_ERROR", status: 400, message: "the provided credentials were not correct", display: "The provided credentials were not correct. Please try again.", doc: "item" },
  INVALID_MFA: { type: "ITEM_ERROR", status: 400, message: "the provided MFA response(s) were not correct", display: "The provided MFA responses were not correct. Please try again.", doc: "item" },
  ITEM_LOCKED: {
    type: "ITEM_ERROR",
    status: 400,
    message: "the account is locked. prompt the user to visit the institution's site and unlock their account",
    display: "The given account has been locked by the financial institution. Please visit your financial institution's website to unlock your account.",
    doc: "item",
  },
  ITEM_NOT_FOUND: { type: "ITEM_ERROR", status: 400, message: "the requested item was not found", display: null, doc: "item" },
  USER_PERMISSION_REVOKED: { type: "ITEM_ERROR", status: 400, message: "the holder of this account has revoked their permission for your application to access it", display: null, doc: "item" },
  PRODUCTS_NOT_SUPPORTED: { type: "ITEM_ERROR", status: 400, message: "the requested products are not supported by this item", display: null, doc: "item" },
  PRODUCT_NOT_ENABLED: {
    type: "ITEM_ERROR",
    status: 400,
    message: "A requested product was not enabled for the current access token. Please ensure it is included when initializing Link and create the Item again.",
    display: null,
    doc: "item",
  },
  PRODUCT_NOT_READY: {
    type: "ITEM_ERROR",
    status: 400,
    message: "the requested product is not yet ready. please provide a webhook or try the request again later",
    display: null,
    doc: "item",
  },
  ACCESS_NOT_GRANTED: {
    type: "ITEM_ERROR",
    status: 400,
    message: "the user did not grant necessary permissions for their account",
    display: "You did not allow access to your accounts at your bank. Try again and approve the request to connect.",
    doc: "item",
  },
  // OAUTH_ERROR (resuming Link after the bank's OAuth page)
  INCORRECT_LINK_TOKEN: { type: "OAUTH_ERROR", status: 400, message: "link token does not match original link token", display: null, doc: "oauth" },
  OAUTH_STATE_ID_ALREADY_PROCESSED: { type: "OAUTH_ERROR", status: 400, message: "oauth_state_id has already been processed and deleted", display: null, doc: "oauth" },
  OAUTH_STATE_ID_NOT_FOUND: { type: "OAUTH_ERROR", status: 400, message: "the provided oauth_state_id wasn't found", display: null, doc: "oauth" },
  // INSTITUTION_ERROR
  INSTITUTION_DOWN: {
    type: "INSTITUTION_ERROR",
    status: 400,
    message: "this institution is not currently responding to this request. please try again soon",
    display: "This financial institution is not currently responding to requests. We apologize for the inconvenience.",
    doc: "institution",
  },
  INSTITUTION_NOT_RESPONDING: {
    type: "INSTITUTION_ERROR",
    status: 400,
    message: "this institution is not currently responding to this request. please try again soon",
    display: "This financial institution is not currently responding to requests. We apologize for the inconvenience.",
    doc: "institution",
  },
  // RATE_LIMIT_EXCEEDED (the code names the limit that was hit)
  RATE_LIMIT: { type: "RATE_LIMIT_EXCEEDED", status: 429, message: "rate limit exceeded for attempts to access this item. please try again later", display: null, doc: "rate-limit-exceeded" },
  TRANSACTIONS_SYNC_LIMIT: { type: "RATE_LIMIT_EXCEEDED", status: 429, message: "rate limit exceeded for attempts to access this item. please try again later", display: null, doc: "rate-limit-exceeded" },
  TRANSACTIONS_REFRESH_LIMIT: { type: "RATE_LIMIT_EXCEEDED", status: 429, message: "rate limit exceeded for attempts to access this item. please try again later", display: null, doc: "rate-limit-exceeded" },
  ACCOUNTS_LIMIT: { type: "RATE_LIMIT_EXCEEDED", status: 429, message: "rate limit exceeded for attempts to access this item. please try again later", display: null, doc: "rate-limit-exceeded" },
  ITEM_GET_LIMIT: { type: "RATE_LIMIT_EXCEEDED", status: 429, message: "rate limit exceeded for attempts to access this item. please try again later", display: null, doc: "rate-limit-exceeded" },
  INSTITUTIONS_GET_BY_ID_LIMIT: { type: "RATE_LIMIT_EXCEEDED", status: 429, message: "rate limit exceeded for institutions/get_by_id. please try again later", display: null, doc: "rate-limit-exceeded" },
  // API_ERROR
  INTERNAL_SERVER_ERROR: { type: "API_ERROR", status: 500, message: "an unexpected error occurred", display: "Something went wrong. Please try again later.", doc: "api" },
  // TRANSACTIONS_ERROR
  TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION: {
    type: "TRANSACTIONS_ERROR",
    status: 400,
    message: "Underlying transaction data changed since last page was fetched. Please restart pagination from last update.",
    display: null,
    doc: "transactions",
  },
  // SANDBOX_ERROR
  SANDBOX_PRODUCT_NOT_ENABLED: { type: "SANDBOX_ERROR", status: 400, message: "the requested product is not enabled for this item", display: null, doc: "sandbox" },
  SANDBOX_WEBHOOK_INVALID: { type: "SANDBOX_ERROR", status: 400, message: "the webhook for this item is not set. use /item/webhook/update to set one", display: null, doc: "sandbox" },
} satisfies Record<string, Spec>;

export type PlaidErrorCode = keyof typeof SPECS;

const SUGGESTED: Partial<Record<PlaidErrorCode, string>> = {
  ITEM_LOGIN_REQUIRED: "Launch Link in update mode to re-authenticate the Item.",
  TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION: "Restart pagination from the cursor you started this update with.",
};

/** An error the handlers throw; the sandbox turns it into Plaid's HTTP error response. */
export class PlaidApiError extends Error {
  readonly code: PlaidErrorCode;
  readonly status: number;
  readonly errorType: PlaidErrorType;
  readonly displayMessage: string | null;
  readonly reason: string | null;

  constructor(code: PlaidErrorCode, message?: string, opts: { display?: string | null; reason?: string | null } = {}) {
    const spec: Spec = SPECS[code];
    super(message ?? spec.message);
    this.name = "PlaidApiError";
    this.code = code;
    this.status = spec.status;
    this.errorType = spec.type;
    this.displayMessage = opts.display === undefined ? spec.display : opts.display;
    this.reason = opts.reason ?? null;
  }

  toObject(requestId: string): PlaidErrorObject {
    return plaidErrorObject(this.code, requestId, { message: this.message, display: this.displayMessage, reason: this.reason });
  }
}

/** Builds the error object for a code (used in responses, `item.error` and webhooks). */
export function plaidErrorObject(
  code: PlaidErrorCode,
  requestId: string,
  opts: { message?: string; display?: string | null; reason?: string | null } = {},
): PlaidErrorObject {
  const spec: Spec = SPECS[code];
  return {
    error_type: spec.type,
    error_code: code,
    error_code_reason: opts.reason ?? null,
    error_message: opts.message ?? spec.message,
    display_message: opts.display === undefined ? spec.display : opts.display,
    request_id: requestId,
    causes: [],
    status: spec.status,
    documentation_url: `${DOC}/${spec.doc}/#${code.toLowerCase()}`,
    suggested_action: SUGGESTED[code] ?? null,
  };
}

export function isPlaidErrorCode(code: string): code is PlaidErrorCode {
  return Object.prototype.hasOwnProperty.call(SPECS, code);
}
