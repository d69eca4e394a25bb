import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { loadConnectionsPage, type ProviderModes } from "@/lib/sync/read/connections-page";
import { countBookIntegrations, pageBookIntegrations } from "@/lib/sync/read/views";
import { readCursor, type PageStart } from "@/lib/pagination/keyset";
import { CONNECTIONS_PAGE_SIZE, INTEGRATIONS_PAGE_SIZE } from "@/lib/pagination/sizes";
import { databaseBackends, type Backend } from "../helpers/databases";

/**
 * User Connections and Book Integrations page by keyset: Next (?after=) and Previous (?before=)
 * walk every connection and integration once, in order, a page size at a time, with the positions the pager
 * prints; a page number still opens its page, and a cursor that does not decode opens the first.
 */

const MODES: ProviderModes = { plaid: { mode: "local-sandbox" }, pluggy: { mode: "local-sandbox" } };
const N = 123;

describe.each(databaseBackends())("keyset pages of the Automations lists on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let p: PrismaClient;
  const userId = "pager-user";
  const bookId = "pagerbook0000000000000001";

  beforeAll(async () => {
    db = await backend.open();
    p = db.prisma;
    await p.user.create({ data: { id: userId, email: "pager@example.com" } });
    await p.book.create({ data: { id: bookId, name: "Pager Book", members: { create: { userId, role: "OWNER" } } } });
    await p.ledgerAccount.create({ data: { id: "pager-la", bookId, name: "Checking", type: "ASSET" } });
    // Connections in pairs of equal createdAt (the id breaks the tie), each with one account and its integration.
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 2)));
    const ids = Array.from({ length: N }, (_, i) => `pagerconn${String(i).padStart(4, "0")}`);
    await p.connection.createMany({
      data: ids.map((id, i) => ({ id, ownerId: userId, provider: "PLAID" as const, itemRef: `ref-${id}`, institutionId: "ins_1", institutionName: `Bank ${i}`, country: "US", createdAt: at(i) })),
    });
    await p.institutionAccount.createMany({ data: ids.map((id, i) => ({ id: `${id}a`, connectionId: id, providerAccountId: `acc-${i}`, name: `Account ${i}`, type: "depository", currency: "USD", createdAt: at(i) })) });
    await p.integration.createMany({ data: ids.map((id, i) => ({ id: `${id}i`, bookId, institutionAccountId: `${id}a`, bookAccountId: "pager-la", periodStart: new Date("2026-01-01T00:00:00Z"), createdAt: at(i) })) });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("User Connections: Next to the last page and Previous back to the first, each connection once", async () => {
    const SIZE = CONNECTIONS_PAGE_SIZE;
    const load = (q: { after?: string; before?: string; page?: string }) => loadConnectionsPage(p, MODES, { userId, bookId, role: "OWNER", ...q });
    let page = await load({});
    expect(page.total).toBe(N);
    expect(page.pages.previous).toBeNull();
    const seen: string[] = [];
    const froms: number[] = [];
    for (;;) {
      seen.push(...page.connections.map((c) => c.institutionName));
      froms.push(page.pages.from);
      if (!page.pages.next) break;
      page = await load({ after: page.pages.next });
    }
    expect(seen).toEqual(Array.from({ length: N }, (_, i) => `Bank ${i}`));
    const pages = Math.ceil(N / SIZE);
    expect(froms).toEqual(Array.from({ length: pages }, (_, k) => k * SIZE));
    expect(page.connections).toHaveLength(N - (pages - 1) * SIZE);

    const back: number[] = [];
    while (page.pages.previous) {
      page = await load({ before: page.pages.previous });
      back.push(page.pages.from);
      expect(page.connections.map((c) => c.institutionName)).toEqual(Array.from({ length: SIZE }, (_, i) => `Bank ${page.pages.from + i}`));
      expect(page.pages.next).not.toBeNull();
    }
    expect(back).toEqual(froms.slice(0, -1).reverse());
    expect(page.connections[0]!.institutionName).toBe("Bank 0");

    // A page number opens its page; a cursor that does not decode opens the first.
    expect((await load({ page: "3" })).pages.from).toBe(2 * SIZE);
    const bad = await load({ after: "bm90LWEtY3Vyc29y" });
    expect(bad.pages.from).toBe(0);
    expect(bad.connections[0]!.institutionName).toBe("Bank 0");
  });

  it("Book Integrations: the same walk over the Book's integrations", async () => {
    const SIZE = INTEGRATIONS_PAGE_SIZE;
    expect(await countBookIntegrations(p, bookId)).toBe(N);
    const seen: string[] = [];
    let start: PageStart = { offset: 0 };
    for (;;) {
      const { page } = await pageBookIntegrations(p, bookId, new Date(), start, SIZE);
      expect(page.from).toBe(seen.length);
      seen.push(...page.items.map((i) => i.id));
      if (!page.next) break;
      start = { cursor: readCursor({ after: page.next })! };
    }
    expect(seen).toEqual(Array.from({ length: N }, (_, i) => `pagerconn${String(i).padStart(4, "0")}i`));
    const { page: third } = await pageBookIntegrations(p, bookId, new Date(), { offset: 2 * SIZE }, SIZE);
    const { page: back } = await pageBookIntegrations(p, bookId, new Date(), { cursor: readCursor({ before: third.previous! })! }, SIZE);
    expect(back.from).toBe(SIZE);
    expect(back.items.map((i) => i.id)).toEqual(seen.slice(SIZE, 2 * SIZE));
  });
});
