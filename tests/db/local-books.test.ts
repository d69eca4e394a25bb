import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveBookAccess } from "@/lib/auth/access";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { withBookReadCache } from "@/lib/books/read-cache";
import { seedDemoData } from "@/lib/db/seed";
import { databaseBackends, type Backend } from "../helpers/databases";
import { countingPrisma } from "../helpers/statement-counter";

describe.each(databaseBackends())("local Books and access on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let ids: { client: string; bookkeeper: string; viewer: string; stranger: string; acme: string; practice: string };

  beforeAll(async () => {
    db = await backend.open();
    await seedDemoData(db.prisma);
    const user = (email: string) => db.prisma.user.findUniqueOrThrow({ where: { email } }).then((u) => u.id);
    const stranger = await db.prisma.user.create({ data: { email: "stranger@example.com" } });
    ids = {
      client: await user("client@example.com"),
      bookkeeper: await user("bookkeeper@example.com"),
      viewer: await user("viewer@example.com"),
      stranger: stranger.id,
      acme: (await db.prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id,
      practice: (await db.prisma.book.findFirstOrThrow({ where: { name: "Bookkeeping Practice" } })).id,
    };
  });
  afterAll(async () => {
    await db?.close();
  });

  it("lists each user's Books with their role", async () => {
    const list = async (id: string) => (await new LocalBookGateway(db.prisma, id).listBooks()).map((b) => `${b.name}:${b.role}`);
    expect(await list(ids.client)).toEqual(["Acme Ltd:OWNER"]);
    expect(await list(ids.bookkeeper)).toEqual(["Acme Ltd:EDITOR", "Bookkeeping Practice:OWNER"]);
    expect(await list(ids.viewer)).toEqual(["Acme Ltd:VIEWER"]);
    expect(await list(ids.stranger)).toEqual([]);
  });

  it("decides access: members by role, strangers and malformed ids not found", async () => {
    expect((await resolveBookAccess(db.prisma, ids.bookkeeper, ids.acme, "EDITOR")).kind).toBe("ok");
    expect(await resolveBookAccess(db.prisma, ids.viewer, ids.acme, "EDITOR")).toMatchObject({ kind: "forbidden", role: "VIEWER", needed: "EDITOR" });
    expect((await resolveBookAccess(db.prisma, ids.viewer, ids.acme, "VIEWER")).kind).toBe("ok");
    expect(await resolveBookAccess(db.prisma, ids.stranger, ids.acme, "VIEWER")).toEqual({ kind: "not-found" });
    expect(await resolveBookAccess(db.prisma, ids.client, ids.practice, "VIEWER")).toEqual({ kind: "not-found" });
    for (const bad of ["", "x", "../etc", "'; drop table books; --", "a".repeat(200), 42, null]) {
      expect(await resolveBookAccess(db.prisma, ids.client, bad, "VIEWER")).toEqual({ kind: "not-found" });
    }
  });

  it("reads some Accounts by id: only the Book's own, none for no ids, the same through the page's read cache", async () => {
    const g = new LocalBookGateway(db.prisma, ids.client);
    const acme = await g.listAccounts(ids.acme);
    const practice = await new LocalBookGateway(db.prisma, ids.bookkeeper).listAccounts(ids.practice);
    const [first, second] = acme;
    expect(first && second && practice[0]).toBeTruthy();
    const asked = [second!.id, first!.id, practice[0]!.id, "no-such-account"];
    const byName = (list: { name: string }[]) => list.map((a) => a.name).sort();
    expect(byName(await g.getAccounts(ids.acme, asked))).toEqual(byName([first!, second!]));
    expect(await g.getAccounts(ids.acme, [])).toEqual([]);
    // The read cache answers from the whole list once it was read, else reads the ids, alike.
    const cached = withBookReadCache(g);
    expect(byName(await cached.getAccounts(ids.acme, asked))).toEqual(byName([first!, second!]));
    await cached.listAccounts(ids.acme);
    expect(byName(await cached.getAccounts(ids.acme, asked))).toEqual(byName([first!, second!]));
    expect((await cached.getAccounts(ids.acme, [first!.id]))[0]).toEqual(first);
  });

  it("creates transactions once per remote id, even when asked twice or concurrently", async () => {
    const g = new LocalBookGateway(db.prisma, ids.client);
    const cash = (await g.listAccounts(ids.acme)).find((a) => a.name === "Cash")!;
    const draft = (n: number) => ({
      date: "2026-11-0" + n,
      amount: `${n}0.50`,
      description: `Coffee ${n}`,
      creditAccountId: cash.id,
      debitAccountId: null,
      remoteIds: [`test:${n}`],
    });
    const first = await g.createTransactions(ids.acme, [draft(1), draft(2)]);
    const again = await g.createTransactions(ids.acme, [draft(2), draft(1), draft(3)]);
    expect(again[0]!.id).toBe(first[1]!.id);
    expect(again[1]!.id).toBe(first[0]!.id);
    await Promise.all([g.createTransactions(ids.acme, [draft(4)]), g.createTransactions(ids.acme, [draft(4)])]);
    const all = (await g.listTransactions(ids.acme)).filter((t) => t.remoteIds.some((r) => r.startsWith("test:")));
    expect(all.map((t) => t.remoteIds[0]).sort()).toEqual(["test:1", "test:2", "test:3", "test:4"]);
    expect(all.every((t) => !t.posted && t.creditAccountId === cash.id && t.debitAccountId === null)).toBe(true);
    expect((await g.findByRemoteId(ids.acme, "test:1"))?.amount).toBe("10.50");
    // Drafts come first in the Book's list.
    const listed = await g.listTransactions(ids.acme);
    const firstPosted = listed.findIndex((t) => t.posted);
    expect(listed.slice(firstPosted).every((t) => t.posted)).toBe(true);
    // Trash hides it; the remote id still finds it, so it is never re-created.
    await g.trashTransaction(ids.acme, first[0]!.id);
    expect((await g.listTransactions(ids.acme)).some((t) => t.id === first[0]!.id)).toBe(false);
    expect((await g.createTransactions(ids.acme, [draft(1)]))[0]!.id).toBe(first[0]!.id);
  });

  it("a first attempt is one statement; a draft in the Book after all, a concurrent twin or a repeated remote id still get one transaction", async () => {
    const counted = countingPrisma(db);
    const g = new LocalBookGateway(counted.prisma, ids.client);
    const cash = (await g.listAccounts(ids.acme)).find((a) => a.name === "Cash")!;
    const draft = (n: number, remoteIds = [`first:${n}`]) => ({ date: "2026-10-1" + n, amount: `${n}.5`, description: `Lunch ${n}`, creditAccountId: cash.id, debitAccountId: null, remoteIds, properties: { n } as unknown as Record<string, string> });
    counted.queries.reset();
    const made = await g.createTransactions(ids.acme, [draft(1), draft(2, ["first:2", "first:2b"])], { firstAttempt: true });
    expect(counted.queries.statements).toBe(1);
    expect(made.map((t) => [t.date, t.amount, t.description, t.remoteIds, t.properties])).toEqual([
      ["2026-10-11", "1.50", "Lunch 1", ["first:1"], { n: "1" }],
      ["2026-10-12", "2.50", "Lunch 2", ["first:2", "first:2b"], { n: "2" }],
    ]);
    // What the Book now holds is what was returned.
    expect(await g.findByRemoteId(ids.acme, "first:2b")).toEqual(made[1]);
    // Sent before after all (a crash between the Book's write and the Posting's): found, not made twice.
    const again = await g.createTransactions(ids.acme, [draft(3), draft(1)], { firstAttempt: true });
    expect(again[1]!.id).toBe(made[0]!.id);
    // Twins at once, and one remote id twice in a batch.
    const [a, b] = await Promise.all([g.createTransactions(ids.acme, [draft(4)], { firstAttempt: true }), g.createTransactions(ids.acme, [draft(4)], { firstAttempt: true })]);
    expect(a[0]!.id).toBe(b[0]!.id);
    const twice = await g.createTransactions(ids.acme, [draft(5), draft(5)], { firstAttempt: true });
    expect(twice[0]!.id).toBe(twice[1]!.id);
    const all = (await g.listTransactions(ids.acme)).filter((t) => t.remoteIds.some((r) => r.startsWith("first:")));
    expect(all.map((t) => t.remoteIds[0]).sort()).toEqual(["first:1", "first:2", "first:3", "first:4", "first:5"]);
    // A Book that is gone fails as before, and leaves nothing.
    await expect(g.createTransactions("no-such-book", [draft(6)], { firstAttempt: true })).rejects.toThrow();
    expect(await g.findByRemoteId(ids.acme, "first:6")).toBeNull();
    await counted.prisma.$disconnect();
  });

  it("refuses a duplicate Account name, whatever its case", async () => {
    const g = new LocalBookGateway(db.prisma, ids.client);
    await expect(g.createAccount(ids.acme, { name: "  cash ", type: "ASSET" })).rejects.toThrow(/already exists/);
    const created = await g.createAccount(ids.acme, { name: "Checking  1234", type: "ASSET" });
    expect(created.name).toBe("Checking 1234");
  });
});
