/**
 * The Book settings' counter-account rule actions as Next.js runs them (a test's application context):
 * the Editor adds and deletes rules, each audited in words; bad input gets a message per field and
 * stores nothing; a POSTER, RECORDER or VIEWER changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeAudit } from "@/lib/audit/describe";
import { listRules } from "@/lib/books/counter-rules/store";
import { seedDemoData } from "@/lib/db/seed";
import { createTestApp } from "../helpers/app-context";
import { databaseBackends, type Backend } from "../helpers/databases";

const state = createTestApp();
const actions = state.bind(await import("@/app/(portal)/books/[bookId]/settings/actions"));

describe.each(databaseBackends())("counter-account rule actions on $name", (backend: Backend) => {
  const ids = { acme: "", software: "", practice: "" };
  const db = () => state.db!.prisma;

  beforeAll(async () => {
    state.db = await backend.open();
    await seedDemoData(db());
    ids.acme = (await db().book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    ids.practice = (await db().book.findFirstOrThrow({ where: { name: "Bookkeeping Practice" } })).id;
    ids.software = (await db().ledgerAccount.findFirstOrThrow({ where: { bookId: ids.acme, name: "Software" } })).id;
  });
  afterAll(async () => {
    await state.db?.close();
  });

  it("the Editor adds a rule and deletes it, each audited in words", async () => {
    await state.signIn("bookkeeper@example.com");
    const made = await actions.createCounterRule({ bookId: ids.acme, words: "  GitHub   Inc ", accountId: ids.software, direction: "out", minAmount: "1", maxAmount: "99,90" });
    expect(made).toMatchObject({ ok: true });
    expect(await listRules(db(), ids.acme)).toMatchObject([{ contains: "GitHub Inc", accountId: ids.software, direction: "out", minAmount: "1", maxAmount: "99.9" }]);
    const ruleId = made.ok ? made.data.id : "";
    expect(await actions.deleteCounterRule({ bookId: ids.acme, ruleId })).toEqual({ ok: true, data: { done: true } });
    expect(await listRules(db(), ids.acme)).toEqual([]);
    expect(await actions.deleteCounterRule({ bookId: ids.acme, ruleId })).toMatchObject({ ok: false, code: "NOT_FOUND", message: { key: "server.ruleGone" } });
    const events = await db().auditEvent.findMany({ where: { bookId: ids.acme, action: { startsWith: "rule." } }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["rule.create", "rule.delete"]);
    expect(describeAudit("rule.create", events[0]!.details as Record<string, unknown>)).toBe("Added the counter-account rule: description contains “GitHub Inc” → Software (Money out, 1 to 99.9).");
    expect(describeAudit("rule.delete", events[1]!.details as Record<string, unknown>)).toBe("Deleted the counter-account rule: description contains “GitHub Inc” → Software.");
  });

  it("refuses bad input with field messages, and an Account of another Book, storing nothing", async () => {
    await state.signIn("bookkeeper@example.com");
    const bad = await actions.createCounterRule({ bookId: ids.acme, words: "x", accountId: "", minAmount: "lots", maxAmount: "" });
    expect(bad).toMatchObject({ ok: false, code: "INVALID_INPUT", fields: { words: { key: "server.ruleContains" }, accountId: { key: "server.ruleAccount" }, minAmount: { key: "server.ruleAmount" } } });
    const reversed = await actions.createCounterRule({ bookId: ids.acme, words: "Uber", accountId: ids.software, minAmount: "50", maxAmount: "10" });
    expect(reversed).toMatchObject({ ok: false, fields: { maxAmount: { key: "server.ruleRange" } } });
    const elsewhere = (await db().ledgerAccount.findFirstOrThrow({ where: { bookId: ids.practice } })).id;
    expect(await actions.createCounterRule({ bookId: ids.acme, words: "Uber", accountId: elsewhere })).toMatchObject({ ok: false, code: "INVALID_INPUT", fields: { accountId: { key: "server.ruleAccount" } } });
    expect(await listRules(db(), ids.acme)).toEqual([]);
  });

  it("POSTER, RECORDER and VIEWER may not add or delete rules", async () => {
    await state.signIn("bookkeeper@example.com");
    const made = await actions.createCounterRule({ bookId: ids.acme, words: "Adobe", accountId: ids.software });
    const ruleId = made.ok ? made.data.id : "";
    for (const who of ["poster@example.com", "recorder@example.com", "viewer@example.com"]) {
      await state.signIn(who);
      expect(await actions.createCounterRule({ bookId: ids.acme, words: "Zoom", accountId: ids.software }), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(await actions.deleteCounterRule({ bookId: ids.acme, ruleId }), who).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    expect((await listRules(db(), ids.acme)).map((r) => r.contains)).toEqual(["Adobe"]);
  });
});
