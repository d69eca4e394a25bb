import { createTranslator as createGeneric, type Locale, type Message as GenericMessage, type MessageValues as GenericValues, type Translator } from "@bank-connections/i18n";
import type { MessageKey, Messages } from "./messages/en";

/**
 * The app's translator: packages/i18n's machinery over this app's dictionaries (./messages), so
 * every key is checked against the English dictionary.
 */
export { interpolate, pluralForm, isPlural, type Vars } from "@bank-connections/i18n";
export type Translate = Translator<MessageKey>;
/** A message of this app: a key of its dictionary and typed values (packages/i18n/message.ts). */
export type Message = GenericMessage<MessageKey>;
export type MessageValues = GenericValues<MessageKey>;

export function createTranslator(locale: Locale, messages: Messages): Translate {
  return createGeneric(locale, messages);
}

/** A message of this app, its key checked against the dictionary. */
export function msg(key: MessageKey, values?: MessageValues): Message {
  return values ? { key, values } : { key };
}

/** A form's field messages in the reader's words. */
export function fieldTexts(t: Translate, fields: Readonly<Record<string, Message>> | undefined): Record<string, string> | undefined {
  return fields ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t.msg(v)])) : undefined;
}
