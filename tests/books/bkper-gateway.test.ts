import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BkperClient, type TokenSource } from "@/lib/books/bkper/client";
import { BkperError } from "@/lib/books/bkper/errors";
import { BkperBookGateway, supportsDetailedCreate, type BkperBookGatewayOptions } from "@/lib/books/bkper/gateway";
import type { NewBookTransaction } from "@/lib/books/types";
import { AppError } from "@/lib/errors";
import { BkperDouble, type Permission, type StoredBook } from "../helpers/bkper-double";

let double: BkperDouble;
let n = 0;
const uniq = (p: string) => `${p}-${++n}`;

/** A TokenSource backed by the double: refresh() issues a new token, or fails like a revoked grant. */
class DoubleTokens implements TokenSource {
  refreshCalls = 0;
  token: string;
  refreshBehaviour: "ok" | "throw" | "bogus" = "ok";
  constructor(readonly user: string) {
    this.token = double.issueToken(user);
  }
  async getAccessToken(): Promise<string> {
    return this.token;
  }
  async refresh(): Promise<string> {
    this.refreshCalls += 1;
    if (this.refreshBehaviour === "throw") throw new Error(`invalid_grant for ${this.token}`);
    this.token = this.refreshBehaviour === "bogus" ? "ya29.not-a-token" : double.issueToken(this.user);
    return this.token;
  }
}

function setup(user: string, options: BkperBookGatewayOptions = {}, clientOptions: { timeoutMs?: number } = {}) {
  const tokens = new DoubleTokens(user);
  const sleeps: number[] = [];
  const client = new BkperClient({
    tokens,
    baseUrl: double.url,
    retryBaseDelayMs: 5,
    timeoutMs: clientOptions.timeoutMs ?? 5_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { g: new BkperBookGateway(client, options), client, tokens, sleeps };
}

function newBook(user: string, extra: Partial<Parameters<BkperDouble["addBook"]>[0]> = {}, permission: Permission = "EDITOR"): StoredBook {
  return double.addBook({
    name: uniq("Book"),
    permissions: { [user]: permission },
    accounts: [
      { name: "Checking", type: "ASSET" },
      { name: "Card", type: "LIABILITY" },
    ],
    ...extra,
  });
}

const acc = (book: StoredBook, name: string) => book.accounts.find((a) => a.name === name)!.id;

const draft = (book: StoredBook, rid: string, over: Partial<NewBookTransaction> = {}): NewBookTransaction => ({
  date: "2026-03-10",
  amount: "12.34",
  description: `Coffee ${rid}`,
  creditAccountId: acc(book, "Checking"),
  debitAccountId: null,
  remoteIds: [`plaid:${rid}`],
  ...over,
});

async function rejection(p: Promise<unknown>): Promise<BkperError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(BkperError);
    return err as BkperError;
  }
  throw new Error("expected a rejection");
}

beforeAll(async () => {
  double = await BkperDouble.start();
});
afterAll(async () => {
  await double?.close();
});
afterEach(() => {
  expect(double.crashes).toEqual([]);
  double.hooks.beforeBatchCreate = undefined;
  double.hooks.beforeAccountCreate = undefined;
  double.options.duplicateRemoteIds = "return-existing";
  double.options.rejectOr = false;
});

describe("BkperBookGateway: Books", () => {
  it("lists the Books a user can open, with the Bkper permission mapped to our roles", async () => {
    const user = uniq("roles@example.com");
    for (const [name, p] of [
      ["A owner", "OWNER"],
      ["B editor", "EDITOR"],
      ["C record & view", "POSTER"],
      ["D record only", "RECORDER"],
      ["E view only", "VIEWER"],
      ["F none", "NONE"],
    ] as const) {
      double.addBook({ name, permissions: { [user]: p, "someone@example.com": "OWNER" }, properties: name.startsWith("A") ? { exc_code: "brl" } : {} });
    }
    const { g } = setup(user);
    expect((await g.listBooks()).map((b) => `${b.name}:${b.role}:${b.currency}`)).toEqual([
      "A owner:OWNER:BRL",
      "B editor:EDITOR:",
      "C record & view:POSTER:",
      "D record only:RECORDER:",
      "E view only:VIEWER:",
    ]);
    expect(await setup(uniq("nobody@example.com")).g.listBooks()).toEqual([]);
  });

  it("leaves out Books listed with permission NONE or one we do not know; an unstated one is view-only", async () => {
    const { g } = setup(uniq("odd@example.com"));
    const items = [
      { id: "b1", name: "Public", permission: "NONE" },
      { id: "b2", name: "Future", permission: "SUPERUSER" },
      { id: "b3", name: "Plain" },
    ];
    double.fail({ status: 200, body: JSON.stringify({ items }), path: /^\/v5\/books$/ });
    expect(await g.listBooks()).toEqual([{ id: "b3", name: "Plain", role: "VIEWER", currency: "" }]);
  });

  it("reads a Book's fraction digits, time zone, lock and closing dates; unknown or unshared Books are null", async () => {
    const user = uniq("book@example.com");
    const locked = newBook(user, { fractionDigits: 0, timeZone: "America/Sao_Paulo", lockDate: "2026-01-31", closingDate: "2025-12-31", decimalSeparator: "COMMA", datePattern: "dd/MM/yyyy" });
    const open = newBook(user, { properties: { locale: "en-GB", exc_code: "GBP" } });
    const { g } = setup(user);
    expect(await g.getBook(locked.id)).toEqual({
      id: locked.id,
      name: locked.name,
      currency: "",
      fractionDigits: 0,
      timeZone: "America/Sao_Paulo",
      locale: "pt-BR",
      lockDate: "2026-01-31",
      closingDate: "2025-12-31",
    });
    // Unset dates come back as Bkper's "1900-00-00" sentinel: read as null.
    expect(await g.getBook(open.id)).toMatchObject({ lockDate: null, closingDate: null, locale: "en-GB", currency: "GBP", fractionDigits: 2 });
    expect(await g.getBook("no-such-book")).toBeNull();
    const other = double.addBook({ name: uniq("Private"), permissions: { "owner@example.com": "OWNER" } });
    expect(await g.getBook(other.id)).toBeNull();
  });
});

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

