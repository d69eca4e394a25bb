import { describe, expect, it } from "vitest";
import { BkperClient } from "@/lib/books/bkper/client";
import { double, draft, newBook, rejection, setup, uniq, startBkperDouble } from "../helpers/bkper/gateway-fixtures";

/** BkperClient on the Bkper double (tests/helpers/bkper-double.ts): tokens, retries and errors. */

startBkperDouble();

describe("BkperClient: tokens, retries and errors", () => {
  it("refreshes an expired Google token once and retries, shared by concurrent calls", async () => {
    const user = uniq("token@example.com");
    const book = newBook(user);
    const { g, tokens } = setup(user);
    double.expireToken(tokens.token);
    const expired = tokens.token;
    expect((await g.listBooks()).map((b) => b.id)).toEqual([book.id]);
    expect(tokens.refreshCalls).toBe(1);
    expect(tokens.token).not.toBe(expired);
    double.expireToken(tokens.token);
    const lists = await Promise.all([g.listAccounts(book.id), g.listAccounts(book.id), g.listAccounts(book.id)]);
    expect(lists.every((l) => l.length === 2)).toBe(true);
    expect(tokens.refreshCalls).toBe(2);
  });

  it("asks the user to sign in again when the refresh fails or the new token is refused too", async () => {
    const user = uniq("signin@example.com");
    const book = newBook(user);
    const { g, tokens } = setup(user);
    double.expireToken(tokens.token);
    tokens.refreshBehaviour = "throw";
    const stale = tokens.token;
    const err = await rejection(g.listAccounts(book.id));
    expect(err).toMatchObject({ kind: "SIGN_IN_REQUIRED", code: "UNAUTHENTICATED" });
    expect(err.message).toMatch(/Sign in again with Google/);
    expect(tokens.refreshCalls).toBe(1);
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(stale);
    tokens.refreshBehaviour = "bogus";
    const again = await rejection(g.listAccounts(book.id));
    expect(again.kind).toBe("SIGN_IN_REQUIRED");
    expect(tokens.refreshCalls).toBe(2);
  });

  it("maps permission and not-found answers to clear messages", async () => {
    const user = uniq("perm@example.com");
    const viewed = newBook(user, {}, "VIEWER");
    const { g } = setup(user);
    const noAccount = await rejection(g.createAccount(viewed.id, { name: "Visa", type: "LIABILITY" }));
    expect(noAccount).toMatchObject({ kind: "PERMISSION_DENIED", code: "FORBIDDEN", status: 403, message: "You need the Editor role on this Bkper Book." });
    const noPosting = await rejection(g.createTransactions(viewed.id, [draft(viewed, "v1")]));
    expect(noPosting.message).toBe("You need the Editor role on this Bkper Book.");
    expect(viewed.transactions).toHaveLength(0);
    const missing = await rejection(g.listAccounts("no-such-book"));
    expect(missing).toMatchObject({ kind: "NOT_FOUND", code: "NOT_FOUND", message: "This Bkper Book was not found, or it is not shared with your Google account." });
  });

  it("waits as Retry-After says on 429, and reports the wait when it is too long", async () => {
    const user = uniq("rate@example.com");
    const book = newBook(user);
    const { g, sleeps } = setup(user);
    double.fail({ status: 429, retryAfter: "2", path: /\/accounts$/ });
    expect(await g.listAccounts(book.id)).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
    double.fail({ status: 429, retryAfter: "120", path: /\/accounts$/ });
    const err = await rejection(g.listAccounts(book.id));
    expect(err).toMatchObject({ kind: "RATE_LIMITED", retryAfterSeconds: 120, retryable: true });
    expect(err.message).toBe("Bkper is limiting requests right now. Try again in 2 minutes.");
    expect(sleeps).toEqual([2000]); // did not sit out two minutes
    double.fail({ status: 429, times: 4, retryAfter: "1", path: /\/accounts$/ });
    expect((await rejection(g.listAccounts(book.id))).message).toBe("Bkper is limiting requests right now. Try again in 1 second.");
  });

  it("retries 5xx with backoff and succeeds; gives up after the bound with a clear error", async () => {
    const user = uniq("flaky@example.com");
    const book = newBook(user);
    const { g, sleeps } = setup(user);
    double.fail({ status: 500, times: 2, path: /\/transactions\/batch$/ });
    const out = await g.createTransactions(book.id, [draft(book, "f1")]);
    expect(out).toHaveLength(1);
    expect(sleeps).toHaveLength(2);
    expect(book.transactions).toHaveLength(1);
    double.fail({ status: 503, times: 10, body: "<html>Service Unavailable</html>", path: new RegExp(`/v5/books/${book.id}$`) });
    const before = double.count("GET", new RegExp(`/v5/books/${book.id}$`));
    const err = await rejection(g.getBook(book.id));
    expect(err).toMatchObject({ kind: "UNAVAILABLE", status: 503, retryable: true });
    expect(err.message).toBe("Bkper is not answering properly right now (HTTP 503). Try again later.");
    expect(double.count("GET", new RegExp(`/v5/books/${book.id}$`)) - before).toBe(4);
  });

  it("turns malformed answers into a typed error instead of crashing", async () => {
    const user = uniq("malformed@example.com");
    const book = newBook(user);
    const { g } = setup(user);
    double.fail({ status: 200, body: "{not json", path: /\/accounts$/ });
    const notJson = await rejection(g.listAccounts(book.id));
    expect(notJson).toMatchObject({ kind: "BAD_RESPONSE", code: "INTERNAL" });
    expect(notJson.message).toMatch(/^Bkper sent a response we could not read \(GET \/v5\/books\/\{id\}\/accounts: not JSON\)/);
    double.fail({ status: 200, body: JSON.stringify({ items: [{ id: 42, name: null }] }), path: /\/accounts$/ });
    expect((await rejection(g.listAccounts(book.id))).message).toMatch(/unexpected shape at items\.0\.id/);
    double.fail({ status: 200, body: JSON.stringify({ items: "nope" }), path: /^\/v5\/books$/ });
    expect((await rejection(g.listBooks())).kind).toBe("BAD_RESPONSE");
  });

  it("times out a silent Bkper, retries, and a late batch still creates nothing twice", async () => {
    const user = uniq("slow@example.com");
    const book = newBook(user);
    const { g } = setup(user, {}, { timeoutMs: 300 });
    double.fail({ delayMs: 900, path: /\/transactions\/batch$/ });
    const out = await g.createTransactions(book.id, [draft(book, "slow1")]);
    expect(out).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 900)); // the abandoned request completes now
    expect(book.transactions).toHaveLength(1);
    double.fail({ delayMs: 900, times: 4, path: /\/accounts$/ });
    const err = await rejection(g.listAccounts(book.id));
    expect(err).toMatchObject({ kind: "TIMEOUT", message: "Bkper did not answer in time. Try again later." });
  });

  it("is held to the api-types shapes by the double: unknown fields are refused like Bkper does", async () => {
    const user = uniq("shape@example.com");
    const book = newBook(user);
    const { client } = setup(user);
    const bad = { date: "2026-03-01", amount: "1.00", remoteIds: ["x:1"], memo: "not a Bkper field" } as unknown as Parameters<BkperClient["createTransactionsBatch"]>[1][number];
    const err = await rejection(client.createTransactionsBatch(book.id, [bad]));
    expect(err).toMatchObject({ kind: "INVALID_REQUEST", status: 400 });
    expect(err.message).toMatch(/Unknown name "memo"/);
    const tooPrecise = await rejection(client.createTransactionsBatch(book.id, [{ date: "2026-03-01", amount: "1.005", remoteIds: ["x:2"] }]));
    expect(tooPrecise.message).toMatch(/3 decimals/);
    expect(book.transactions).toHaveLength(0);
  });
});
