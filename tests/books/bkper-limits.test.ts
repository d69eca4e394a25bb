import { describe, expect, it } from "vitest";
import { BkperClient } from "@/lib/books/bkper/client";
import { BkperBookGateway } from "@/lib/books/bkper/gateway";
import { BKPER_BATCH_SIZE, CallRateLimiter, type LimiterClock } from "@/lib/books/bkper/limits";
import type { StoredBook } from "../helpers/bkper-double";
import { double, DoubleTokens, draft, newBook, rejection, setup, startBkperDouble, uniq } from "../helpers/bkper/gateway-fixtures";

/** Bkper's limits (lib/books/bkper/limits.ts): the batch size, the call rate and its 429s, on the Bkper double. */

startBkperDouble();

const drafts = (book: StoredBook, prefix: string, n: number) => Array.from({ length: n }, (_, i) => draft(book, `${prefix}-${i}`));
const batchSizes = (book: StoredBook) =>
  double.requests.filter((r) => r.method === "POST" && r.path === `/v5/books/${book.id}/transactions/batch` && r.status === 200).map((r) => (r.body as { items: unknown[] }).items.length);
const searches = (book: StoredBook) => double.count("GET", new RegExp(`^/v5/books/${book.id}/transactions$`));
/** Every remote id of the Book held by exactly one transaction, and how many there are. */
function onceEach(book: StoredBook): number {
  const ids = book.transactions.flatMap((t) => t.remoteIds);
  expect(new Set(ids).size).toBe(ids.length);
  return ids.length;
}

/** A clock that only moves when slept on: what the limiter waits for, exactly. */
function fakeClock(): LimiterClock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe("CallRateLimiter", () => {
  it("lets a burst through, then paces calls at the rate, in order", async () => {
    const clock = fakeClock();
    const limiter = new CallRateLimiter(5, 2, clock);
    const start = clock.now();
    const at: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => limiter.take().then(() => at.push(clock.now() - start))));
    // Two at once (the burst), then one every 200 ms.
    expect(at).toEqual([0, 0, 200, 400, 600, 800]);
  });

  it("holds every caller after a 429 until the Retry-After, then starts from an empty bucket", async () => {
    const clock = fakeClock();
    const limiter = new CallRateLimiter(10, 10, clock);
    const start = clock.now();
    limiter.holdFor(1_000);
    await limiter.take();
    expect(clock.now() - start).toBeGreaterThanOrEqual(1_100); // the hold, then a token's worth
  });
});

describe("BkperBookGateway: Bkper's batch size", () => {
  it("sends at most 100 transactions per batch, even when asked for bigger batches", async () => {
    const user = uniq("batch@example.com");
    const book = newBook(user);
    const { g } = setup(user, { batchSize: 500 });
    const made = await g.createTransactions(book.id, drafts(book, "b", 250));
    expect(made).toHaveLength(250);
    expect(new Set(made.map((t) => t.id)).size).toBe(250);
    expect(batchSizes(book)).toEqual([BKPER_BATCH_SIZE, BKPER_BATCH_SIZE, 50]);
    expect(onceEach(book)).toBe(250);
  });

  it("the double refuses a batch over Bkper's size (so the test above would fail if the gateway sent one)", async () => {
    const user = uniq("toobig@example.com");
    const book = newBook(user);
    const { client } = setup(user);
    const items = drafts(book, "big", BKPER_BATCH_SIZE + 1).map((d) => ({ date: d.date, amount: d.amount, description: d.description, remoteIds: d.remoteIds, draft: true }));
    const err = await rejection(client.createTransactionsBatch(book.id, items));
    expect(err).toMatchObject({ kind: "INVALID_REQUEST" });
    expect(book.transactions).toHaveLength(0);
  });
});

