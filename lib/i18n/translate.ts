import type { Locale } from "./locales";
import type { MessageKey, Messages } from "./messages/en";

export type Vars = Record<string, string | number>;
/** Translates a key of the dictionary, with `{name}` values and, for plurals, a `count`. */
export type Translate = ((key: MessageKey, vars?: Vars) => string) & { locale: Locale; has: (key: string) => key is MessageKey };

type Node = string | { readonly [k: string]: Node };
type PluralNode = { readonly other: string } & { readonly [k: string]: string };

const CATEGORIES: readonly string[] = ["zero", "one", "two", "few", "many", "other"];

/** A plural: an object whose keys are all CLDR plural categories, `other` among them. */
export function isPlural(node: Node | undefined): node is PluralNode {
  return typeof node === "object" && node !== null && typeof node.other === "string" && Object.keys(node).every((k) => CATEGORIES.includes(k));
}

function lookup(messages: Messages, key: string): Node | undefined {
  let node: Node | undefined = messages as unknown as Node;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return node;
}

/** `{name}` → vars.name; an unknown name stays as written, so a mistake shows instead of vanishing. */
export function interpolate(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The plural form for `count` in `locale` (Intl.PluralRules), falling back to `other`. */
export function pluralForm(locale: Locale, forms: { readonly other: string } & Partial<Record<string, string>>, count: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return forms[rules.select(count)] ?? forms.other;
}

export function createTranslator(locale: Locale, messages: Messages): Translate {
  const t = (key: MessageKey, vars?: Vars): string => {
    const node = lookup(messages, key);
    if (typeof node === "string") return interpolate(node, vars);
    if (isPlural(node)) return interpolate(pluralForm(locale, node, Number(vars?.count ?? 0)), vars);
    // A key that is not a message: show it, so the gap is visible (the types make this rare).
    return key;
  };
  const has = (key: string): key is MessageKey => {
    const node = lookup(messages, key);
    return typeof node === "string" || isPlural(node);
  };
  return Object.assign(t, { locale, has });
}
