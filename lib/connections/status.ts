import { DAY_MS, isoDay } from "@/lib/dates";
import { decodeStored } from "@/lib/i18n/stored";
import { msg, type Message } from "@/lib/i18n/translate";

/**
 * Connection status as people read it: one label, the reason, and the action that fixes it — as
 * message keys (lib/i18n), put into words by the reader's translator. Shared by the pages, the
 * notifications and the tests.
 */
export type ConnectionStatusName = "CONNECTED" | "SYNCING" | "LOGIN_REQUIRED" | "ERROR" | "DISCONNECTED";

export const CONNECTION_STATUSES: readonly ConnectionStatusName[] = ["CONNECTED", "SYNCING", "LOGIN_REQUIRED", "ERROR", "DISCONNECTED"];

export type StatusView = {
  label: Message;
  tone: "ok" | "busy" | "warn" | "error";
  reason: Message | null;
  action: Message | null;
  canReconnect: boolean;
  /** "New accounts available": the provider has accounts this connection does not list yet; the owner adds them in update mode. */
  newAccounts: Message | null;
};

type StatusInput = { status: ConnectionStatusName; errorMessage: string | null; consentExpiresAt: Date | null; warningMessage?: string | null; newAccountsAt?: Date | null };

export function connectionStatusView(c: StatusInput, now = new Date()): StatusView {
  const newAccounts = c.newAccountsAt && c.status !== "DISCONNECTED" ? msg("connectionStatus.newAccounts") : null;
  return { ...baseStatusView(c, now), newAccounts };
}

function baseStatusView(c: StatusInput, now: Date): Omit<StatusView, "newAccounts"> {
  const soon = c.consentExpiresAt && c.consentExpiresAt.getTime() - now.getTime() < 14 * DAY_MS ? c.consentExpiresAt : null;
  const warning = decodeStored(c.warningMessage);
  // The provider's dated warning (Plaid PENDING_EXPIRATION) wins over our own 14-day reminder.
  const expiry = soon ?? (warning ? c.consentExpiresAt ?? now : null);
  const expiryNote = warning ?? (soon ? msg("connectionStatus.expiresOn", { date: { day: isoDay(soon) } }) : null);
  const label = msg(`connectionStatus.${c.status}`);
  switch (c.status) {
    case "CONNECTED":
      return { label, tone: expiry ? "warn" : "ok", reason: expiryNote, action: expiry ? msg("connections.reconnect") : null, canReconnect: Boolean(expiry) };
    case "SYNCING":
      return { label, tone: "busy", reason: null, action: null, canReconnect: false };
    case "LOGIN_REQUIRED":
      return { label, tone: "warn", reason: decodeStored(c.errorMessage) ?? msg("connectionStatus.loginRequiredReason"), action: msg("connectionStatus.loginRequiredAction"), canReconnect: true };
    case "ERROR":
      return { label, tone: "error", reason: decodeStored(c.errorMessage) ?? msg("connectionStatus.errorReason"), action: msg("connectionStatus.errorAction"), canReconnect: true };
    case "DISCONNECTED":
      return { label, tone: "error", reason: msg("connectionStatus.disconnectedReason"), action: msg("connectionStatus.disconnectedAction"), canReconnect: false };
  }
}
