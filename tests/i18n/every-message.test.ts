import { keysOf, lookup, type MessageValue } from "@bank-connections/i18n";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_NAMES } from "@/lib/audit/actions";
import { describeAudit } from "@/lib/audit/describe";
import { CONNECTION_STATUSES, connectionStatusView } from "@/lib/connections/status";
import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { en as EN, type MessageKey } from "@/lib/i18n/messages/en";
import { encodeMessage, isMessageKey } from "@/lib/i18n/stored";
import { createTranslator, msg, type Message } from "@/lib/i18n/translate";
import { connectionProblem } from "@/lib/notifications/problems";
import { renderProblemMail } from "@/lib/notifications/render";
import { ProviderError, providerFailureMessage, type ProviderErrorKind } from "@/lib/providers/errors";
import { connectionSyncView, failedRunLine, integrationStatusView, lastSyncedLine, postedSummary, relativeTime, runningLine, syncNowDecision } from "@/lib/sync/read/status";

/**
 * Every message a person can see, in both languages: every key of the dictionaries, every status
 * the views derive (connections, syncs, integrations, flagged, consent warnings, banners, e-mails)
 * and every audit line — and no English word in the Portuguese. Driven by the dictionaries and the
 * status derivations, so a new key or a new status is covered without touching this file.
 */
const en = createTranslator("en", DICTIONARIES.en);
const pt = createTranslator("pt-BR", DICTIONARIES["pt-BR"]);
const now = new Date("2026-11-25T15:00:00Z");

/** Words written alike in both languages: proper names, product names, codes, and the few words Portuguese shares with English. */
const SHARED = new Set(
  (
    "a as do e no com data use editor id item json link log login mail ok portal ref token utc http webhook webhooks sandbox offline " +
    "bank connections connect user pass password good auth secret google plaid pluggy bkper acme ltd padaria brasil brl"
  ).split(" "),
);

const wordsOf = (text: string) => (text.replace(/\{\w+\}/g, " ").match(/[A-Za-zÀ-ÿ]+/g) ?? []).map((w) => w.toLowerCase());

/** The English words of the portal: every word of the English dictionary that is not shared. */
const ENGLISH = new Set(
  keysOf(EN).flatMap((k) => {
    const node = lookup(EN, k);
    return (typeof node === "string" ? [node] : Object.values(node as Record<string, string>)).flatMap(wordsOf);
  }),
);
for (const w of SHARED) ENGLISH.delete(w);

/** The English words in a text; codes (ITEM_LOGIN_REQUIRED, BRL) are not words. */
function englishIn(text: string): string[] {
  return wordsOf(text.replace(/\b[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\b/g, " ")).filter((w) => ENGLISH.has(w));
}

/** Sample values (no English in them) for a template's `{names}`, by name: counts, days, times, names. */
function sampleValues(template: string): Record<string, MessageValue<MessageKey>> {
  const values: Record<string, MessageValue<MessageKey>> = {};
  for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
    if (!name) continue;
    if (["count", "days", "from", "to", "total", "status"].includes(name)) values[name] = 2;
    else if (["date", "day", "earliest", "closing", "lock", "before", "after"].includes(name)) values[name] = { day: "2026-12-12" };
    else if (name === "time") values[name] = { time: "2026-11-25T14:05:00.000Z" };
    else values[name] = "Banco Ipê";
  }
  return values;
}

const templatesOf = (key: string): string[] => {
  const node = lookup(EN, key);
  return typeof node === "string" ? [node] : Object.values(node as Record<string, string>);
};

/** Renders in Portuguese and reports English words and unfilled `{names}` — the same message in English must render too. */
function expectPortuguese(m: Message, where: string) {
  const said = pt.msg(m);
  expect(englishIn(said), `${where}: "${said}"`).toEqual([]);
  expect(said, `${where}: "${said}"`).not.toMatch(/\{\w+\}/);
  expect(en.msg(m), `${where} (English)`).not.toMatch(/\{\w+\}/);
}

const messagesIn = (value: unknown): Message[] => {
  if (typeof value !== "object" || value === null || value instanceof Date) return [];
  const keys = Object.keys(value);
  const key = (value as { key?: unknown }).key;
  if (typeof key === "string" && isMessageKey(key) && keys.every((k) => k === "key" || k === "values")) return [value as Message];
  return Object.values(value).flatMap(messagesIn);
};

