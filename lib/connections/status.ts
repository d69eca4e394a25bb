import { DAY_MS, isoDay } from "@/lib/dates";
/**
 * Connection status as people read it: one label, the reason in words, and the action that fixes
 * it. Shared by the pages, the notifications and the tests.
 */
export type ConnectionStatusName = "CONNECTED" | "SYNCING" | "LOGIN_REQUIRED" | "ERROR" | "DISCONNECTED";

export type StatusView = { label: string; tone: "ok" | "busy" | "warn" | "error"; reason: string | null; action: string | null; canReconnect: boolean };

export function connectionStatusView(c: { status: ConnectionStatusName; errorMessage: string | null; consentExpiresAt: Date | null; warningMessage?: string | null }, now = new Date()): StatusView {
  const soon = c.consentExpiresAt && c.consentExpiresAt.getTime() - now.getTime() < 14 * DAY_MS ? c.consentExpiresAt : null;
  // The provider's dated warning (Plaid PENDING_EXPIRATION) wins over our own 14-day reminder.
  const expiry = soon ?? (c.warningMessage ? c.consentExpiresAt ?? now : null);
  const expiryNote = c.warningMessage ?? (soon ? `Access expires on ${isoDay(soon)}: press Reconnect before then to keep transactions flowing.` : null);
  switch (c.status) {
    case "CONNECTED":
      return { label: "Connected", tone: expiry ? "warn" : "ok", reason: expiryNote, action: expiry ? "Reconnect" : null, canReconnect: Boolean(expiry) };
    case "SYNCING":
      return { label: "Syncing", tone: "busy", reason: null, action: null, canReconnect: false };
    case "LOGIN_REQUIRED":
      return {
        label: "Login required",
        tone: "warn",
        reason: c.errorMessage ?? "The bank asks you to log in again; transactions are paused until you do.",
        action: "Press Reconnect and sign in to your bank. Nothing is lost: transactions missed meanwhile are fetched afterwards.",
        canReconnect: true,
      };
    case "ERROR":
      return {
        label: "Error",
        tone: "error",
        reason: c.errorMessage ?? "The bank connection stopped working.",
        action: "Press Reconnect. If it keeps failing, the bank may be down: try again later.",
        canReconnect: true,
      };
    case "DISCONNECTED":
      return { label: "Disconnected", tone: "error", reason: "This connection was disconnected.", action: "Connect the bank again from Banks.", canReconnect: false };
  }
}
