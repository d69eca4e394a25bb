import { BANK_PROPERTY } from "../bank-properties";
import type { BookAccount, BookTransaction } from "../types";
import { descriptionTokens, documentKey, overlap, plain } from "./normalize";

/**
 * Counter-account suggestions (issue 14): for a draft with one side (the bank's Account), the Account
 * this Book's people most likely put on the other side, learned from the Book's completed (posted)
 * transactions. Pure: the history is given (./history.ts reads it through the BookGateway).
 *
 * Evidence, strongest first: the same counterpart document (CNPJ/CPF), the same merchant, the same
 * description once dates, card and reference numbers are taken away, then descriptions sharing most of
 * their words. The side matters (money out of the bank's Account → the To side; in → the From side), so
 * "Transfer from Mary" and "Transfer to Mary" learn apart. A past transaction of the same amount counts
 * more; older ones count less. Each candidate Account sums the weight of its matching examples; the
 * confidence is the leader's share with one unit of "don't know" added, so one example is never
 * enough and disagreeing examples give no suggestion.
 */

export type Side = "credit" | "debit";
export type SuggestionBasis = "document" | "merchant" | "description" | "similar";
export type Suggestion = {
  accountId: string;
  /** 0..1. */
  confidence: number;
  /** How many past transactions back the suggested Account. */
  support: number;
  /** The strongest kind of match among them. */
  basis: SuggestionBasis;
};

/** A past transaction reduced to what the suggester compares. */
type Example = {
  creditAccountId: string;
  debitAccountId: string;
  /** Whether each side is a money Account (ASSET or LIABILITY: a bank account, a card, a loan). */
  creditIsMoney: boolean;
  debitIsMoney: boolean;
  date: string;
  amount: string;
  key: string;
  tokens: string[];
  merchant: string | null;
  document: string | null;
};

export type SuggesterOptions = {
  /** The least confidence that is shown (default 0.6). */
  threshold?: number;
  /** An example this many days older than the draft weighs half (default 365). */
  halfLifeDays?: number;
};

export type SuggestionModel = {
  examples: Example[];
  byKey: Map<string, Example[]>;
  byMerchant: Map<string, Example[]>;
  byDocument: Map<string, Example[]>;
  byToken: Map<string, Example[]>;
};

const merchantKey = (t: Pick<BookTransaction, "properties">): string | null => {
  const m = t.properties[BANK_PROPERTY.merchant];
  const k = m ? plain(m) : "";
  return k || null;
};
const docOf = (t: Pick<BookTransaction, "properties">) => documentKey(t.properties[BANK_PROPERTY.counterpartDocument]);

function push<K>(map: Map<K, Example[]>, key: K | null, e: Example): void {
  if (key === null || key === "") return;
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

/** The model of a Book's history: its posted, not trashed transactions with both sides (`accounts`: the Book's, for their types). */
export function learn(history: readonly BookTransaction[], accounts: readonly BookAccount[]): SuggestionModel {
  const model: SuggestionModel = { examples: [], byKey: new Map(), byMerchant: new Map(), byDocument: new Map(), byToken: new Map() };
  const money = new Set(accounts.filter((a) => a.type === "ASSET" || a.type === "LIABILITY").map((a) => a.id));
  for (const t of history) {
    if (!t.posted || t.trashed || !t.creditAccountId || !t.debitAccountId) continue;
    const tokens = descriptionTokens(t.description);
    const e: Example = { creditAccountId: t.creditAccountId, debitAccountId: t.debitAccountId, creditIsMoney: money.has(t.creditAccountId), debitIsMoney: money.has(t.debitAccountId), date: t.date, amount: t.amount, key: tokens.join(" "), tokens, merchant: merchantKey(t), document: docOf(t) };
    model.examples.push(e);
    push(model.byKey, e.key, e);
    push(model.byMerchant, e.merchant, e);
    push(model.byDocument, e.document, e);
    for (const w of new Set(tokens)) push(model.byToken, w, e);
  }
  return model;
}

/** The side a draft leaves empty: the one without an Account, when exactly one side has one. */
export function emptySide(t: Pick<BookTransaction, "creditAccountId" | "debitAccountId" | "posted" | "trashed">): Side | null {
  if (t.posted || t.trashed) return null;
  if (t.creditAccountId && !t.debitAccountId) return "debit";
  if (t.debitAccountId && !t.creditAccountId) return "credit";
  return null;
}

const DAY = 86_400_000;
const days = (a: string, b: string) => Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / DAY;

function amountFactor(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y) || x <= 0 || y <= 0) return 1;
  if (x === y) return 1.3;
  return Math.abs(x - y) / Math.max(x, y) <= 0.05 ? 1.1 : 1;
}

