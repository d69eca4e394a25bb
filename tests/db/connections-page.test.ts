import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConnectionsPage, type ProviderModes } from "@/lib/sync/read/connections-page";
import { bookGatewayFor } from "@/lib/books";
import { linkChoices } from "@/lib/integrations/service";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { seedDemoData } from "@/lib/db/seed";
import { databaseBackends, type Backend } from "../helpers/databases";

/** The User Connections page's read model (lib/connections/connections-page.ts), on a seeded database. */

/** Plaid on the offline sandbox, Pluggy live. */
const SANDBOX: ProviderModes = { plaid: { mode: "local-sandbox" }, pluggy: { mode: "pluggy" } };

describe.each(databaseBackends())("User Connections page data on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let p: PrismaClient;
  const ids = { client: "", bookkeeper: "", viewer: "", stranger: "", acme: "", practice: "", mine: "", shared: "", foreign: "", pluggy: "", checking: "", card: "", gone: "" };

  async function connection(ownerId: string, name: string, opts: { shareWith?: string; provider?: "PLAID" | "PLUGGY" } = {}) {
    const c = await p.connection.create({
      data: {
        ownerId,
        // Made weeks before the page's clock (2026-06-15): not a just-made connection waiting for its first sync.
        createdAt: new Date("2026-05-01T00:00:00Z"),
        provider: opts.provider ?? "PLAID",
        itemRef: `ref-${name}`,
        institutionId: `ins_${name}`,
        institutionName: name,
        country: opts.provider === "PLUGGY" ? "BR" : "US",
        ...(opts.shareWith ? { shares: { create: { bookId: opts.shareWith, sharedById: ownerId } } } : {}),
      },
    });
    return c.id;
  }
  const account = async (connectionId: string, name: string, type: string, mask?: string) =>
    (await p.institutionAccount.create({ data: { connectionId, providerAccountId: `acc-${name}`, name, type, currency: "USD", ...(mask ? { mask } : {}) } })).id;

  beforeAll(async () => {
    db = await backend.open();
    p = db.prisma;
    await seedDemoData(p);
    const user = (email: string) => p.user.findUniqueOrThrow({ where: { email } }).then((u) => u.id);
    ids.client = await user("client@example.com");
    ids.bookkeeper = await user("bookkeeper@example.com");
    ids.viewer = await user("viewer@example.com");
    ids.stranger = (await p.user.create({ data: { email: "stranger@example.com" } })).id;
    ids.acme = (await p.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    ids.practice = (await p.book.findFirstOrThrow({ where: { name: "Bookkeeping Practice" } })).id;
    ids.mine = await connection(ids.client, "Mine Bank");
    ids.shared = await connection(ids.bookkeeper, "Shared Bank", { shareWith: ids.acme });
    ids.foreign = await connection(ids.stranger, "Foreign Bank", { shareWith: ids.practice });
    ids.pluggy = await connection(ids.client, "Banco Pluggy", { provider: "PLUGGY", shareWith: ids.acme });
    ids.checking = await account(ids.mine, "Everyday", "depository", "1234");
    ids.card = await account(ids.mine, "Visa", "credit");
    ids.gone = await account(ids.shared, "Old", "depository");
    const bookChecking = await p.ledgerAccount.findFirstOrThrow({ where: { bookId: ids.acme, type: "ASSET", archived: false } });
    await p.integration.create({ data: { bookId: ids.acme, institutionAccountId: ids.checking, bookAccountId: bookChecking.id, periodStart: new Date("2026-01-01T00:00:00Z") } });
    await p.integration.create({ data: { bookId: ids.acme, institutionAccountId: ids.gone, bookAccountId: "no-longer-in-the-book", periodStart: new Date("2026-01-01T00:00:00Z") } });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("lists the user's own connections and those shared with the Book, with their accounts, links and what the user may do", async () => {
    const now = new Date("2026-06-15T12:00:00Z");
    const data = await loadConnectionsPage(p, SANDBOX, { userId: ids.client, bookId: ids.acme, role: "OWNER" }, now);
    expect(data.total).toBe(3);
    expect(data.pages).toEqual({ from: 0, next: null, previous: null });
    expect(data.justConnected).toBeNull();
    expect(data.connections.map((c) => c.institutionName)).toEqual(["Mine Bank", "Shared Bank", "Banco Pluggy"]);
    expect(data.canLink).toBe(true);
    expect(data.today).toBe("2026-06-15");
    expect(data.anySyncing).toBe(false);

    const [mine, shared, pluggy] = data.connections;
    expect(mine).toMatchObject({ mine: true, sharedWithBook: false, sandbox: true });
    expect(pluggy).toMatchObject({ mine: true, sharedWithBook: true, sandbox: false });
    expect(shared).toMatchObject({ mine: false, sharedWithBook: true });
    expect(mine!.minDate < data.today).toBe(true);

    const bookChecking = await p.ledgerAccount.findFirstOrThrow({ where: { bookId: ids.acme, type: "ASSET", archived: false } });
    const byName = new Map(mine!.accounts.map((a) => [a.name, a]));
    expect(byName.get("Everyday")).toMatchObject({ linkedTo: bookChecking.name, wantedType: "ASSET" });
    expect(byName.get("Visa")).toMatchObject({ linkedTo: undefined, wantedType: "LIABILITY" });
    expect(byName.get("Visa")!.proposedName).toContain("Visa");
    // Linked to a Book Account that is no longer there: linked, without a name.
    expect(shared!.accounts[0]).toMatchObject({ name: "Old", linkedTo: null });

    // The Book's Accounts are not part of the page: the Link Account dialog fetches them when opened.
    const books = await p.ledgerAccount.findMany({ where: { bookId: ids.acme } });
    // Balances in minor units are bigints (React's payload sends them as such).
    const sent = JSON.stringify(data, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    const notLinked = books.filter((b) => b.id !== bookChecking.id);
    expect(notLinked.length).toBeGreaterThan(2);
    for (const b of notLinked) {
      expect(sent).not.toContain(b.id);
      expect(sent).not.toContain(`"${b.name}"`);
    }
  });

  it("Link Account's choices, fetched when the dialog opens: the fitting Book Accounts, for an account the user may integrate only", async () => {
    const books = await p.ledgerAccount.findMany({ where: { bookId: ids.acme, archived: false } });
    const gateway = bookGatewayFor(p, ids.client);
    const forChecking = await linkChoices(p, gateway, { userId: ids.client, bookId: ids.acme, institutionAccountId: ids.checking });
    expect(forChecking.map((a) => a.id).sort()).toEqual(books.filter((b) => b.type === "ASSET").map((b) => b.id).sort());
    const forCard = await linkChoices(p, gateway, { userId: ids.client, bookId: ids.acme, institutionAccountId: ids.card });
    expect(forCard.map((a) => a.id).sort()).toEqual(books.filter((b) => b.type === "LIABILITY").map((b) => b.id).sort());
    expect(forCard.every((a) => Object.keys(a).sort().join() === "id,name")).toBe(true);
    // Someone else's connection, not shared with this Book: not found, nothing listed.
    const other = await account(ids.foreign, "Elsewhere", "depository");
    await expect(linkChoices(p, gateway, { userId: ids.client, bookId: ids.acme, institutionAccountId: other })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A shared connection's account: the Book's Editors may link it.
    const bookkeeperChoices = await linkChoices(p, bookGatewayFor(p, ids.bookkeeper), { userId: ids.bookkeeper, bookId: ids.acme, institutionAccountId: ids.gone });
    expect(bookkeeperChoices.length).toBeGreaterThan(0);
  });

  it("a viewer sees the shared connections only and may not link; a just-made connection opens its page", async () => {
    const viewer = await loadConnectionsPage(p, SANDBOX, { userId: ids.viewer, bookId: ids.acme, role: "VIEWER" });
    expect(viewer.connections.map((c) => c.institutionName)).toEqual(["Shared Bank", "Banco Pluggy"]);
    expect(viewer.canLink).toBe(false);
    expect(viewer.connections.every((c) => !c.mine && !c.maySync)).toBe(true);

    const just = await loadConnectionsPage(p, SANDBOX, { userId: ids.client, bookId: ids.acme, role: "OWNER", connected: ids.pluggy });
    expect(just.justConnected).toEqual({ index: 2, institutionName: "Banco Pluggy" });
    const unknown = await loadConnectionsPage(p, SANDBOX, { userId: ids.client, bookId: ids.acme, role: "OWNER", connected: ids.foreign });
    expect(unknown.justConnected).toBeNull();
  });
});
