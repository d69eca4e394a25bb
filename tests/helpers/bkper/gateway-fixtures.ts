import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { BkperClient, type TokenSource } from "@/lib/books/bkper/client";
import { BkperError } from "@/lib/books/bkper/errors";
import { BkperBookGateway, type BkperBookGatewayOptions } from "@/lib/books/bkper/gateway";
import { BKPER_BATCH_SIZE } from "@/lib/books/bkper/limits";
import type { NewBookTransaction } from "@/lib/books/types";
import { BkperDouble, type Permission, type StoredBook } from "../bkper-double";

/**
 * What the Bkper gateway tests (tests/books/bkper-*.test.ts) share: one Bkper double per test file, a
 * gateway on it, Books, drafts and rejections. Call startBkperDouble() once at the top of a file.
 */

/** The file's double, started by startBkperDouble() (a live binding: read it inside tests and hooks). */
export let double: BkperDouble;
let n = 0;
export const uniq = (p: string) => `${p}-${++n}`;

/** Starts the double before the file's tests, closes it after, and after each test checks it did not crash and resets its hooks and options. */
export function startBkperDouble(): void {
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
    double.options.latencyMs = 0;
    double.options.rateLimit = null;
    double.options.maxBatchSize = BKPER_BATCH_SIZE;
  });
}

/** A TokenSource backed by the double: refresh() issues a new token, or fails like a revoked grant. */
export class DoubleTokens implements TokenSource {
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

/** A gateway for `user` on the double; the client's waits are recorded in `sleeps`, not slept. */
export function setup(user: string, options: BkperBookGatewayOptions = {}, clientOptions: { timeoutMs?: number } = {}) {
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

/** A Book shared with `user` (EDITOR unless told), with a Checking (ASSET) and a Card (LIABILITY) Account unless `extra.accounts` says otherwise. */
export function newBook(user: string, extra: Partial<Parameters<BkperDouble["addBook"]>[0]> = {}, permission: Permission = "EDITOR"): StoredBook {
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

export const acc = (book: StoredBook, name: string) => book.accounts.find((a) => a.name === name)!.id;

export const draft = (book: StoredBook, rid: string, over: Partial<NewBookTransaction> = {}): NewBookTransaction => ({
  date: "2026-03-10",
  amount: "12.34",
  description: `Coffee ${rid}`,
  creditAccountId: acc(book, "Checking"),
  debitAccountId: null,
  remoteIds: [`plaid:${rid}`],
  ...over,
});

/** The error `p` rejects with, checked to be a `type` (BkperError unless told). */
export async function rejection<E extends Error = BkperError>(p: Promise<unknown>, type: abstract new (...args: never[]) => E = BkperError as unknown as abstract new (...args: never[]) => E): Promise<E> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(type);
    return err as E;
  }
  throw new Error("expected a rejection");
}