/** The suggestion for one draft, or null when the evidence is weak or the draft has no single empty side. */
export function suggest(model: SuggestionModel, draft: BookTransaction, opts: SuggesterOptions = {}): Suggestion | null {
  const side = emptySide(draft);
  if (!side) return null;
  const bankSide: Side = side === "debit" ? "credit" : "debit";
  const bankAccount = draft[bankSide === "credit" ? "creditAccountId" : "debitAccountId"];
  const threshold = opts.threshold ?? 0.6;
  const halfLife = opts.halfLifeDays ?? 365;
  const tokens = descriptionTokens(draft.description);
  const key = tokens.join(" ");
  const merchant = merchantKey(draft);
  const document = docOf(draft);

  // Candidates: examples sharing the document, merchant, key or at least one word.
  const seen = new Set<Example>();
  const add = (list: Example[] | undefined) => list?.forEach((e) => seen.add(e));
  if (document) add(model.byDocument.get(document));
  if (merchant) add(model.byMerchant.get(merchant));
  if (key) add(model.byKey.get(key));
  for (const w of new Set(tokens)) add(model.byToken.get(w));

  const score = new Map<string, { weight: number; support: number; basis: SuggestionBasis }>();
  let total = 0;
  const rank: Record<SuggestionBasis, number> = { document: 3, merchant: 2, description: 1, similar: 0 };
  for (const e of seen) {
    const label = side === "debit" ? e.debitAccountId : e.creditAccountId;
    if (label === bankAccount) continue;
    // The example's other side played the bank's part: the same Account, or another money Account
    // (the same shop paid by card instead of checking). A refund (Coffee → Card) teaches nothing here.
    const opposite = side === "debit" ? e.creditAccountId : e.debitAccountId;
    const sameBank = opposite === bankAccount;
    if (!sameBank && !(side === "debit" ? e.creditIsMoney : e.debitIsMoney)) continue;
    let sim = 0;
    let basis: SuggestionBasis = "similar";
    if (document && e.document && document !== e.document) continue; // another person or company
    if (document && e.document === document) [sim, basis] = [1, "document"];
    else if (merchant && e.merchant === merchant) [sim, basis] = [1, "merchant"];
    else if (key && e.key === key) [sim, basis] = [1, "description"];
    else {
      const o = overlap(tokens, e.tokens);
      if (o >= 0.6) sim = 0.7 * o;
    }
    if (sim === 0) continue;
    const weight = sim * (sameBank ? 1 : 0.8) * amountFactor(draft.amount, e.amount) * 0.5 ** (days(draft.date, e.date) / halfLife);
    total += weight;
    const s = score.get(label) ?? { weight: 0, support: 0, basis };
    s.weight += weight;
    s.support += 1;
    if (rank[basis] > rank[s.basis]) s.basis = basis;
    score.set(label, s);
  }
  let best: [string, { weight: number; support: number; basis: SuggestionBasis }] | null = null;
  for (const entry of score) if (!best || entry[1].weight > best[1].weight) best = entry;
  if (!best) return null;
  const confidence = best[1].weight / (total + 1);
  if (confidence < threshold) return null;
  return { accountId: best[0], confidence: Math.round(confidence * 100) / 100, support: best[1].support, basis: best[1].basis };
}

/**
 * Suggestions for the one-sided drafts among `transactions`, by transaction id. An Account that is
 * archived or no longer in the Book is never suggested.
 */
export function suggestAll(model: SuggestionModel, transactions: readonly BookTransaction[], accounts: readonly BookAccount[], opts: SuggesterOptions = {}): Map<string, Suggestion> {
  const usable = new Set(accounts.filter((a) => !a.archived).map((a) => a.id));
  const out = new Map<string, Suggestion>();
  for (const t of transactions) {
    const s = suggest(model, t, opts);
    if (s && usable.has(s.accountId)) out.set(t.id, s);
  }
  return out;
}
