/**
 * The sandbox stand-ins' small translate: a typed key of en.ts, `{name}` values, plurals by
 * `count` (Intl.PluralRules). Deliberately minimal and in this one file: the app's own i18n core
 * (lib/i18n/translate.ts) has the same conventions, so the sandbox UI can move onto a shared one.
 */
import { en, type SandboxMessageKey, type SandboxMessages } from "./en";
import { ptBR } from "./pt-BR";

export type SandboxLocale = "en" | "pt-BR";
export type SandboxVars = Record<string, string | number>;
export type SandboxTranslate = ((key: SandboxMessageKey, vars?: SandboxVars) => string) & { locale: SandboxLocale };
export type { SandboxMessageKey };

const DICTIONARIES: Record<SandboxLocale, SandboxMessages> = { en, "pt-BR": ptBR };

type Node = string | { readonly [k: string]: Node };

const CATEGORIES: readonly string[] = ["zero", "one", "two", "few", "many", "other"];

function lookup(messages: SandboxMessages, key: string): Node | undefined {
  let node: Node | undefined = messages as unknown as Node;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return node;
}

/** `{name}` → vars.name; an unknown name stays as written, so a mistake shows instead of vanishing. */
function interpolate(template: string, vars: SandboxVars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The locale for a widget `language` prop (or the browser's): Portuguese when it starts with "pt". */
export function pickSandboxLocale(language: string | undefined): SandboxLocale {
  const l = (language ?? (typeof navigator !== "undefined" ? navigator.language : "en")).toLowerCase();
  return l.startsWith("pt") ? "pt-BR" : "en";
}

export function sandboxTranslator(locale: SandboxLocale): SandboxTranslate {
  const messages = DICTIONARIES[locale];
  const rules = new Intl.PluralRules(locale);
  const t = (key: SandboxMessageKey, vars?: SandboxVars): string => {
    const node = lookup(messages, key);
    if (typeof node === "string") return interpolate(node, vars);
    if (node && typeof node.other === "string" && Object.keys(node).every((k) => CATEGORIES.includes(k))) {
      const form = node[rules.select(Number(vars?.count ?? 0))];
      return interpolate(typeof form === "string" ? form : (node.other as string), vars);
    }
    return key;
  };
  return Object.assign(t, { locale });
}