const PROVIDER_KINDS = Object.keys(EN.providerErrors).filter((k) => k !== "failure") as ProviderErrorKind[];
const stored = {
  ...Object.fromEntries(PROVIDER_KINDS.map((kind) => [kind, encodeMessage(providerFailureMessage(new ProviderError(kind, "x", kind === "RATE_LIMITED" ? { retryAfterSeconds: 42 } : {})))])),
  ...Object.fromEntries(Object.keys(EN.sync.engine).map((k) => [`engine.${k}`, encodeMessage(msg(`sync.engine.${k}` as MessageKey))])),
  ...Object.fromEntries(Object.keys(EN.connectionNotes).map((k) => [`note.${k}`, encodeMessage(msg(`connectionNotes.${k}` as MessageKey, { date: { date: "2026-12-12" } }))])),
  providerText: "Banco fora do ar (código 42).",
  none: null,
} as Record<string, string | null>;
/** The engine's error codes, the ones it knows (fixFor, DEFAULT_MESSAGE) and one it does not. */
const ERROR_CODES = ["LOGIN_REQUIRED", "REAUTH_REQUIRED", "ITEM_LOGIN_REQUIRED", "INVALID_CREDENTIALS", "MFA_REQUIRED", "ITEM_NOT_FOUND", "NOT_CONFIGURED", "RATE_LIMITED", "RATE_LIMIT_EXCEEDED", "INSTITUTION_DOWN", "INSTITUTION_NOT_RESPONDING", "PROVIDER_ERROR", "INTERNAL_SERVER_ERROR", "INTERRUPTED", "ITEM_UPDATING", "INTERNAL", "WEIRD", null];

