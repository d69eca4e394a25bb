import { isMessage } from "@bank-connections/i18n";
import { z } from "zod";

// Stored messages are decoded in the browser too (status views): zod must not probe `new Function`
// there, which the nonce CSP (no unsafe-eval) reports as a violation.
if (typeof window !== "undefined") z.config({ jitless: true });
import { en, type MessageKey } from "./messages/en";
import { createTranslator, msg, type Message } from "./translate";

/**
 * Messages kept in a text column (a connection's error or warning, a sync run's or an
 * integration's error, an audit event's details): written as JSON `{ key, values }`, read back as a
 * Message. A text that is not such a JSON — a provider's own words, or a row written before
 * messages were keys — is shown as it is, inside the `common.asSent` message.
 */
const english = createTranslator("en", en);

const value: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.object({ day: z.string() }),
    z.object({ date: z.string() }),
    z.object({ instant: z.string() }),
    z.object({ time: z.string() }),
    z.object({ money: z.object({ minor: z.number(), currency: z.string() }) }),
    z.object({ msg: stored }),
    z.object({ clause: stored }),
    z.object({ list: z.array(stored) }),
  ]),
);
const stored = z.object({ key: z.string().refine((k) => english.has(k)), values: z.record(z.string(), value).optional() });

export function isMessageKey(key: string): key is MessageKey {
  return english.has(key);
}

/** A message in the source language, for decisions that depend on what it says (never for display). */
export function inEnglish(m: Message): string {
  return english.msg(m);
}

export function encodeMessage(m: Message): string {
  return JSON.stringify(m);
}

/** A stored message, or the stored text as it is. */
export function decodeMessage(text: string): Message {
  const t = text.trim();
  if (t.startsWith("{")) {
    try {
      const parsed = stored.safeParse(JSON.parse(t));
      if (parsed.success && isMessage(parsed.data)) return parsed.data as Message;
    } catch {
      // not JSON: a text as sent
    }
  }
  return msg("common.asSent", { text: t });
}

/** The same for a nullable column; an empty text is no message. */
export function decodeStored(text: string | null | undefined): Message | null {
  return text && text.trim() ? decodeMessage(text) : null;
}
