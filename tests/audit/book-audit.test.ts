/**
 * Reading the audit trail: a Book sees what was done in it plus the system events (sync failures,
 * refused webhooks, e-mails) of the connections shared with it — not another Book's; filters by
 * action and connection; 50 a page, newest first, every event exactly once across pages; a
 * connection's History only for its owner.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { parseAuditFilters } from "@/lib/audit/filters";
import { bookAuditConnections, listBookAudit, listConnectionHistory } from "@/lib/audit/query";
import type { Database } from "@/lib/db/open";
import { seedDemoData } from "@/lib/db/seed";
import { databaseBackends, type Backend } from "../helpers/databases";

describe.each(databaseBackends())("the audit view's queries on $name", (backend: Backend) => {
  let database: Database;
  const ids = { acme: "", practice: "", other: "", client: "", bookkeeper: "", shared: "", sharedTwice: "", foreign: "" };
  const db = () => database.prisma;
  const connection = async (ownerId: string, name: string, books: string[]) =>
    (
      await db().connection.create({
        data: { ownerId, provider: "PLAID", itemRef: `ref-${name}`, secret: "sealed", institutionId: "ins_1", institutionName: name, country: "US", shares: { create: books.map((bookId) => ({ bookId, sharedById: ownerId })) } },
      })
    ).id;

  beforeAll(async () => {
    database = await backend.open();
    await seedDemoData(db());
    ids.acme = (await db().book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    ids.practice = (await db().book.findFirstOrThrow({ where: { name: "Bookkeeping Practice" } })).id;
    ids.client = (await db().user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    ids.bookkeeper = (await db().user.findUniqueOrThrow({ where: { email: "bookkeeper@example.com" } })).id;
    ids.other = (await db().book.create({ data: { name: "Unrelated Book", members: { create: [{ userId: ids.bookkeeper, role: "OWNER" }] } } })).id;
    ids.shared = await connection(ids.client, "Prairie Lantern Bank", [ids.acme]);
    ids.sharedTwice = await connection(ids.client, "Itaú", [ids.acme, ids.practice]);
    ids.foreign = await connection(ids.bookkeeper, "Foreign Bank", [ids.other]);
    // 120 Book events in Acme, a second apart (so the order is known), for paging.
    const base = Date.UTC(2026, 10, 1, 12, 0, 0);
    await db().auditEvent.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        at: new Date(base + i * 1000),
        actorId: i % 2 ? ids.client : ids.bookkeeper,
        bookId: ids.acme,
        connectionId: i % 3 === 0 ? ids.shared : null,
        action: i % 3 === 0 ? "connection.sync_now" : "account.create",
        details: { n: i, institution: i % 3 === 0 ? "Prairie Lantern Bank" : undefined, name: `Account ${i}` },
      })),
    });
    await recordAudit(db(), { action: "connection.connect", actorId: ids.client, bookId: ids.acme, connectionId: ids.shared, details: { institution: "Prairie Lantern Bank" } });
    // System events: of a connection shared with Acme and the Practice, and of a connection of another Book.
    await recordAudit(db(), { action: "sync.failed", connectionId: ids.sharedTwice, details: { system: true, institution: "Itaú", code: "ITEM_LOGIN_REQUIRED", status: "LOGIN_REQUIRED" } });
    await recordAudit(db(), { action: "webhook.rejected", connectionId: ids.sharedTwice, details: { system: true, provider: "PLAID", reason: "replayed", institution: "Itaú" } });
    await recordAudit(db(), { action: "sync.failed", connectionId: ids.foreign, details: { system: true, institution: "Foreign Bank", code: "INSTITUTION_DOWN" } });
    // Done in another Book: never in Acme's trail.
    await recordAudit(db(), { action: "account.create", actorId: ids.bookkeeper, bookId: ids.practice, details: { name: "Practice only" } });
  }, 180_000);
  afterAll(async () => {
    await database?.close();
  });

  it("pages 50 at a time, newest first, each event exactly once", async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let before = undefined as ReturnType<typeof parseAuditFilters>["filters"]["before"];
    for (let guard = 0; guard < 10; guard++) {
      const page = await listBookAudit(db(), ids.acme, { before });
      sizes.push(page.rows.length);
      seen.push(...page.rows.map((r) => r.id));
      for (let i = 1; i < page.rows.length; i++) expect(page.rows[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(page.rows[i]!.at.getTime());
      if (!page.next) break;
      before = parseAuditFilters({ before: page.next }).filters.before;
      expect(before).toBeDefined();
    }
    // 120 + connect in Acme, + 2 system events of Itaú (shared with Acme); not Foreign Bank's, not the Practice's.
    expect(sizes).toEqual([50, 50, 23]);
    expect(new Set(seen).size).toBe(123);
    const first = await listBookAudit(db(), ids.acme, {});
    expect(first.rows.slice(0, 3).map((r) => r.action).sort()).toEqual(["connection.connect", "sync.failed", "webhook.rejected"]);
  });

  it("system events of a connection show in every Book it is shared with, and nowhere else", async () => {
    const practice = await listBookAudit(db(), ids.practice, {});
    expect(practice.rows.map((r) => r.action).sort()).toEqual(["account.create", "sync.failed", "webhook.rejected"]);
    const other = await listBookAudit(db(), ids.other, {});
    expect(other.rows.map((r) => [r.action, r.connectionId])).toEqual([["sync.failed", ids.foreign]]);
    const acme = await listBookAudit(db(), ids.acme, { action: "sync.failed" });
    expect(acme.rows.map((r) => r.connectionId)).toEqual([ids.sharedTwice]);
    expect(acme.rows[0]!.actor).toBeNull();
  });

  it("filters by action and by connection, together", async () => {
    const syncNow = await listBookAudit(db(), ids.acme, { action: "connection.sync_now" }, 500);
    expect(syncNow.rows).toHaveLength(40);
    expect(syncNow.rows.every((r) => r.action === "connection.sync_now")).toBe(true);
    const prairie = await listBookAudit(db(), ids.acme, { connectionId: ids.shared }, 500);
    expect(prairie.rows).toHaveLength(41);
    expect(prairie.rows.every((r) => r.connectionId === ids.shared)).toBe(true);
    const both = await listBookAudit(db(), ids.acme, { connectionId: ids.shared, action: "connection.connect" });
    expect(both.rows.map((r) => r.action)).toEqual(["connection.connect"]);
    // Another Book's connection as a filter finds nothing in Acme (its events are not Acme's).
    expect((await listBookAudit(db(), ids.acme, { connectionId: ids.foreign })).rows).toEqual([]);
    const names = (await bookAuditConnections(db(), ids.acme)).map((c) => c.institution);
    expect(names).toEqual(["Itaú", "Prairie Lantern Bank"]);
  });

  it("bad query values are ignored with a note, never an error", () => {
    expect(parseAuditFilters({ action: "integration.link", connection: ids.shared })).toEqual({ filters: { action: "integration.link", connectionId: ids.shared }, notes: [] });
    const bad = parseAuditFilters({ action: "drop table", connection: "../etc", before: "yesterday" });
    expect(bad.filters).toEqual({});
    expect(bad.notes).toEqual([
      "The action filter was not recognised and is ignored.",
      "The connection filter was not recognised and is ignored.",
      "The page position was not recognised: showing the newest events.",
    ]);
    expect(parseAuditFilters({ action: ["connection.connect", "x"] }).filters).toEqual({ action: "connection.connect" });
    expect(parseAuditFilters({}).notes).toEqual([]);
  });

  it("a connection's History is for its owner only, across Books", async () => {
    await recordAudit(db(), { action: "integration.link", actorId: ids.bookkeeper, bookId: ids.practice, connectionId: ids.sharedTwice, details: { institution: "Itaú", account: "Conta •••• 1234" } });
    const mine = await listConnectionHistory(db(), ids.client, ids.sharedTwice, {});
    expect(mine?.connection.institutionName).toBe("Itaú");
    expect(mine?.page.rows.map((r) => r.action)).toEqual(["integration.link", "webhook.rejected", "sync.failed"]);
    expect(mine?.page.rows[0]).toMatchObject({ bookName: "Bookkeeping Practice", actor: { email: "bookkeeper@example.com" } });
    expect(await listConnectionHistory(db(), ids.bookkeeper, ids.sharedTwice, {})).toBeNull();
    expect(await listConnectionHistory(db(), ids.client, "c" + "0".repeat(24), {})).toBeNull();
  });
});
