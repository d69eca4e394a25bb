import { formatDayInWords } from "@bank-connections/i18n";
import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import type { MessageKey } from "@/lib/i18n/messages/en";
import { decodeMessage } from "@/lib/i18n/stored";
import { createTranslator, type Translate, type Vars } from "@/lib/i18n/translate";
import { actionLabel } from "./actions";

/**
 * An audit event in words, for the audit view: what was done, to what, with which values — in the
 * reader's language (the dictionary's `audit.describe` section; English when no translator is given).
 * Only the names and values kept in details are used; a missing one is simply left out.
 */
type Details = Record<string, unknown>;
type DescribeKey = MessageKey extends infer K ? (K extends `audit.describe.${infer R}` ? R : never) : never;

const english = createTranslator("en", DICTIONARIES.en);

const text = (d: Details, key: string): string | null => {
  const v = d[key];
  return typeof v === "string" && v.trim() ? v : typeof v === "number" ? String(v) : null;
};
const num = (d: Details, key: string): number | null => (typeof d[key] === "number" ? (d[key] as number) : null);
/** A YYYY-MM-DD day: "12 Dec 2026" in English (as always), the reader's style in another language. */
const day = (t: Translate, iso: string | null): string | null => {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return formatDayInWords(iso, t.locale);
};
const statusWords = (t: Translate, status: string | null): string | null => (status === "LOGIN_REQUIRED" || status === "ERROR" ? t(`audit.describe.status.${status}`) : null);
const reasonWords = (t: Translate, reason: string): string => {
  const key = `audit.describe.reasons.${reason}`;
  return t.has(key) ? t(key) : reason.replaceAll("_", " ");
};
/** lib/audit records an Account's type as the Book's (ASSET, LIABILITY, …): English shows it as is. */
const accountType = (t: Translate, type: string): string => {
  const key = `newAccount.types.${type}`;
  return t.locale !== "en" && t.has(key) ? t(key) : type;
};

