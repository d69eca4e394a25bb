/** Pluggy-compatible API emulator (server side). See packages/sandbox/README.md ("Pluggy emulator"). */
export {
  createPluggySandbox,
  type PluggySandbox,
  type PluggySandboxOptions,
  type PluggyControls,
  type PluggyRequest,
  type PluggyResponse,
  type FireWebhookArgs,
  type RequestLogEntry,
} from "./sandbox";
export { createSharedDataSource, type DataClock } from "./data-source";
export type { PluggyDataSource } from "./ingest";
export { createMemoryPluggyStore, createJsonFilePluggyStore, emptyPluggyState, normalizePluggyState, pluggySection, type PluggyState, type PluggyStateStore } from "./state";
export { createSharedPluggyStore } from "./shared-store";
export { startPluggyHttpServer, type RunningServer } from "./http-server";
export { fetchWebhookSender, DEFAULT_HMAC_HEADER, type WebhookSender, type WebhookDelivery, type DeliveryRecord } from "./webhooks";
export type { FaultConfig, FaultMatch } from "./faults";
export { SANDBOX_USERS, SANDBOX_PASSWORD, SANDBOX_MFA_TOKEN } from "./sandbox-users";
export type { ClockLike, ExecutionTiming } from "./engine";
export * from "./types";
