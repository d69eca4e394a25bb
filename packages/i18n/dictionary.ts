/**
 * The shape of a dictionary: nested sections of strings, where an object whose keys are all CLDR
 * plural categories (`one`, `other`, …; `other` required) is a plural, picked by `count`.
 */
export type Plural = { readonly other: string } & { readonly [K in Intl.LDMLPluralRule]?: string };
type IsPlural<T> = T extends { readonly other: string } ? (Exclude<keyof T, Intl.LDMLPluralRule> extends never ? true : false) : false;

/** The shape every language must have: the same keys as the source dictionary, with any strings (plurals: any CLDR forms, `other` required). */
export type MessageShape<T> = {
  readonly [K in keyof T]: T[K] extends string ? string : IsPlural<T[K]> extends true ? Plural : MessageShape<T[K]>;
};

/** Every message key of a dictionary, as a dotted path: "connections.reconnect", "book.draftsFirst". */
export type KeyOf<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : IsPlural<T[K]> extends true ? `${P}${K}` : KeyOf<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Any dictionary, for the generic machinery. */
export type Dictionary = { readonly [k: string]: string | Dictionary };

const CATEGORIES: readonly string[] = ["zero", "one", "two", "few", "many", "other"];

type PluralNode = { readonly other: string } & { readonly [k: string]: string };

/** A plural: an object whose keys are all CLDR plural categories, `other` among them. */
export function isPlural(node: unknown): node is PluralNode {
  return (
    typeof node === "object" &&
    node !== null &&
    typeof (node as { other?: unknown }).other === "string" &&
    Object.keys(node).every((k) => CATEGORIES.includes(k))
  );
}

/** The node at a dotted key, or undefined. */
export function lookup(dictionary: unknown, key: string): unknown {
  let node: unknown = dictionary;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Every message key of a dictionary at run time (the same list as KeyOf at compile time). */
export function keysOf(dictionary: unknown, prefix = ""): string[] {
  if (typeof dictionary !== "object" || dictionary === null) return [];
  return Object.entries(dictionary).flatMap(([k, v]) => (typeof v === "string" || isPlural(v) ? [`${prefix}${k}`] : keysOf(v, `${prefix}${k}.`)));
}
