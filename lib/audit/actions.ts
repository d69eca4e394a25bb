import { en } from "@/lib/i18n/messages/en";
import type { Translate } from "@/lib/i18n/translate";

const A = en.audit.actions;

/**
 * Every action the audit trail records, with the words the audit view shows for it (in English:
 * the dictionary's `audit.actions` section, which the other languages translate).
 * Actions are written by the code that performs them (lib/connections, lib/integrations,
 * the Book actions, Sync now, the sync engine, the webhook routes) through recordAudit().
 */
export const AUDIT_ACTIONS = {
  "connection.connect": A.connection.connect,
  "connection.share": A.connection.share,
  "connection.reconnect": A.connection.reconnect,
  "connection.disconnect": A.connection.disconnect,
  "connection.sync_now": A.connection.sync_now,
  "integration.link": A.integration.link,
  "integration.save_configuration": A.integration.save_configuration,
  "integration.remove": A.integration.remove,
  "account.create": A.account.create,
  "transaction.post": A.transaction.post,
  "transaction.check": A.transaction.check,
  "transaction.uncheck": A.transaction.uncheck,
  "transaction.trash": A.transaction.trash,
  "transaction.restore": A.transaction.restore,
  "transaction.edit": A.transaction.edit,
  "transfer.split": A.transfer.split,
  "transfer.accept": A.transfer.accept,
  "transfer.reject": A.transfer.reject,
  "rule.create": A.rule.create,
  "rule.delete": A.rule.delete,
  "sync.failed": A.sync.failed,
  "webhook.rejected": A.webhook.rejected,
  "notification.email": A.notification.email,
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && Object.hasOwn(AUDIT_ACTIONS, value);
}

/** The words for an action, in the reader's language when a translator is given (else English). */
export function actionLabel(action: string, t?: Translate): string {
  if (!isAuditAction(action)) return action;
  return t ? t(`audit.actions.${action}`) : AUDIT_ACTIONS[action];
}

/**
 * Connection-level actions without a Book (sync failures, webhook refusals) are shown in every Book
 * the connection is shared with; everything else only in the Book it was done in.
 */
export const SYSTEM_ACTIONS: readonly AuditAction[] = ["sync.failed", "webhook.rejected", "notification.email"];
