/**
 * Every action the audit trail records, with the words the audit view shows for it.
 * Actions are written by the code that performs them (lib/connections, lib/integrations,
 * the Book actions, Sync now, the sync engine, the webhook routes) through recordAudit().
 */
export const AUDIT_ACTIONS = {
  "connection.connect": "Connect",
  "connection.share": "Share",
  "connection.reconnect": "Reconnect",
  "connection.disconnect": "Disconnect",
  "connection.sync_now": "Sync now",
  "integration.link": "Link Account",
  "integration.save_configuration": "Save Configuration",
  "integration.remove": "Remove",
  "account.create": "New Account",
  "sync.failed": "Sync failure",
  "webhook.rejected": "Webhook refused",
  "notification.email": "E-mail sent",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && Object.hasOwn(AUDIT_ACTIONS, value);
}

export function actionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : action;
}

/**
 * Connection-level actions without a Book (sync failures, webhook refusals) are shown in every Book
 * the connection is shared with; everything else only in the Book it was done in.
 */
export const SYSTEM_ACTIONS: readonly AuditAction[] = ["sync.failed", "webhook.rejected", "notification.email"];
