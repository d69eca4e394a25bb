import { DAY_MS, isoDay } from "@/lib/dates";
import { msg, type Message } from "@/lib/i18n/translate";

/**
 * What about a connection needs a person: a Reconnect (the bank asks for a login, or an error only
 * the owner can fix), or consent that expires soon (Plaid PENDING_EXPIRATION's dated warning, or
 * our own 14-day reminder — the same rule as lib/connections/status.ts). As messages (lib/i18n).
 */
export type ConnectionProblem = {
  kind: "reconnect" | "consent";
  /** Identifies the problem state: a notification is sent once per connection, key and recipient. */
  key: string;
  /** "Itaú needs Reconnect" / "Consent for Itaú expires on 12 Dec 2026". */
  title: Message;
  /** What to do, in one sentence. */
  action: Message;
};

export type ProblemInput = {
  institutionName: string;
  status: "CONNECTED" | "SYNCING" | "LOGIN_REQUIRED" | "ERROR" | "DISCONNECTED";
  consentExpiresAt: Date | null;
  warningMessage: string | null;
  secret?: string | null;
};

export const CONSENT_REMINDER_DAYS = 14;

export function connectionProblem(c: ProblemInput, now = new Date()): ConnectionProblem | null {
  if (c.status === "DISCONNECTED" || c.secret === null) return null;
  const name = c.institutionName;
  if (c.status === "LOGIN_REQUIRED" || c.status === "ERROR") {
    return {
      kind: "reconnect",
      key: `reconnect:${c.status}`,
      title: msg("banner.needsReconnect", { name }),
      action: msg(c.status === "LOGIN_REQUIRED" ? "banner.loginAction" : "banner.errorAction"),
    };
  }
  const at = c.consentExpiresAt;
  if (!at) return null;
  const soon = at.getTime() - now.getTime() < CONSENT_REMINDER_DAYS * DAY_MS;
  if (!c.warningMessage && !soon) return null;
  const day = isoDay(at);
  const expired = at.getTime() <= now.getTime();
  return {
    kind: "consent",
    key: `consent:${day}`,
    title: msg(expired ? "banner.consentExpired" : "banner.consentExpires", { name, date: { date: day } }),
    action: msg("banner.consentAction"),
  };
}
