import { en } from "./messages/en";
import type { Translate } from "./translate";

/**
 * Server actions and services answer in English (their codes stay the API). This shows their
 * messages in the reader's language: exact messages by the English dictionary's `server` section,
 * the few messages with a value in them by pattern. Anything else is shown as the server said it.
 */
type ServerKey = keyof typeof en.server;
/** The plain messages of `server` (a plural such as `tooManyAttempts` is matched by a pattern below). */
type ExactKey = { [K in ServerKey]: (typeof en.server)[K] extends string ? K : never }[ServerKey];
const EXACT = new Map<string, ExactKey>(Object.entries(en.server).flatMap(([k, v]) => (typeof v === "string" ? [[v, k as ExactKey] as const] : [])));

const ROLE_BY_LABEL = new Map<string, keyof typeof en.roles>(Object.entries(en.roles).map(([k, v]) => [v, k as keyof typeof en.roles]));

const PATTERNS: { re: RegExp; say: (t: Translate, m: RegExpExecArray) => string }[] = [
  {
    re: /^You are not allowed to do this: it needs the (.+) role on this Book\.$/,
    say: (t, m) => {
      const role = ROLE_BY_LABEL.get(m[1]!);
      return t("server.notAllowed", { role: role && role !== "yourRole" ? t(`roles.${role}`) : m[1]! });
    },
  },
  { re: /^Something went wrong on our side \(ref ([0-9a-f]+)\)\. Please try again\.$/, say: (t, m) => t("server.internal", { ref: m[1]! }) },
  { re: /^The bank asks for a new login: (.+) must press Reconnect first\.$/, say: (t, m) => t("server.ownerLoginFirst", { name: m[1]! }) },
  // lib/security/rate-limit.ts's tooManyAttemptsMessage (sign-in, link sessions, webhooks).
  { re: /^Too many attempts\. Try again in (\d+) seconds?\.$/, say: (t, m) => t("server.tooManyAttempts", { count: Number(m[1]) }) },
];

export function localizeMessage(t: Translate, message: string): string {
  if (t.locale === "en") return message;
  const key = EXACT.get(message);
  if (key) return t(`server.${key}`);
  for (const p of PATTERNS) {
    const m = p.re.exec(message);
    if (m) return p.say(t, m);
  }
  return message;
}

/** The same for a form's field messages. */
export function localizeFields(t: Translate, fields: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!fields) return fields;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, localizeMessage(t, v)]));
}
