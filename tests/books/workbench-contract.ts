import { expect, it } from "vitest";
import type { BookGateway } from "@/lib/books/gateway";
import type { BookRoleName, BookTransaction } from "@/lib/books/types";

/**
 * The workbench's behaviour every BookGateway must show (local Books, Bkper through the double):
 * run by tests/books/workbench-local.test.ts and workbench-bkper.test.ts with their own Books.
 */
export type WorkbenchEnv = {
  /** A fresh Book with Accounts Checking (ASSET), Food (OUTGOING), Salary (INCOMING); `gateway(role)` acts as a user with that role. */
  book(): Promise<{ bookId: string; gateway(role: BookRoleName): BookGateway; account(name: string): string; setLock(day: string | null): Promise<void> }>;
};

export function workbenchContract(env: WorkbenchEnv): void {
  let n = 0;
  const bankDraft = async (g: BookGateway, bookId: string, checking: string, over: Partial<{ date: string; amount: string; description: string; in: boolean }> = {}): Promise<BookTransaction> => {
    const incoming = over.in === true;
    const [t] = await g.createTransactions(bookId, [
      {
        date: over.date ?? "2026-03-10",
        amount: over.amount ?? "12.34",
        description: over.description ?? `Coffee ${++n}`,
        creditAccountId: incoming ? null : checking,
        debitAccountId: incoming ? checking : null,
        remoteIds: [`plaid:wb-${++n}-${Math.random().toString(36).slice(2, 8)}`],
        properties: { merchant: "Blue Bottle" },
      },
    ]);
    return t!;
  };
  const find = async (g: BookGateway, bookId: string, t: BookTransaction) => (await g.findByRemoteId(bookId, t.remoteIds[0]!))!;

  it("completes a draft by choosing the other Account, posts, checks, unchecks; remote ids and properties stay", async () => {
    const b = await env.book();
    const g = b.gateway("OWNER");
    const d = await bankDraft(g, b.bookId, b.account("Checking"));
    await expect(g.postTransactions(b.bookId, [d.id])).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/both Accounts/) });

    const done = await g.editTransaction(b.bookId, d.id, { date: "2026-03-11", amount: "-15.5", description: "  Coffee beans ", creditAccountId: b.account("Checking"), debitAccountId: b.account("Food") });
    expect(done).toMatchObject({ id: d.id, date: "2026-03-11", amount: "15.50", description: "Coffee beans", creditAccountId: b.account("Checking"), debitAccountId: b.account("Food"), posted: false, remoteIds: d.remoteIds, properties: { merchant: "Blue Bottle" } });

    await g.postTransactions(b.bookId, [d.id]);
    expect(await find(g, b.bookId, d)).toMatchObject({ posted: true, checked: false });
    await g.postTransactions(b.bookId, [d.id]); // again: nothing to do, no error
    await g.checkTransactions(b.bookId, [d.id]);
    expect(await find(g, b.bookId, d)).toMatchObject({ posted: true, checked: true });
    await expect(g.editTransaction(b.bookId, d.id, { ...done, description: "x" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/checked/) });
    await expect(g.trashTransactions(b.bookId, [d.id])).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/uncheck it first/) });
    await g.uncheckTransactions(b.bookId, [d.id]);
    expect(await find(g, b.bookId, d)).toMatchObject({ posted: true, checked: false, description: "Coffee beans", remoteIds: d.remoteIds });
  });

  it("trashes and restores drafts and posted transactions, to the state they had", async () => {
    const b = await env.book();
    const g = b.gateway("EDITOR");
    const a = await bankDraft(g, b.bookId, b.account("Checking"), { in: true });
    const p = await bankDraft(g, b.bookId, b.account("Checking"));
    await g.editTransaction(b.bookId, p.id, { ...p, debitAccountId: b.account("Food") });
    await g.postTransactions(b.bookId, [p.id]);
    await g.trashTransactions(b.bookId, [a.id, p.id]);
    expect(await find(g, b.bookId, a)).toMatchObject({ trashed: true, posted: false });
    expect(await find(g, b.bookId, p)).toMatchObject({ trashed: true, posted: true });
    await expect(g.postTransactions(b.bookId, [a.id])).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/trash/) });
    await g.restoreTransactions(b.bookId, [a.id, p.id]);
    await g.restoreTransactions(b.bookId, [a.id]); // already out: nothing to do
    expect(await find(g, b.bookId, a)).toMatchObject({ trashed: false, posted: false, debitAccountId: b.account("Checking") });
    expect(await find(g, b.bookId, p)).toMatchObject({ trashed: false, posted: true });
  });

  it("is all-or-nothing: one refused id leaves the others unchanged; unknown ids are NOT_FOUND", async () => {
    const b = await env.book();
    const g = b.gateway("OWNER");
    const ok = await bankDraft(g, b.bookId, b.account("Checking"));
    await g.editTransaction(b.bookId, ok.id, { ...ok, debitAccountId: b.account("Food") });
    const incomplete = await bankDraft(g, b.bookId, b.account("Checking"));
    await expect(g.postTransactions(b.bookId, [ok.id, incomplete.id])).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await find(g, b.bookId, ok)).posted).toBe(false);
    await expect(g.checkTransactions(b.bookId, [ok.id])).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/post it first/) });
    await expect(g.trashTransactions(b.bookId, [ok.id, "tx_doesnotexist000000000"])).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await find(g, b.bookId, ok)).trashed).toBe(false);
    await expect(g.trashTransactions(b.bookId, [])).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("refuses bad edits: unknown Account, both sides the same, a posted one losing a side, a bad amount or date", async () => {
    const b = await env.book();
    const g = b.gateway("OWNER");
    const d = await bankDraft(g, b.bookId, b.account("Checking"));
    const base = { date: d.date, amount: d.amount, description: d.description, creditAccountId: b.account("Checking"), debitAccountId: b.account("Food") };
    await expect(g.editTransaction(b.bookId, d.id, { ...base, debitAccountId: "acc_nope" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(g.editTransaction(b.bookId, d.id, { ...base, debitAccountId: b.account("Checking") })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/different/) });
    await expect(g.editTransaction(b.bookId, d.id, { ...base, amount: "abc" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(g.editTransaction(b.bookId, d.id, { ...base, date: "2026-02-30" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await g.editTransaction(b.bookId, d.id, base);
    await g.postTransactions(b.bookId, [d.id]);
    await expect(g.editTransaction(b.bookId, d.id, { ...base, debitAccountId: null })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/both Accounts/) });
    expect(await find(g, b.bookId, d)).toMatchObject({ debitAccountId: b.account("Food"), posted: true });
  });

  it("respects the lock date: no posting, checking, trashing, restoring or editing on or before it", async () => {
    const b = await env.book();
    const g = b.gateway("OWNER");
    const early = await bankDraft(g, b.bookId, b.account("Checking"), { date: "2026-01-15" });
    const posted = await bankDraft(g, b.bookId, b.account("Checking"), { date: "2026-01-20" });
    await g.editTransaction(b.bookId, early.id, { ...early, debitAccountId: b.account("Food") });
    await g.editTransaction(b.bookId, posted.id, { ...posted, debitAccountId: b.account("Food") });
    await g.postTransactions(b.bookId, [posted.id]);
    await b.setLock("2026-01-31");
    for (const call of [() => g.postTransactions(b.bookId, [early.id]), () => g.checkTransactions(b.bookId, [posted.id]), () => g.trashTransactions(b.bookId, [early.id])]) {
      await expect(call()).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/lock date/) });
    }
    await expect(g.editTransaction(b.bookId, early.id, { ...early, creditAccountId: b.account("Checking"), debitAccountId: b.account("Salary") })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/lock date/) });
    const later = await bankDraft(g, b.bookId, b.account("Checking"), { date: "2026-02-10" });
    await expect(g.editTransaction(b.bookId, later.id, { ...later, date: "2026-01-30", creditAccountId: b.account("Checking"), debitAccountId: b.account("Food") })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await find(g, b.bookId, early)).toMatchObject({ posted: false, trashed: false });
  });

  it("lets each role do only what it may (RECORDER and VIEWER nothing, POSTER completes and posts, EDITOR the rest)", async () => {
    const b = await env.book();
    const owner = b.gateway("OWNER");
    const d = await bankDraft(owner, b.bookId, b.account("Checking"));
    const edit = { date: d.date, amount: d.amount, description: d.description, creditAccountId: b.account("Checking"), debitAccountId: b.account("Food") };
    for (const role of ["VIEWER", "RECORDER"] as const) {
      const g = b.gateway(role);
      await expect(g.editTransaction(b.bookId, d.id, edit)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(g.postTransactions(b.bookId, [d.id])).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(g.trashTransactions(b.bookId, [d.id])).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const poster = b.gateway("POSTER");
    await poster.editTransaction(b.bookId, d.id, edit);
    await poster.postTransactions(b.bookId, [d.id]);
    await expect(poster.checkTransactions(b.bookId, [d.id])).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(poster.trashTransactions(b.bookId, [d.id])).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(poster.editTransaction(b.bookId, d.id, { ...edit, description: "changed" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const editor = b.gateway("EDITOR");
    await editor.editTransaction(b.bookId, d.id, { ...edit, description: "changed" });
    await editor.checkTransactions(b.bookId, [d.id]);
    expect(await find(owner, b.bookId, d)).toMatchObject({ posted: true, checked: true, description: "changed" });
  });

  it("pages newest first through every transaction exactly once, forwards and back, with filters", async () => {
    const b = await env.book();
    const g = b.gateway("OWNER");
    const checking = b.account("Checking");
    const drafts = Array.from({ length: 23 }, (_, i) => ({
      date: `2026-04-${String(1 + (i % 9)).padStart(2, "0")}`,
      amount: String(i + 1),
      description: i % 5 === 0 ? `Rent April ${i}` : `Groceries ${i}`,
      creditAccountId: checking,
      debitAccountId: null,
      remoteIds: [`plaid:page-${i}-${Math.random().toString(36).slice(2, 8)}`],
    }));
    const made = await g.createTransactions(b.bookId, drafts);
    const seen: string[] = [];
    const pages: BookTransaction[][] = [];
    let cursor: string | undefined;
    let prev: string | null = null;
    for (;;) {
      const page = await g.listTransactionPage(b.bookId, { limit: 5, cursor });
      expect(page.previous === null).toBe(pages.length === 0);
      pages.push(page.items);
      seen.push(...page.items.map((t) => t.id));
      prev = page.previous;
      if (!page.next) break;
      cursor = page.next;
    }
    expect(seen.length).toBe(23);
    expect(new Set(seen)).toEqual(new Set(made.map((t) => t.id)));
    const dates = pages.flat().map((t) => t.date);
    expect(dates).toEqual([...dates].sort().reverse());
    // Back from the last page gives the one before it, exactly.
    const back = await g.listTransactionPage(b.bookId, { limit: 5, cursor: prev! });
    expect(back.items.map((t) => t.id)).toEqual(pages[pages.length - 2]!.map((t) => t.id));

    const rent = await g.listTransactionPage(b.bookId, { text: "rent", limit: 50 });
    expect(rent.items.map((t) => t.description).sort()).toEqual(drafts.filter((d) => d.description.startsWith("Rent")).map((d) => d.description).sort());
    const range = await g.listTransactionPage(b.bookId, { from: "2026-04-02", to: "2026-04-03", limit: 50 });
    expect(range.items.length).toBe(drafts.filter((d) => d.date >= "2026-04-02" && d.date <= "2026-04-03").length);
    await g.editTransaction(b.bookId, made[0]!.id, { ...made[0]!, debitAccountId: b.account("Food") });
    await g.postTransactions(b.bookId, [made[0]!.id]);
    await g.trashTransactions(b.bookId, [made[1]!.id]);
    const status = async (s: "draft" | "posted" | "checked" | "trashed" | "all") => (await g.listTransactionPage(b.bookId, { status: s, limit: 50 })).items.map((t) => t.id);
    expect(await status("posted")).toEqual([made[0]!.id]);
    expect(await status("trashed")).toEqual([made[1]!.id]);
    expect((await status("draft")).length).toBe(21);
    expect((await status("all")).length).toBe(22);
    expect(await status("checked")).toEqual([]);
    const food = await g.listTransactionPage(b.bookId, { accountId: b.account("Food"), limit: 50 });
    expect(food.items.map((t) => t.id)).toEqual([made[0]!.id]);
    await expect(g.listTransactionPage(b.bookId, { cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(g.listTransactionPage(b.bookId, { from: "2026-05-01", to: "2026-04-01" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
}
