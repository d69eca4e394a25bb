/**
 * A message for a person, as data: a dictionary key and its values, put into words only by the
 * reader's translator (./translate.ts). Values are typed so that the translator can write them in
 * the reader's locale:
 * - a string (a name, a code, a provider's own words) or a number (a count) as it is;
 * - `{ day: "2026-12-12" }`: a calendar day; `{ date: "2026-12-12" }` the same in words where the
 *   language has a style for it ("12 Dec 2026");
 * - `{ instant: "2026-11-25T14:05:00.000Z" }`: a date and time (UTC); `{ time: … }` its time only;
 * - `{ money: { minor: 12345, currency: "BRL" } }`: an amount in minor units;
 * - `{ msg: Message }`: another message; `{ clause: Message }` the same without its final period
 *   (a sentence used inside another); `{ list: Message[] }`: several, joined with ", ".
 */
export type MessageValue<K extends string = string> =
  | string
  | number
  | { readonly day: string }
  | { readonly date: string }
  | { readonly instant: string }
  | { readonly time: string }
  | { readonly money: { readonly minor: number; readonly currency: string } }
  | { readonly msg: Message<K> }
  | { readonly clause: Message<K> }
  | { readonly list: readonly Message<K>[] };

export type MessageValues<K extends string = string> = { readonly [name: string]: MessageValue<K> };

export type Message<K extends string = string> = { readonly key: K; readonly values?: MessageValues<K> };

/** A message, with its key checked against the dictionary's keys by the type of `K`. */
export function message<K extends string>(key: K, values?: MessageValues<K>): Message<K> {
  return values ? { key, values } : { key };
}

export function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && typeof (value as { key?: unknown }).key === "string";
}
