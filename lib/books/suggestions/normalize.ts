/**
 * How the suggester (./score.ts) and the counter-account rules (lib/books/counter-rules/) compare
 * descriptions: what a bank adds around the merchant's name — dates, card numbers, reference and
 * authorisation numbers, the words every card purchase carries — is taken away, so "POS 12/03 STARBUCKS
 * #1234 CARD 3605" and "Starbucks 14/03" have the same key. Pure.
 */

/** Words banks put around the name that say nothing about whom the money went to. */
const NOISE = new Set([
  "pos", "purchase", "debit", "credit", "card", "visa", "mastercard", "elo", "amex", "ach", "online", "recurring", "authorized", "auth",
  "ref", "reference", "id", "nr", "no", "num", "trx", "txn", "transaction", "seq", "conf", "confirmation", "ending", "in", "at", "on",
  "the", "of", "to", "from", "for", "and", "www", "http", "https", "inc", "llc", "ltd", "ltda", "me", "eireli", "sa",
  "compra", "cartao", "deb", "cred", "debito", "credito", "transacao", "de", "da", "do", "das", "dos", "em", "para", "no", "na",
]);

const MONTHS = "jan|feb|fev|mar|apr|abr|may|mai|jun|jul|aug|ago|sep|set|oct|out|nov|dec|dez";
const DATE_PATTERNS = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/g, // 2026-03-12
  /\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b/g, // 12/03, 12/03/2026, 12.03.26
  new RegExp(`\\b\\d{1,2}\\s?(?:${MONTHS})[a-z]*\\.?(?:\\s?\\d{2,4})?\\b`, "g"), // 12 mar, 12MAR26
  new RegExp(`\\b(?:${MONTHS})[a-z]*\\.?\\s?\\d{1,2}\\b`, "g"), // mar 12
  /\b\d{1,2}:\d{2}(?::\d{2})?\b/g, // 14:05
];
/** Masked card or account numbers: ****1234, XXXX1234, x1234, #1234. */
const MASKED = /(?:(?<![a-z])[*x#]+\s?\d{2,})|(?:\b(?:card|cartao|conta|acct|account|final|ending(?: in)?)\s*[#:.]?\s*\d+)/g;

/** Lower case, accents off, one space between words. */
export function plain(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** The significant words of a description, in order: no dates, numbers, card or reference numbers, noise words. */
export function descriptionTokens(text: string): string[] {
  let s = plain(text);
  for (const p of DATE_PATTERNS) s = s.replace(p, " ");
  s = s.replace(MASKED, " ");
  return s
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !/\d/.test(w) && !NOISE.has(w));
}

/** The description's key: its significant words joined by one space ("" when none is left). */
export function descriptionKey(text: string): string {
  return descriptionTokens(text).join(" ");
}

/** A person's or company's tax number (CPF 11 digits, CNPJ 14) as digits only; null for anything else. */
export function documentKey(value: string | undefined | null): string | null {
  if (!value) return null;
  const digits = value.replace(/\D/g, "");
  return digits.length === 11 || digits.length === 14 ? digits : null;
}

/** Jaccard similarity of two word sets (0..1). */
export function overlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const A = new Set(a);
  const B = new Set(b);
  let both = 0;
  for (const w of A) if (B.has(w)) both++;
  return both / (A.size + B.size - both);
}
