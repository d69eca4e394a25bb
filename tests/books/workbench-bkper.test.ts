import { describe, expect, it } from "vitest";
import type { BookRoleName } from "@/lib/books/types";
import { double, setup, startBkperDouble, uniq } from "../helpers/bkper/gateway-fixtures";
import { transferOpsContract } from "./transfer-ops-contract";
import { workbenchContract, type WorkbenchEnv } from "./workbench-contract";

startBkperDouble();

describe("Bkper Books workbench (REST v5 batch PATCHes, against the double)", () => {
  const env: WorkbenchEnv = {
    async book() {
      const roles: BookRoleName[] = ["OWNER", "EDITOR", "POSTER", "RECORDER", "VIEWER"];
      const users = roles.map((r) => uniq(`${r.toLowerCase()}@example.com`));
      const book = double.addBook({
        name: uniq("Workbench"),
        permissions: Object.fromEntries(users.map((u, i) => [u, roles[i]!])),
        accounts: [
          { name: "Checking", type: "ASSET" },
          { name: "Food", type: "OUTGOING" },
          { name: "Salary", type: "INCOMING" },
        ],
      });
      const gateways = new Map(roles.map((r, i) => [r, setup(users[i]!).g]));
      return {
        bookId: book.id,
        gateway: (role) => gateways.get(role)!,
        account: (name) => book.accounts.find((a) => a.name === name)!.id,
        setLock: async (day) => {
          book.lockDate = day;
        },
      };
    },
  };
  workbenchContract(env);
  transferOpsContract(env);
});

describe("Bkper workbench requests", () => {
  it("sends the batch PATCHes Bkper documents, with the transactions as read, in batches", async () => {
    const user = uniq("wire@example.com");
    const book = double.addBook({ name: uniq("Wire"), permissions: { [user]: "OWNER" }, accounts: [{ name: "Checking", type: "ASSET" }, { name: "Food", type: "OUTGOING" }] });
    const [checking, food] = book.accounts.map((a) => a.id);
    const ids = Array.from({ length: 5 }, (_, i) => double.insertTransaction(book.id, { date: "2026-03-01", amount: String(i + 1), creditAccountId: checking, debitAccountId: food, remoteIds: [`r:${uniq("w")}`], properties: { p: "v" } }).id);
    const g = setup(user, { batchSize: 2 }).g;
    const before = double.requests.length;
    await g.postTransactions(book.id, ids);
    await g.checkTransactions(book.id, ids.slice(0, 1));
    await g.uncheckTransactions(book.id, ids.slice(0, 1));
    await g.trashTransactions(book.id, ids.slice(0, 1));
    await g.restoreTransactions(book.id, ids.slice(0, 1));
    const patches = double.requests.slice(before).filter((r) => r.method === "PATCH");
    expect(patches.map((r) => r.path.replace(`/v5/books/${book.id}/`, ""))).toEqual([
      "transactions/post/batch",
      "transactions/post/batch",
      "transactions/post/batch",
      "transactions/check/batch",
      "transactions/uncheck/batch",
      "transactions/trash/batch",
      "transactions/untrash/batch",
    ]);
    expect(patches.map((r) => (r.body as { items: unknown[] }).items.length)).toEqual([2, 2, 1, 1, 1, 1, 1]);
    expect((patches[0]!.body as { items: Record<string, unknown>[] }).items[0]).toMatchObject({ id: ids[0], remoteIds: expect.any(Array), properties: { p: "v" } });
    expect(patches[5]!.query).toEqual({ trashChecked: "false" });
    expect(book.transactions.every((t) => t.posted && !t.checked && !t.trashed)).toBe(true);
    // Nothing to change: nothing sent.
    const n = double.count("PATCH", /batch$/);
    await g.postTransactions(book.id, ids);
    expect(double.count("PATCH", /batch$/)).toBe(n);
  });

  it("the double refuses what Bkper refuses even when the gateway's own checks are skipped", async () => {
    const user = uniq("raw@example.com");
    const book = double.addBook({ name: uniq("Raw"), permissions: { [user]: "POSTER" }, accounts: [{ name: "Checking", type: "ASSET" }] });
    const t = double.insertTransaction(book.id, { date: "2026-03-01", amount: "5", creditAccountId: book.accounts[0]!.id, remoteIds: ["r:raw"] });
    const { client } = setup(user);
    await expect(client.patchTransactionsBatch(book.id, "post", [{ id: t.id }])).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/incomplete/) });
    await expect(client.patchTransactionsBatch(book.id, "check", [{ id: t.id }])).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(t).toMatchObject({ posted: false, checked: false });
  });
});
