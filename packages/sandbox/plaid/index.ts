/** Plaid API emulator (server side): `createPlaidSandbox` plus the types its callers need. */
export {
  createPlaidSandbox,
  normalizePlaidPath,
  type PlaidSandbox,
  type PlaidSandboxOptions,
  type PlaidSandboxRequest,
  type PlaidSandboxResponse,
  type FaultsPatch,
  type ItemInspection,
} from "./sandbox";
export { defaultWebhookSender, type WebhookSender, type WebhookDelivery, type WebhookResult } from "./delivery";
export { PlaidApiError, plaidErrorObject, isPlaidErrorCode, type PlaidErrorCode, type PlaidErrorObject, type PlaidErrorType } from "./errors";
export { GOOD_PASSWORD, MFA_CODE, evaluateLogin, type LoginOutcome } from "./credentials";
export { FIREABLE_CODES, type FireableWebhookCode } from "./sandbox-endpoints";
export { encodeCursor, decodeCursor, type CursorData } from "./sync";
export {
  createPlaidState,
  defaultFaults,
  plaidSection,
  plaidStateOf,
  type PlaidState,
  type PlaidItemRecord,
  type PlaidFaults,
  type FaultRule,
  type ReadinessMode,
  type TxPhase,
  type WebhookSignatureMode,
  type WebhookLogEntry,
  type LinkTokenRecord,
} from "./state";
export { DEFAULT_SEED } from "@bank-connections/sandbox/data/seed";
