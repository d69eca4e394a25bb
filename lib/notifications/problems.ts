import { dateInWords } from "@/lib/format/date-words";
import { DAY_MS, isoDay } from "@/lib/dates";

/**
 * What about a connection needs a person: a Reconnect (the bank asks for a login, or an error only
 * the owner can fix), or consent that expires soon (Plaid PENDING_EXPIRATION's dated warning, or
 * our own 14-day reminder — the same rule as lib/connections/status.ts).
 */
export type ConnectionProblem = {
  kind: "reconnect" | "consent";
  /** Identifies the problem state: a notification is sent once per connection, key and recipient. */
  key: string;
  /** "Itaú needs Reconnect" / "Consent for Itaú expires on 12 Dec 2026". */
  title: string;
  /** What to do, in one sentence. */
  action: string;
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
  if (c.status === "LOGIN_REQUIRED" || c.status === "ERROR") {
    return {
      kind: "reconnect",
      key: `reconnect:${c.status}`,
      title: `${c.institutionName} needs Reconnect`,
      action:
        c.status === "LOGIN_REQUIRED"
          ? "The bank asks for a new login: its owner opens User Connections and presses Reconnect. Transactions missed meanwhile are fetched afterwards."
          : "The connection stopped working: its owner opens User Connections and presses Reconnect.",
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
    title: expired ? `Consent for ${c.institutionName} expired on ${dateInWords(at)}` : `Consent for ${c.institutionName} expires on ${dateInWords(at)}`,
    action: "Its owner opens User Connections and presses Reconnect to renew access and keep transactions flowing.",
  };
}