describe("BkperBookGateway: Accounts and listing", () => {
  it("creates an Account and refuses a name already taken, whatever its case or spacing", async () => {
    const user = uniq("accounts@example.com");
    const book = newBook(user);
    const { g } = setup(user);
    const created = await g.createAccount(book.id, { name: "  Savings   1234 ", type: "ASSET" });
    expect(created).toMatchObject({ name: "Savings 1234", type: "ASSET", archived: false });
    expect(book.accounts.map((a) => a.name)).toContain("Savings 1234");
    const dup = g.createAccount(book.id, { name: "savings 1234", type: "LIABILITY" });
    await expect(dup).rejects.toBeInstanceOf(AppError);
    await expect(dup).rejects.toMatchObject({ code: "CONFLICT", message: 'An Account named "Savings 1234" already exists in this Book.' });
    // Taken between our check and the create: Bkper's refusal is the same CONFLICT.
    double.hooks.beforeAccountCreate = (b) => {
      b.accounts.push({ id: "acc_race", name: "Visa 9999", type: "LIABILITY", archived: false, createdAt: Date.now() });
    };
    await expect(g.createAccount(book.id, { name: "Visa 9999", type: "LIABILITY" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(g.createAccount(book.id, { name: "   ", type: "ASSET" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await g.listAccounts(book.id)).map((a) => `${a.type}:${a.name}`)).toEqual(["ASSET:Checking", "ASSET:Savings 1234", "LIABILITY:Card", "LIABILITY:Visa 9999"]);
  });

  it("lists transactions across pages, drafts first, filtered by Account, trashed only on request", async () => {
    const user = uniq("list@example.com");
    const book = newBook(user);
    const { g } = setup(user, { pageSize: 40 });
    const card = acc(book, "Card");
    const drafts = Array.from({ length: 95 }, (_, i) => draft(book, `l${i}`, { date: `2026-0${1 + (i % 9)}-1${i % 10}` }));
    drafts.push(...Array.from({ length: 5 }, (_, i) => draft(book, `c${i}`, { creditAccountId: null, debitAccountId: card, date: "2026-02-0" + (i + 1) })));
    await g.createTransactions(book.id, drafts);
    double.insertTransaction(book.id, { date: "2026-01-01", remoteIds: ["manual:1"], posted: true, amount: "5", creditAccountId: acc(book, "Checking"), debitAccountId: card });
    const all = await g.listTransactions(book.id, { limit: 1000 });
    expect(all).toHaveLength(101);
    expect(all.at(-1)!.posted).toBe(true);
    expect(all.slice(0, 100).every((t) => !t.posted)).toBe(true);
    const dates = all.slice(0, 100).map((t) => t.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(double.requests.some((r) => r.path.endsWith("/transactions") && r.cursor)).toBe(true);
    const onCard = await g.listTransactions(book.id, { accountId: card });
    expect(onCard).toHaveLength(6);
    expect(onCard.every((t) => t.creditAccountId === card || t.debitAccountId === card)).toBe(true);
    expect(double.requests.some((r) => r.query.query === "account:'Card'")).toBe(true);
    expect(await g.listTransactions(book.id, { accountId: "acc_missing" })).toEqual([]);
    await g.trashTransaction(book.id, onCard[0]!.id);
    expect(await g.listTransactions(book.id, { accountId: card })).toHaveLength(5);
    const withTrash = await g.listTransactions(book.id, { accountId: card, includeTrashed: true });
    expect(withTrash).toHaveLength(6);
    expect(withTrash.filter((t) => t.trashed)).toHaveLength(1);
    expect(await g.listTransactions(book.id, { limit: 10 })).toHaveLength(10);
  });
});

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
