/// <reference types="@bkper/bkper-api-types" />
import type http from "node:http";
import { HttpFail, type StoredAccount, type StoredBook, type StoredTransaction } from "./double-types";

/** The Bkper double's JSON shapes (docs/reference/bkper.md §4), error envelope and request checks. */

export function bookJson(b: StoredBook, user: string): bkper.Book {
  return {
    id: b.id,
    name: b.name,
    permission: b.permissions.get(user) ?? "NONE",
    fractionDigits: b.fractionDigits,
    timeZone: b.timeZone,
    datePattern: b.datePattern,
    decimalSeparator: b.decimalSeparator,
    lockDate: b.lockDate ?? "1900-00-00",
    closingDate: b.closingDate ?? "1900-00-00",
    properties: { ...b.properties },
    visibility: "PRIVATE",
  };
}

export function txJson(book: StoredBook, t: StoredTransaction): bkper.Transaction {
  const acc = (id: string | undefined) => {
    const a = id ? book.accounts.find((x) => x.id === id) : undefined;
    return a ? accountJson(a) : undefined;
  };
  const [y, m, d] = t.date.split("-");
  const out: bkper.Transaction = {
    id: t.id,
    date: t.date,
    dateValue: Number(`${y}${m}${d}`),
    dateFormatted: book.datePattern.replace("yyyy", y!).replace("MM", m!).replace("dd", d!),
    description: t.description,
    posted: t.posted,
    checked: t.checked,
    trashed: t.trashed,
    remoteIds: [...t.remoteIds],
    properties: { ...t.properties },
    createdAt: String(t.createdAt),
  };
  if (t.amount !== undefined) out.amount = t.amount;
  if (t.agentId) out.agentId = t.agentId;
  const credit = acc(t.creditAccountId);
  const debit = acc(t.debitAccountId);
  if (credit) out.creditAccount = credit;
  if (debit) out.debitAccount = debit;
  return out;
}

export function accountJson(a: StoredAccount): bkper.Account {
  return {
    id: a.id,
    name: a.name,
    normalizedName: a.name.toLowerCase().replace(/[^a-z0-9]+/g, "_"),
    type: a.type,
    credit: a.type === "LIABILITY" || a.type === "INCOMING",
    archived: a.archived,
    permanent: a.type === "ASSET" || a.type === "LIABILITY",
    createdAt: String(a.createdAt),
  };
}

export function errorEnvelope(code: number, message: string, reason: string) {
  return { error: { code, message, errors: [{ domain: "global", reason, message }] } };
}

export const defaultMessage = (status: number) =>
  status === 429 ? "Rate limit exceeded" : status >= 500 ? "Backend Error" : status === 403 ? "Forbidden" : status === 404 ? "Not Found" : "Bad Request";
export const defaultReason = (status: number) =>
  status === 429 ? "rateLimitExceeded" : status >= 500 ? "backendError" : status === 403 ? "forbidden" : status === 404 ? "notFound" : "invalid";

export function allow(method: string, expected: string): void {
  if (method !== expected) throw new HttpFail(405, `Method ${method} not allowed`, "methodNotAllowed");
}

export function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new HttpFail(400, `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

export function checkFields(obj: Record<string, unknown>, writable: Set<string>, readOnly: Set<string>, what: string): void {
  for (const key of Object.keys(obj)) {
    if (readOnly.has(key)) throw new HttpFail(400, `${what}.${key} is read-only`);
    if (!writable.has(key)) throw new HttpFail(400, `Invalid JSON payload received. Unknown name "${key}" at '${what}': Cannot find field.`);
  }
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
