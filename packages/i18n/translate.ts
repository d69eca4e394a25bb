import { isPlural, lookup, type KeyOf } from "./dictionary";
import { formatDateTime, formatDay, formatDayInWords, formatMoney, formatTime } from "./format";
import type { Locale } from "./locales";
import type { Message, MessageValue, MessageValues } from "./message";

export type Vars = Record<string, string | number>;

/**
 * Translates a key of the dictionary, with `{name}` values and, for plurals, a `count`; `.msg`
 * puts a whole Message (key and typed values) into words; `.has` tells a key from any string.
 */
export type Translator<K extends string> = ((key: K, vars?: Vars) => string) & {
  locale: Locale;
  has: (key: string) => key is K;
  msg: (message: Message<K>) => string;
};

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

/** A typed value in the reader's locale (see ./message.ts). */
export function formatValue<K extends string>(value: MessageValue<K>, locale: Locale, render: (m: Message<K>) => string): string | number {
  if (typeof value === "string" || typeof value === "number") return value;
  if ("day" in value) return formatDay(value.day, locale);
  if ("date" in value) return formatDayInWords(value.date, locale);
  if ("instant" in value) return formatDateTime(new Date(value.instant), locale);
  if ("time" in value) return formatTime(new Date(value.time));
  if ("money" in value) return formatMoney(value.money.minor, value.money.currency, locale);
  if ("msg" in value) return render(value.msg);
  if ("clause" in value) return render(value.clause).replace(/[.\s]+$/, "");
  return value.list.map(render).join(", ");
}

/** The translator of one language over a dictionary; its keys are the dictionary's (KeyOf), so a missing key is a type error. */
export function createTranslator<D extends object>(locale: Locale, messages: D): Translator<KeyOf<D>> {
  type K = KeyOf<D>;
  const t = (key: K, vars?: Vars): string => {
    const node = lookup(messages, key);
    if (typeof node === "string") return interpolate(node, vars);
    if (isPlural(node)) return interpolate(pluralForm(locale, node, Number(vars?.count ?? 0)), vars);
    // A key that is not a message: show it, so the gap is visible (the types make this rare).
    return key;
  };
  const has = (key: string): key is K => {
    const node = lookup(messages, key);
    return typeof node === "string" || isPlural(node);
  };
  const values = (v: MessageValues<K> | undefined): Vars =>
    Object.fromEntries(Object.entries(v ?? {}).map(([name, value]) => [name, formatValue(value, locale, msg)]));
  const msg = (m: Message<K>): string => t(m.key, values(m.values));
  return Object.assign(t, { locale, has, msg });
}
