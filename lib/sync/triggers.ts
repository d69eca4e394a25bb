/** Why a sync runs; kept on every SyncRun and shown in the portal. */
export const SYNC_TRIGGERS = ["connect", "reconnect", "link", "save_configuration", "webhook", "schedule", "manual", "retry"] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

export const TRIGGER_LABEL: Record<SyncTrigger, string> = {
  connect: "after connecting",
  reconnect: "after Reconnect",
  link: "after Link Account",
  save_configuration: "after Save Configuration",
  webhook: "bank notification",
  schedule: "scheduled",
  manual: "Sync now",
  retry: "retry",
};