describe("BkperBookGateway: first attempts without the remote-id search", () => {
  it("a first attempt costs the batches only; a retry searches first; neither creates anything twice", async () => {
    const user = uniq("first@example.com");
    const book = newBook(user);
    const { g } = setup(user);
    const all = drafts(book, "f", 300);
    await g.getBook(book.id); // as the poster does before posting: the create reuses it
    const before = double.requests.length;
    await g.createTransactions(book.id, all.slice(0, 200), { firstAttempt: true });
    const calls = double.requests.slice(before).map((r) => `${r.method} ${r.path.replace(book.id, "{id}")}`);
    expect(calls).toEqual(["POST /v5/books/{id}/transactions/batch", "POST /v5/books/{id}/transactions/batch"]);
    // The same drafts again as a retry (the poster's second attempt), with 100 new ones.
    const searched = searches(book);
    const again = await g.createTransactionsDetailed(book.id, all, { firstAttempt: false });
    expect(searches(book)).toBeGreaterThan(searched);
    expect(again.results.filter((r) => r.status === "existing")).toHaveLength(200);
    expect(again.results.filter((r) => r.status === "created")).toHaveLength(100);
    expect(onceEach(book)).toBe(300);
  });

  for (const mode of ["return-existing", "omit", "refuse"] as const) {
    it(`a draft already in the Book sent as a first attempt (a crash after the call) is not created twice — Bkper answering "${mode}"`, async () => {
      const user = uniq(`crash-${mode}@example.com`);
      const book = newBook(user);
      const { g } = setup(user);
      const sent = await g.createTransactions(book.id, drafts(book, "c", 3));
      double.options.duplicateRemoteIds = mode;
      const out = await g.createTransactions(book.id, drafts(book, "c", 5), { firstAttempt: true });
      expect(out).toHaveLength(5);
      expect(out.slice(0, 3).map((t) => t.id)).toEqual(sent.map((t) => t.id));
      expect(onceEach(book)).toBe(5);
    });
  }
});

describe("BkperBookGateway: Bkper's rate limit", () => {
  it("backs off on 429 with Retry-After and creates every transaction once", async () => {
    const user = uniq("429@example.com");
    const book = newBook(user);
    const { g, sleeps } = setup(user);
    double.fail({ status: 429, times: 2, retryAfter: "1", path: /\/transactions\/batch$/ });
    const made = await g.createTransactions(book.id, drafts(book, "r", 230), { firstAttempt: true });
    expect(made).toHaveLength(230);
    expect(sleeps.filter((ms) => ms === 1_000)).toHaveLength(2);
    expect(onceEach(book)).toBe(230);
  });

  it("when the 429s outlast the retries it fails; the retry that follows creates the rest, none twice", async () => {
    const user = uniq("429-long@example.com");
    const book = newBook(user);
    const { g } = setup(user, { batchesInFlight: 1 });
    const all = drafts(book, "l", 300);
    // The first batch goes through, then Bkper says "too fast" more often than the client retries.
    let batches = 0;
    double.hooks.beforeBatchCreate = () => {
      batches += 1;
      if (batches === 1) double.fail({ status: 429, times: 4, retryAfter: "1", path: /\/transactions\/batch$/ });
    };
    const err = await rejection(g.createTransactions(book.id, all, { firstAttempt: true }));
    expect(err).toMatchObject({ kind: "RATE_LIMITED", retryAfterSeconds: 1 });
    expect(onceEach(book)).toBe(100);
    double.hooks.beforeBatchCreate = undefined;
    const made = await g.createTransactions(book.id, all, { firstAttempt: false });
    expect(made).toHaveLength(300);
    expect(onceEach(book)).toBe(300);
  });

  it("paced by the limiter, a Book under Bkper's rate limit never answers 429; unpaced, the client backs off and still loses nothing", async () => {
    const user = uniq("paced@example.com");
    const book = newBook(user);
    double.options.rateLimit = { callsPerSecond: 20, burst: 2 };
    const tokens = new DoubleTokens(user);
    // Paced a little under Bkper's rate: calls the limiter spaced out may still arrive bunched.
    const paced = new BkperBookGateway(new BkperClient({ tokens, baseUrl: double.url, rateLimiter: new CallRateLimiter(15, 2) }));
    const refusedBefore = double.rateLimited;
    expect(await paced.createTransactions(book.id, drafts(book, "p", 800), { firstAttempt: true })).toHaveLength(800);
    expect(double.rateLimited - refusedBefore).toBe(0);
    // Without the limiter, at a rate the double's work cannot keep under however loaded the machine:
    // Bkper refuses some calls, the client waits its Retry-After.
    double.options.rateLimit = { callsPerSecond: 4, burst: 2 };
    const waits: number[] = [];
    const unpaced = new BkperBookGateway(new BkperClient({ tokens, baseUrl: double.url, onRetry: (i) => waits.push(i.delayMs) }), { batchesInFlight: 2 });
    expect(await unpaced.createTransactions(book.id, drafts(book, "u", 800), { firstAttempt: true })).toHaveLength(800);
    expect(double.rateLimited - refusedBefore).toBeGreaterThan(0);
    expect(waits.every((ms) => ms === 1_000)).toBe(true);
    expect(onceEach(book)).toBe(1_600);
  }, 30_000);
});
