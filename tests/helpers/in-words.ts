import { formatValue, type MessageValue } from "@bank-connections/i18n";
import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { isMessageKey } from "@/lib/i18n/stored";
import { createTranslator, type Message, type Translate } from "@/lib/i18n/translate";

/**
 * Tests: a status view (or any value holding messages) with every message put into words — English
 * unless a translator is given — so that assertions read as the page does.
 */
export type InWords<T> = T extends Message ? string : T extends readonly (infer E)[] ? InWords<E>[] : T extends object ? { [K in keyof T]: InWords<T[K]> } : T;

const english = createTranslator("en", DICTIONARIES.en);

function isAppMessage(v: unknown): v is Message {
  if (typeof v !== "object" || v === null) return false;
  const keys = Object.keys(v);
  return typeof (v as { key?: unknown }).key === "string" && isMessageKey((v as { key: string }).key) && keys.every((k) => k === "key" || k === "values");
}

export function inWords<T>(value: T, t: Translate = english): InWords<T> {
  if (isAppMessage(value)) return t.msg(value) as InWords<T>;
  if (Array.isArray(value)) return value.map((v) => inWords(v, t)) as InWords<T>;
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inWords(v, t)])) as InWords<T>;
  }
  return value as InWords<T>;
}

/** A message value (a day, a time, …) in words. */
export function valueInWords(value: MessageValue, t: Translate = english): string {
  return String(formatValue(value, t.locale, (m) => t.msg(m as Message)));
}