export function describeAudit(action: string, d: Details, t: Translate = english): string {
  const T = (key: DescribeKey, vars?: Vars) => t(`audit.describe.${key}`, vars);
  const institution = text(d, "institution");
  const account = text(d, "account");
  const book = text(d, "book");
  switch (action) {
    case "connection.connect": {
      const n = num(d, "accounts");
      const names = text(d, "accountNames");
      const via = text(d, "provider") === "PLUGGY" ? "Pluggy" : text(d, "provider") === "PLAID" ? "Plaid" : null;
      return T("connected", {
        institution: institution ?? T("aBank"),
        via: via ? T("through", { provider: via }) : "",
        accounts: n !== null ? T("accounts", { count: n, names: names ? `: ${names}` : "" }) : "",
      });
    }
    case "connection.share":
      return T("shared", { institution: institution ?? T("theConnection"), book: book ?? T("thisBook") });
    case "connection.reconnect": {
      const was = statusWords(t, text(d, "previousStatus"));
      return T("reconnected", { institution: institution ?? T("theConnection"), was: was ? T("itWas", { status: was }) : "" });
    }
    case "connection.disconnect": {
      const n = num(d, "integrationsRemoved");
      return T("disconnected", { institution: institution ?? T("theConnection"), removed: n ? T("integrationsRemoved", { count: n }) : "" });
    }
    case "connection.sync_now":
      return T("syncNow", { institution: institution ?? T("theConnection") });
    case "integration.link": {
      const from = day(t, text(d, "periodStart"));
      return T("linked", {
        account: account ?? T("aBankAccount"),
        bookAccount: text(d, "bookAccount") ?? T("ofThisBook"),
        from: from ? T("historyFrom", { date: from }) : "",
        opening: d.openingBalance === true ? T("withOpening") : "",
      });
    }
    case "integration.save_configuration": {
      const before = day(t, text(d, "previousPeriodStart"));
      const after = day(t, text(d, "periodStart")) ?? T("aNewDate");
      const of = account ?? T("theIntegration");
      return before ? T("periodChanged", { account: of, before, after }) : T("periodSet", { account: of, after });
    }
    case "integration.remove": {
      const n = num(d, "postedCount");
      return T("removed", { account: account ?? T("aBankAccount"), posted: n !== null ? T("postedStay", { count: n }) : "" });
    }
    case "account.create": {
      const type = text(d, "type");
      return T("createdAccount", { name: text(d, "name") ?? "", type: type ? ` (${accountType(t, type)})` : "" });
    }
    case "transaction.post":
    case "transaction.check":
    case "transaction.uncheck":
    case "transaction.trash":
    case "transaction.restore": {
      const key = ({ "transaction.post": "txPosted", "transaction.check": "txChecked", "transaction.uncheck": "txUnchecked", "transaction.trash": "txTrashed", "transaction.restore": "txRestored" } as const)[action];
      const description = text(d, "description");
      return T(key, { count: num(d, "count") ?? 1, what: description ? T("txWhat", { description }) : "" });
    }
    case "transaction.edit": {
      const edited = T("txEdited", { description: text(d, "description") ?? "", date: day(t, text(d, "date")) ?? "", amount: text(d, "amount") ?? "", from: text(d, "from") ?? T("noAccount"), to: text(d, "to") ?? T("noAccount") });
      return d.suggested === true ? edited + T("viaSuggestion") : edited;
    }
    case "rule.create":
    case "rule.delete": {
      const vars = { contains: text(d, "contains") ?? "", account: text(d, "account") ?? T("noAccount") };
      if (action === "rule.delete") return T("ruleDeleted", vars);
      const direction = text(d, "direction");
      const [min, max] = [text(d, "minAmount"), text(d, "maxAmount")];
      const limits = [
        direction === "in" || direction === "out" ? t(`counterRules.directions.${direction}`) : null,
        min && max ? t("counterRules.between", { min, max }) : min ? t("counterRules.atLeast", { min }) : max ? t("counterRules.atMost", { max }) : null,
      ].filter((x): x is string => x !== null);
      return T("ruleCreated", { ...vars, limits: limits.length ? ` (${limits.join(", ")})` : "" });
    }
    case "transfer.split":
    case "transfer.accept":
    case "transfer.reject": {
      const key = ({ "transfer.split": "transferSplit", "transfer.accept": "transferAccepted", "transfer.reject": "transferRejected" } as const)[action];
      return T(key, { description: text(d, "description") ?? "", date: day(t, text(d, "date")) ?? "", amount: text(d, "amount") ?? "" });
    }
    case "sync.failed": {
      const status = statusWords(t, text(d, "status"));
      const code = text(d, "code");
      // The engine stores its message as a key and values (lib/i18n/stored.ts); an old row's English shows as it is.
      const stored = text(d, "message");
      const message = stored ? t.msg(decodeMessage(stored)) : null;
      return T("syncFailed", { code: code ? ` (${code})` : "", message: message ? `: ${message}` : "", status: status ? T("nowShows", { status }) : "" });
    }
    case "webhook.rejected": {
      const provider = text(d, "provider") === "PLUGGY" ? "Pluggy" : "Plaid";
      const reason = text(d, "reason");
      const skipped = num(d, "skippedBefore");
      return T("webhookRefused", { provider, reason: reason ? `: ${reasonWords(t, reason)}` : "", skipped: skipped ? T("notRecorded", { count: skipped }) : "" });
    }
    case "notification.email": {
      // New rows keep the subject as a message too (lib/notifications/notify.ts); old rows have only its English.
      const title = text(d, "title");
      return T("emailSent", { recipient: text(d, "recipient") ?? T("aMember"), subject: title ? t.msg(decodeMessage(title)) : (text(d, "subject") ?? T("needsAttention")) });
    }
    default:
      return actionLabel(action, t);
  }
}
