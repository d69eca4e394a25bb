import { describe, expect, it } from "vitest";
import { supportsDetailedCreate } from "@/lib/books/bkper/gateway";
import { acc, double, draft, newBook, rejection, setup, uniq, startBkperDouble } from "../helpers/bkper/gateway-fixtures";

/** BkperBookGateway on the Bkper double (tests/helpers/bkper-double.ts): creating draft transactions once per remote id. */

startBkperDouble();

describe("BkperBookGateway: creating transactions", () => {
  it("creates a draft per remote id once: asking twice returns the same transaction", async () => {
    const user = uniq("idem@example.com");
    const book = newBook(user);
    const { g } = setup(user);
    expect(supportsDetailedCreate(g)).toBe(true);
    const first = await g.createTransactionsDetailed(book.id, [draft(book, "t1")]);
    const again = await g.createTransactionsDetailed(book.id, [draft(book, "t1")]);
    expect(first.results.map((r) => r.status)).toEqual(["created"]);
    expect(again.results.map((r) => r.status)).toEqual(["existing"]);
    expect(again.results[0]!.transaction!.id).toBe(first.results[0]!.transaction!.id);
    expect(book.transactions).toHaveLength(1);
    expect(first.results[0]!.transaction).toMatchObject({
      date: "2026-03-10",
      amount: "12.34",
      description: "Coffee t1",
      creditAccountId: acc(book, "Checking"),
      debitAccountId: null,
      posted: false,
      trashed: false,
      remoteIds: ["plaid:t1"],
    });
    // What went over the wire: a TransactionList of drafts keyed by remote id.
    const sent = double.requests.filter((r) => r.method === "POST" && r.path === `/v5/books/${book.id}/transactions/batch`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual({
      items: [{ date: "2026-03-10", amount: "12.34", description: "Coffee t1", remoteIds: ["plaid:t1"], draft: true, creditAccount: { id: acc(book, "Checking") } }],
    });
    // The plain interface method: one transaction per draft, same ids.
    expect((await g.createTransactions(book.id, [draft(book, "t1")])).map((t) => t.id)).toEqual([first.results[0]!.transaction!.id]);
  });

  it("handles a batch mixing new and known remote ids, in order, and a remote id repeated in one call", async () => {
    const user = uniq("mix@example.com");
    const book = newBook(user);
    const { g } = setup(user);
    const first = await g.createTransactions(book.id, [draft(book, "a"), draft(book, "b")]);
    const mixed = await g.createTransactionsDetailed(book.id, [draft(book, "b"), draft(book, "c"), draft(book, "a"), draft(book, "c")]);
    expect(mixed.results.map((r) => r.status)).toEqual(["existing", "created", "existing", "existing"]);
    expect(mixed.results[0]!.transaction!.id).toBe(first[1]!.id);
    expect(mixed.results[2]!.transaction!.id).toBe(first[0]!.id);
    expect(mixed.results[3]!.transaction!.id).toBe(mixed.results[1]!.transaction!.id);
    expect(book.transactions.map((t) => t.remoteIds[0]).sort()).toEqual(["plaid:a", "plaid:b", "plaid:c"]);
    // Only the new one was sent.
    const batches = double.requests.filter((r) => r.path === `/v5/books/${book.id}/transactions/batch`);
    expect((batches.at(-1)!.body as { items: unknown[] }).items).toHaveLength(1);
  });

  it("never re-creates a trashed draft: its remote id still finds it", async () => {
    const user = uniq("trash@example.com");
    const book = newBook(user);
    const { g } = setup(user);
    const [t] = await g.createTransactions(book.id, [draft(book, "gone")]);
    await g.trashTransaction(book.id, t!.id);
    await g.trashTransaction(book.id, "tx_unknown"); // already gone: not an error
    expect(await g.listTransactions(book.id)).toEqual([]);
    const again = await g.createTransactionsDetailed(book.id, [draft(book, "gone")]);
    expect(again.results[0]).toMatchObject({ status: "existing", transaction: { id: t!.id, trashed: true } });
    expect((await g.findByRemoteId(book.id, "plaid:gone"))?.id).toBe(t!.id);
    expect(await g.findByRemoteId(book.id, "plaid:never")).toBeNull();
    expect(book.transactions).toHaveLength(1);
  });

  it.each(["return-existing", "omit"] as const)("relies on Bkper's own remote-id de-duplication when a concurrent writer wins the race (batch answer: %s)", async (mode) => {
    double.options.duplicateRemoteIds = mode;
    const user = uniq("race@example.com");
    const book = newBook(user);
    const { g } = setup(user);
    let concurrentId = "";
    double.hooks.beforeBatchCreate = (b) => {
      double.hooks.beforeBatchCreate = undefined;
      concurrentId = double.insertTransaction(b.id, { date: "2026-03-10", amount: "12.34", remoteIds: ["plaid:r1"], creditAccountId: acc(book, "Checking") }).id;
    };
    const out = await g.createTransactionsDetailed(book.id, [draft(book, "r1"), draft(book, "r2")]);
    expect(book.transactions.map((t) => t.remoteIds[0]).sort()).toEqual(["plaid:r1", "plaid:r2"]);
    expect(out.results[0]!.transaction!.id).toBe(concurrentId);
    if (mode === "omit") expect(out.results[0]!.status).toBe("existing");
    expect(out.results[1]!.status).toBe("created");
  });

  it("skips drafts on or before the lock / closing date and says so", async () => {
    const user = uniq("lock@example.com");
    const book = newBook(user, { lockDate: "2026-01-31", closingDate: "2025-12-31" });
    const { g } = setup(user);
    const drafts = [draft(book, "closed", { date: "2025-12-15" }), draft(book, "on-lock", { date: "2026-01-31" }), draft(book, "open", { date: "2026-02-01" })];
    const out = await g.createTransactionsDetailed(book.id, drafts);
    expect(out.results.map((r) => r.status)).toEqual(["skipped-locked", "skipped-locked", "created"]);
    expect(out.results[0]!.reason).toBe("On or before the Book's closing date (2025-12-31).");
    expect(out.results[1]!.reason).toBe("On or before the Book's lock date (2026-01-31).");
    expect(out.results[0]!.transaction).toBeUndefined();
    expect(book.transactions.map((t) => t.date)).toEqual(["2026-02-01"]);
    // The interface method leaves the skipped ones out.
    const plain = await g.createTransactions(book.id, drafts);
    expect(plain.map((t) => t.remoteIds[0])).toEqual(["plaid:open"]);
    // All locked: nothing is sent at all.
    const before = double.count("POST", /\/transactions\/batch$/);
    expect((await g.createTransactionsDetailed(book.id, [drafts[0]!])).results[0]!.status).toBe("skipped-locked");
    expect(double.count("POST", /\/transactions\/batch$/)).toBe(before);
  });

  it("re-reads the Book when Bkper refuses a lock date that moved meanwhile, then skips", async () => {
    const user = uniq("lockmove@example.com");
    const book = newBook(user);
    const { g } = setup(user);
    double.hooks.beforeBatchCreate = (b) => {
      double.hooks.beforeBatchCreate = undefined;
      b.lockDate = "2026-02-15";
    };
    const out = await g.createTransactionsDetailed(book.id, [draft(book, "feb", { date: "2026-02-01" }), draft(book, "mar", { date: "2026-03-01" })]);
    expect(out.results.map((r) => r.status)).toEqual(["skipped-locked", "created"]);
    expect(book.transactions.map((t) => t.date)).toEqual(["2026-03-01"]);
    // If Bkper keeps refusing, the error says it is a locked period.
    double.hooks.beforeBatchCreate = (b) => {
      b.lockDate = b.lockDate === "2026-04-15" ? "2026-05-15" : "2026-04-15";
    };
    const err = await rejection(g.createTransactionsDetailed(book.id, [draft(book, "apr", { date: "2026-04-01" }), draft(book, "may", { date: "2026-05-01" })]));
    expect(err.kind).toBe("LOCKED_PERIOD");
    expect(err.message).toMatch(/lock or closing date/);
  });

  it("falls back to one remote id per query when Bkper refuses OR in a search", async () => {
    const user = uniq("noor@example.com");
    const book = newBook(user);
    const { g } = setup(user);
    await g.createTransactions(book.id, [draft(book, "o1"), draft(book, "o2")]);
    double.options.rejectOr = true;
    const mark = double.requests.length;
    const out = await g.createTransactionsDetailed(book.id, [draft(book, "o1"), draft(book, "o2"), draft(book, "o3")]);
    expect(out.results.map((r) => r.status)).toEqual(["existing", "existing", "created"]);
    expect(book.transactions).toHaveLength(3);
    const searches = double.requests.slice(mark).filter((r) => r.path === `/v5/books/${book.id}/transactions`);
    expect(searches.map((r) => `${r.status} ${r.query.query}`)).toEqual([
      "400 remoteId:'plaid:o1' OR remoteId:'plaid:o2' OR remoteId:'plaid:o3'",
      "200 remoteId:'plaid:o1'",
      "200 remoteId:'plaid:o2'",
      "200 remoteId:'plaid:o3'",
      "200 is:trashed remoteId:'plaid:o3'",
    ]);
  });

  it("rounds amounts to the Book's fraction digits and sends absolute values", async () => {
    const user = uniq("round@example.com");
    const zero = newBook(user, { fractionDigits: 0 });
    const two = newBook(user);
    const { g } = setup(user);
    const z = await g.createTransactions(zero.id, [
      draft(zero, "z1", { amount: "12.5" }),
      draft(zero, "z2", { amount: "-7.49" }),
      draft(zero, "z3", { amount: "1999.999" }),
      draft(zero, "z4", { amount: "0.4" }),
    ]);
    expect(z.map((t) => t.amount)).toEqual(["13", "7", "2000", "0"]);
    expect(zero.transactions.map((t) => t.amount)).toEqual(["13", "7", "2000", undefined]);
    const t = await g.createTransactions(two.id, [draft(two, "t1", { amount: "10.005" }), draft(two, "t2", { amount: "3" }), draft(two, "t3", { amount: "-0.125" })]);
    expect(t.map((x) => x.amount)).toEqual(["10.01", "3.00", "0.13"]);
    expect(two.transactions.map((x) => x.amount)).toEqual(["10.01", "3.00", "0.13"]);
    await expect(g.createTransactions(two.id, [draft(two, "bad", { amount: "12,50" })])).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(g.createTransactions(two.id, [draft(two, "bad", { date: "2026-02-30" })])).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(g.createTransactions(two.id, [draft(two, "x", { remoteIds: ["plaid:it's"] })])).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("splits large inputs into batches and still returns one result per draft", async () => {
    const user = uniq("batch@example.com");
    const book = newBook(user);
    const { g } = setup(user, { batchSize: 10, lookupChunkSize: 7 });
    const drafts = Array.from({ length: 25 }, (_, i) => draft(book, `many-${i}`, { amount: `${i}.10` }));
    const out = await g.createTransactions(book.id, drafts);
    expect(out.map((t) => t.remoteIds[0])).toEqual(drafts.map((d) => d.remoteIds[0]));
    expect(double.requests.filter((r) => r.path === `/v5/books/${book.id}/transactions/batch`)).toHaveLength(3);
    expect((await g.createTransactionsDetailed(book.id, drafts)).results.every((r) => r.status === "existing")).toBe(true);
    expect(book.transactions).toHaveLength(25);
  });
});