describe("every message in both languages, no English in the Portuguese", () => {
  it("both dictionaries have the same keys", () => {
    expect(keysOf(DICTIONARIES["pt-BR"]).sort()).toEqual(keysOf(EN).sort());
  });

  it("every key of the dictionary (statuses, server and AppError messages, audit words, banners, e-mails)", () => {
    const keys = keysOf(EN) as MessageKey[];
    expect(keys.length).toBeGreaterThan(300);
    for (const key of keys) {
      for (const template of templatesOf(key)) {
        const values = sampleValues(template);
        for (const count of "count" in values ? [1, 2] : [2]) expectPortuguese(msg(key, "count" in values ? { ...values, count } : values), key);
      }
    }
  });

  it("every connection status, with each kind of stored reason and warning, and the consent reminder", () => {
    for (const status of CONNECTION_STATUSES) {
      for (const [name, text] of Object.entries(stored)) {
        for (const consentExpiresAt of [null, new Date("2026-12-01T00:00:00Z")]) {
          const view = connectionStatusView({ status, errorMessage: text, warningMessage: name.startsWith("note.") ? text : null, consentExpiresAt }, now);
          for (const m of messagesIn(view)) expectPortuguese(m, `${status}/${name}`);
        }
      }
    }
  });

  it("every sync line: last synced, running, failed runs for every code and stored message, Sync now refusals", () => {
    for (const minutes of [0, 1, 5, 90, 60 * 30, 60 * 24 * 4, 60 * 24 * 40]) {
      expectPortuguese(lastSyncedLine(new Date(now.getTime() - minutes * 60_000), now), `lastSynced ${minutes}`);
      expectPortuguese(relativeTime(new Date(now.getTime() - minutes * 60_000), now), `relative ${minutes}`);
    }
    expectPortuguese(lastSyncedLine(null, now), "never synced");
    for (const counts of [{ added: 1, modified: 0, removed: 0, posted: 0 }, { added: 120, modified: 2, removed: 3, posted: 80 }]) expectPortuguese(runningLine(counts), "running");
    for (const errorCode of ERROR_CODES) {
      for (const [name, errorMessage] of Object.entries(stored)) {
        for (const retryAt of [null, new Date("2026-11-25T16:05:00Z"), new Date("2026-11-26T09:00:00Z")]) {
          for (const m of messagesIn(failedRunLine({ errorCode, errorMessage, retryAt }, now))) expectPortuguese(m, `${errorCode}/${name}`);
        }
      }
    }
    for (const status of CONNECTION_STATUSES) {
      const view = connectionSyncView({ status, lastSyncedAt: now, warningMessage: stored["note.consentWarning"]! }, null, { state: "FAILED", errorCode: "RATE_LIMITED", errorMessage: stored.RATE_LIMITED!, retryAt: null }, now);
      for (const m of messagesIn(view)) expectPortuguese(m, `sync view ${status}`);
      for (const mine of [true, false])
        for (const sharedWithBook of [true, false])
          for (const role of ["OWNER", "EDITOR", "VIEWER"] as const) {
            for (const m of messagesIn(syncNowDecision({ mine, sharedWithBook, status, ownerName: "Ana Souza" }, role))) expectPortuguese(m, `sync now ${status}`);
          }
    }
  });

  it("every integration status, flagged postings and the chart's summary", () => {
    for (const status of ["ACTIVE", "SYNCING", "ERROR"] as const) {
      for (const errorMessage of [null, encodeMessage(msg("sync.engine.bookUnreachable")), encodeMessage(msg("bookErrors.beforeLock", { date: { day: "2026-01-02" }, lock: { day: "2026-01-31" } }))]) {
        for (const connectionStatus of CONNECTION_STATUSES) {
          for (const ctx of [{ pending: 0, running: null, flagged: 0 }, { pending: 7, running: null, flagged: 1 }, { pending: 0, running: { added: 3, modified: 0, removed: 0, posted: 1 }, flagged: 2 }]) {
            for (const m of messagesIn(integrationStatusView({ status, errorMessage }, { connectionStatus, ...ctx }))) expectPortuguese(m, `integration ${status}/${connectionStatus}`);
          }
        }
      }
    }
    for (const total of [0, 1, 412]) expectPortuguese(postedSummary(total), `chart ${total}`);
  });

  it("every banner and e-mail: Reconnect for each status, consent expiring and expired", () => {
    const base = { institutionName: "Itaú", consentExpiresAt: null, warningMessage: null, secret: "sealed" };
    const problems = [
      ...CONNECTION_STATUSES.map((status) => connectionProblem({ ...base, status }, now)),
      connectionProblem({ ...base, status: "CONNECTED", consentExpiresAt: new Date("2026-12-02T00:00:00Z") }, now),
      connectionProblem({ ...base, status: "CONNECTED", consentExpiresAt: new Date("2026-11-20T00:00:00Z"), warningMessage: stored["note.consentWarning"]! }, now),
    ].filter((p) => p !== null);
    expect(problems.map((p) => p.key).sort()).toEqual(["consent:2026-11-20", "consent:2026-12-02", "reconnect:ERROR", "reconnect:LOGIN_REQUIRED"]);
    for (const p of problems) {
      expectPortuguese(p.title, p.key);
      expectPortuguese(p.action, p.key);
      for (const owner of [true, false]) {
        const mail = renderProblemMail(p, { userId: "u1", email: "ana@example.com", name: "Ana", bookId: "b1", owner }, "https://banco.example.com", pt);
        expect(englishIn(mail.subject), mail.subject).toEqual([]);
        expect(englishIn(mail.text.replace(/https?:\S+|\S+@\S+/g, "")), mail.text).toEqual([]);
      }
    }
  });

  it("every audit line kind, with its values and without them", () => {
    const full = {
      institution: "Itaú",
      provider: "PLUGGY",
      accounts: 2,
      accountNames: "Conta Corrente, Poupança",
      book: "Padaria Brasil",
      previousStatus: "LOGIN_REQUIRED",
      integrationsRemoved: 1,
      account: "Itaú — Conta Corrente",
      bookAccount: "Itaú Conta Corrente",
      periodStart: "2026-01-01",
      previousPeriodStart: "2025-12-01",
      openingBalance: true,
      postedCount: 3,
      name: "Caixa",
      type: "ASSET",
      code: "ITEM_LOGIN_REQUIRED",
      message: stored.REAUTH_REQUIRED,
      status: "LOGIN_REQUIRED",
      reason: "bad_signature",
      skippedBefore: 2,
      recipient: "Ana",
      title: encodeMessage(msg("banner.needsReconnect", { name: "Itaú" })),
    };
    for (const action of AUDIT_ACTION_NAMES) {
      for (const details of [full, {}, { ...full, provider: "PLAID", reason: "too_old", previousPeriodStart: undefined }]) {
        const said = describeAudit(action, details, pt);
        expect(englishIn(said), `${action}: "${said}"`).toEqual([]);
        expect(said).not.toMatch(/\{\w+\}/);
        expect(describeAudit(action, details, en)).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it("catches English: the check is not vacuous", () => {
    expect(englishIn("Last sync failed: a bank (ITEM_LOGIN_REQUIRED)")).toEqual(["last", "sync", "failed"]);
    expect(englishIn(pt.msg(msg("common.asSent", { text: "The bank said no." })))).toContain("the");
    expect(englishIn(pt("sync.lastFailed", { reason: "Banco Ipê" }))).toEqual([]);
  });
});
