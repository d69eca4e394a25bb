import { expect, it } from "vitest";
import type { BookGateway } from "@/lib/books/gateway";
import type { BookTransaction } from "@/lib/books/types";
import type { WorkbenchEnv } from "./workbench-contract";

/**
 * Transfer pairing's two gateway operations (reshapeTransaction, mergeTransaction), as every
 * BookGateway must do them (local Books; Bkper through the double): run by
 * tests/books/workbench-local.test.ts and workbench-bkper.test.ts with their own Books.
 */
export function transferOpsContract(env: WorkbenchEnv): void {
  const rid = (what: string) => `plaid:${what}-${Math.random().toString(36).slice(2, 10)}`;
  const draft = async (g: BookGateway, bookId: string, over: { credit?: string | null; debit?: string | null; remoteId: string; amount?: string; date?: string; description?: string }): Promise<BookTransaction> => {
    const [t] = await g.createTransactions(bookId, [
      { date: over.date ?? "2026-03-10", amount: over.amount ?? "512.40", description: over.description ?? "PAYMENT TO CARD 3605", creditAccountId: over.credit ?? null, debitAccountId: over.debit ?? null, remoteIds: [over.remoteId], properties: { provider: "plaid" } },
    ]);
    return t!;
  };

  it("reshape fills the empty side of a draft and adds the other side's remote ids; repeated, it changes nothing", async () => {
    const b = await env.book();
    const g = b.gateway("OWNER");
    const card = (await g.createAccount(b.bookId, { name: "Card 3605", type: "LIABILITY" })).id;
    const [r1, r2, r2p] = [rid("out"), rid("in"), rid("in-pending")];
    const d = await draft(g, b.bookId, { credit: b.account("Checking"), remoteId: r1 });
    const change = { debitAccountId: card, amount: "509.90", addRemoteIds: [r2, r2p] };
    const t = await g.reshapeTransaction(b.bookId, d.id, change);
    expect(t).toMatchObject({ id: d.id, creditAccountId: b.account("Checking"), debitAccountId: card, amount: "509.90", posted: false, properties: { provider: "plaid" } });
    expect(t.remoteIds).toEqual([r1, r2, r2p].sort());
    for (const r of [r1, r2, r2p]) expect((await g.findByRemoteId(b.bookId, r))?.id).toBe(d.id);
    expect(await g.reshapeTransaction(b.bookId, d.id, change)).toEqual(t);
    // Creating by one of the added ids finds it: the card side can never arrive a second time.
    const [again] = await g.createTransactions(b.bookId, [{ date: "2026-03-13", amount: "509.90", description: "AUTOPAY", creditAccountId: null, debitAccountId: card, remoteIds: [r2] }]);
    expect(again?.id).toBe(d.id);
  });

  it("reshape refuses what would break the Book: a remote id held elsewhere, checked, a posted one losing a side, bad Accounts, unknown ids", async () => {
    const b = await env.book();
    const g = b.gateway("OWNER");
    const card = (await g.createAccount(b.bookId, { name: "Card 1111", type: "LIABILITY" })).id;
    const a = await draft(g, b.bookId, { credit: b.account("Checking"), remoteId: rid("a") });
    const other = await draft(g, b.bookId, { debit: card, remoteId: rid("b") });
    await expect(g.reshapeTransaction(b.bookId, a.id, { addRemoteIds: other.remoteIds })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/another transaction/) });
    await expect(g.reshapeTransaction(b.bookId, a.id, { debitAccountId: b.account("Checking") })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(g.reshapeTransaction(b.bookId, a.id, { debitAccountId: "acc_nope" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(g.reshapeTransaction(b.bookId, "tx_doesnotexist000000000", { debitAccountId: card })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await g.findByRemoteId(b.bookId, a.remoteIds[0]!))!).toEqual(a);
    await g.reshapeTransaction(b.bookId, a.id, { debitAccountId: card });
    await g.postTransactions(b.bookId, [a.id]);
    await expect(g.reshapeTransaction(b.bookId, a.id, { debitAccountId: null })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/both Accounts/) });
    await g.checkTransactions(b.bookId, [a.id]);
    await expect(g.reshapeTransaction(b.bookId, a.id, { amount: "1.00" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/checked/) });
    expect((await g.findByRemoteId(b.bookId, a.remoteIds[0]!))!).toMatchObject({ amount: "512.40", debitAccountId: card, checked: true });
  });

  it("reshape back to one side (a split): the side's remote ids leave, so that side can be created again on its own", async () => {
    const b = await env.book();
    const g = b.gateway("EDITOR");
    const card = (await g.createAccount(b.bookId, { name: "Card 2222", type: "LIABILITY" })).id;
    const [r1, r2] = [rid("out"), rid("in")];
    const d = await draft(g, b.bookId, { credit: b.account("Checking"), remoteId: r1 });
    await g.reshapeTransaction(b.bookId, d.id, { debitAccountId: card, addRemoteIds: [r2] });
    const back = await g.reshapeTransaction(b.bookId, d.id, { debitAccountId: null, removeRemoteIds: [r2], amount: "512.40" });
    expect(back).toMatchObject({ creditAccountId: b.account("Checking"), debitAccountId: null, remoteIds: [r1] });
    const [card2] = await g.createTransactions(b.bookId, [{ date: "2026-03-13", amount: "512.40", description: "AUTOPAY", creditAccountId: null, debitAccountId: card, remoteIds: [r2] }]);
    expect(card2!.id).not.toBe(d.id);
    expect((await g.findByRemoteId(b.bookId, r2))?.id).toBe(card2!.id);
  });

  it("merge retires one draft into another: its remote ids move, it is trashed; repeated, it changes nothing", async () => {
    const b = await env.book();
    const g = b.gateway("OWNER");
    const card = (await g.createAccount(b.bookId, { name: "Card 3333", type: "LIABILITY" })).id;
    const [r1, r2] = [rid("out"), rid("in")];
    const survivor = await draft(g, b.bookId, { credit: b.account("Checking"), remoteId: r1 });
    const retired = await draft(g, b.bookId, { debit: card, remoteId: r2, date: "2026-03-13", description: "AUTOPAY PAYMENT - THANK YOU" });
    const merged = await g.mergeTransaction(b.bookId, retired.id, survivor.id, [r2]);
    expect(merged.remoteIds).toEqual([r1, r2].sort());
    expect((await g.findByRemoteId(b.bookId, r2))?.id).toBe(survivor.id);
    const listed = await g.listTransactions(b.bookId, { includeTrashed: true });
    expect(listed.find((t) => t.id === retired.id)).toMatchObject({ trashed: true });
    expect((await g.mergeTransaction(b.bookId, retired.id, survivor.id, [r2])).remoteIds).toEqual([r1, r2].sort());
    // Then the other side is set: one transaction From checking To card, carrying both ids.
    const done = await g.reshapeTransaction(b.bookId, survivor.id, { debitAccountId: card });
    expect(done).toMatchObject({ creditAccountId: b.account("Checking"), debitAccountId: card, trashed: false });
    // Into a checked transaction: refused, nothing moves.
    const third = await draft(g, b.bookId, { debit: card, remoteId: rid("x") });
    await g.postTransactions(b.bookId, [survivor.id]);
    await g.checkTransactions(b.bookId, [survivor.id]);
    await expect(g.mergeTransaction(b.bookId, third.id, survivor.id, third.remoteIds)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await g.findByRemoteId(b.bookId, third.remoteIds[0]!))).toMatchObject({ id: third.id, trashed: false });
  });
}
