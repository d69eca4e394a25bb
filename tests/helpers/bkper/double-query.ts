/// <reference types="@bkper/bkper-api-types" />
import { HttpFail, type StoredBook, type StoredTransaction } from "./double-types";
import { txJson } from "./double-wire";

/** GET /transactions of the Bkper double: the search query language subset and its pagination. */

export function search(book: StoredBook, query: string, limitParam: string | null, cursor: string | undefined, rejectOr: boolean): bkper.TransactionList {
  if (rejectOr && /\bOR\b|[()]/.test(query.replace(/'[^']*'/g, "''"))) throw new HttpFail(400, "Invalid query: OR is not supported");
  const predicate = parseQuery(query, book);
  const wantsTrashed = /\bis:trashed\b/.test(query);
  const limit = limitParam === null ? 100 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpFail(400, "limit must be between 1 and 1000");
  let offset = 0;
  if (cursor !== undefined) {
    offset = Number(Buffer.from(cursor, "base64url").toString());
    if (!Number.isInteger(offset) || offset < 0) throw new HttpFail(400, "Invalid cursor");
  }
  const matches = book.transactions
    .filter((t) => (wantsTrashed || !t.trashed) && predicate(t))
    .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt - a.createdAt || b.id.localeCompare(a.id));
  const page = matches.slice(offset, offset + limit);
  const out: bkper.TransactionList = {};
  if (page.length) out.items = page.map((t) => txJson(book, t));
  if (offset + limit < matches.length) out.cursor = Buffer.from(String(offset + limit)).toString("base64url");
  return out;
}

type Predicate = (t: StoredTransaction) => boolean;

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push(c);
      i++;
    } else {
      let tok = "";
      while (i < query.length && !/[\s()]/.test(query[i]!)) {
        if (query[i] === "'") {
          const end = query.indexOf("'", i + 1);
          if (end < 0) throw new HttpFail(400, "Invalid query: unterminated quote");
          tok += query.slice(i, end + 1);
          i = end + 1;
        } else tok += query[i++];
      }
      tokens.push(tok);
    }
  }
  return tokens;
}

function parseQuery(query: string, book: StoredBook): Predicate {
  const tokens = tokenize(query);
  let pos = 0;
  const term = (tok: string): Predicate => {
    const m = /^([A-Za-z]+):(.*)$/.exec(tok);
    if (!m) {
      const word = tok.replace(/^'|'$/g, "").toLowerCase();
      return (t) => t.description.toLowerCase().includes(word);
    }
    const key = m[1]!;
    const value = m[2]!.replace(/^'(.*)'$/, "$1");
    if (!value) throw new HttpFail(400, `Invalid query: empty value for ${key}`);
    switch (key) {
      case "remoteId":
        return (t) => t.remoteIds.includes(value);
      case "account": {
        const a = book.accounts.find((x) => x.name.toLowerCase() === value.toLowerCase());
        return (t) => a !== undefined && (t.creditAccountId === a.id || t.debitAccountId === a.id);
      }
      case "is":
        if (value === "trashed") return (t) => t.trashed;
        if (value === "draft") return (t) => !t.posted;
        if (value === "posted") return (t) => t.posted;
        if (value === "checked") return (t) => t.checked;
        if (value === "unchecked") return (t) => !t.checked;
        throw new HttpFail(400, `Invalid query: is:${value}`);
      case "after":
      case "before":
      case "on": {
        // ISO dates (our reading: Bkper also takes the Book's date pattern and relative dates, not modelled).
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new HttpFail(400, `Invalid query: ${key}:${value}`);
        if (key === "after") return (t) => t.date >= value;
        if (key === "before") return (t) => t.date < value;
        return (t) => t.date === value;
      }
      default:
        throw new HttpFail(400, `Invalid query: unknown operator ${key}:`);
    }
  };
  const atom = (): Predicate => {
    const tok = tokens[pos++];
    if (tok === undefined || tok === ")" || tok === "OR" || tok === "AND") throw new HttpFail(400, "Invalid query");
    if (tok === "(") {
      const inner = conj();
      if (tokens[pos++] !== ")") throw new HttpFail(400, "Invalid query: missing )");
      return inner;
    }
    return term(tok);
  };
  const disj = (): Predicate => {
    let left = atom();
    while (tokens[pos] === "OR") {
      pos++;
      const l = left;
      const r = atom();
      left = (t) => l(t) || r(t);
    }
    return left;
  };
  const conj = (): Predicate => {
    const parts: Predicate[] = [disj()];
    while (pos < tokens.length && tokens[pos] !== ")") {
      if (tokens[pos] === "AND") pos++;
      parts.push(disj());
    }
    return (t) => parts.every((p) => p(t));
  };
  if (tokens.length === 0) return () => true;
  const predicate = conj();
  if (pos !== tokens.length) throw new HttpFail(400, "Invalid query: unexpected )");
  return predicate;
}
