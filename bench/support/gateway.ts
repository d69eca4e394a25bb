import type { BookGateway } from "@/lib/books/gateway";
import { dateFromIso, LocalBookGateway } from "@/lib/books/local/gateway";
import type { AccountType, BookTransaction, NewBookTransaction, TransactionPatch } from "@/lib/books/types";
import { newId } from "@/lib/connections/secret";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

/** What the bench learns from the Book calls the engine makes. */
export type GatewayStats = {
  createCalls: number;
  created: number;
  failedCalls: number;
  firstError: string | null;
  /** performance.now() when the first / the last createTransactions call returned transactions. */
  firstCreatedAt: number | null;
  lastCreatedAt: number | null;
  /**
   * Time box (performance.now() ms): after it, createTransactions refuses without calling the
   * Book, which the poster treats like a Book outage (marks the rows for retry) and its round ends
   * soon; without it a round of 1,000 postings on the slow path could overrun by half a minute.
   */
  deadline: number | null;
  refusedCalls: number;
  /** Reads a statement counter at each successful createTransactions (time-boxed runs stop counting there). */
  snapshot: (() => number) | null;
  statementsAtLastCreate: number | null;
  reset(): void;
};

export function gatewayStats(): GatewayStats {
  return {
    createCalls: 0,
    created: 0,
    failedCalls: 0,
    firstError: null,
    firstCreatedAt: null,
    lastCreatedAt: null,
    deadline: null,
    refusedCalls: 0,
    snapshot: null,
    statementsAtLastCreate: null,
    reset() {
      this.createCalls = 0;
      this.created = 0;
      this.failedCalls = 0;
      this.firstError = null;
      this.firstCreatedAt = null;
      this.lastCreatedAt = null;
      this.deadline = null;
      this.refusedCalls = 0;
      this.snapshot = null;
      this.statementsAtLastCreate = null;
    },
  };
}

/** Delegates every call to the real gateway; notes createTransactions' timing and failures. */
export class InstrumentedGateway implements BookGateway {
  constructor(
    private readonly inner: BookGateway,
    private readonly stats: GatewayStats,
  ) {}
  listBooks() {
    return this.inner.listBooks();
  }
  getBook(bookId: string) {
    return this.inner.getBook(bookId);
  }
  listAccounts(bookId: string) {
    return this.inner.listAccounts(bookId);
  }
  createAccount(bookId: string, account: { name: string; type: AccountType }) {
    return this.inner.createAccount(bookId, account);
  }
  listTransactions(bookId: string, filter?: { accountId?: string; includeTrashed?: boolean; limit?: number }) {
    return this.inner.listTransactions(bookId, filter);
  }
  findByRemoteId(bookId: string, remoteId: string) {
    return this.inner.findByRemoteId(bookId, remoteId);
  }
  trashTransaction(bookId: string, transactionId: string) {
    return this.inner.trashTransaction(bookId, transactionId);
  }
  updateTransaction(bookId: string, transactionId: string, patch: TransactionPatch) {
    return this.inner.updateTransaction(bookId, transactionId, patch);
  }
  async createTransactions(bookId: string, drafts: NewBookTransaction[]): Promise<BookTransaction[]> {
    if (this.stats.deadline !== null && performance.now() > this.stats.deadline) {
      this.stats.refusedCalls++;
      throw new Error("bench time box reached");
    }
    this.stats.createCalls++;
    try {
      const made = await this.inner.createTransactions(bookId, drafts);
      if (made.length) {
        const at = performance.now();
        this.stats.firstCreatedAt ??= at;
        this.stats.lastCreatedAt = at;
        this.stats.statementsAtLastCreate = this.stats.snapshot?.() ?? null;
      }
      this.stats.created += made.length;
      return made;
    } catch (err) {
      this.stats.failedCalls++;
      this.stats.firstError ??= err instanceof Error ? err.message.replace(/\s+/g, " ").slice(0, 300) : String(err);
      throw err;
    }
  }
}

/**
 * WHAT-IF, not the app's code: LocalBookGateway.createTransactions with multi-row inserts — one
 * look-up of known remote ids, one INSERT for the batch's ledger_transactions and one for its
 * ledger_remote_ids, instead of one nested create (INSERT + INSERT + SELECT … include) per draft.
 * Same contract: one result per draft, in order; a draft whose remote id is already in the Book
 * (or earlier in the batch) returns that transaction; a concurrent writer's unique violation makes
 * the caller retry, which then finds and reuses its rows. The bench measures it next to the real one.
 */
export class BatchedLocalBookGateway extends LocalBookGateway {
  constructor(
    private readonly prisma: PrismaClient,
    userId: string,
  ) {
    super(prisma, userId);
  }

  override async createTransactions(bookId: string, drafts: NewBookTransaction[]): Promise<BookTransaction[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.createBatched(bookId, drafts);
      } catch (err) {
        if (attempt < 2 && err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") continue;
        throw err;
      }
    }
  }

  private createBatched(bookId: string, drafts: NewBookTransaction[]): Promise<BookTransaction[]> {
    return this.prisma.$transaction(async (tx) => {
      const wanted = [...new Set(drafts.flatMap((d) => d.remoteIds))];
      const book = await tx.book.findUniqueOrThrow({ where: { id: bookId }, select: { fractionDigits: true } });
      const existing = await tx.ledgerRemoteId.findMany({
        where: { bookId, remoteId: { in: wanted } },
        select: { remoteId: true, transaction: { include: { remoteIds: { select: { remoteId: true } } } } },
      });
      const fromRow = (r: (typeof existing)[number]["transaction"]): BookTransaction => ({
        id: r.id,
        date: r.date.toISOString().slice(0, 10),
        amount: r.amount.toFixed(book.fractionDigits),
        description: r.description,
        creditAccountId: r.creditAccountId,
        debitAccountId: r.debitAccountId,
        posted: r.posted,
        checked: r.checked,
        trashed: r.trashed,
        remoteIds: r.remoteIds.map((x) => x.remoteId).sort(),
        properties: Object.fromEntries(Object.entries(r.properties && typeof r.properties === "object" && !Array.isArray(r.properties) ? r.properties : {}).map(([k, v]) => [k, String(v)])),
      });
      const byRemote = new Map(existing.map((e) => [e.remoteId, fromRow(e.transaction)]));
      const rows: Prisma.LedgerTransactionCreateManyInput[] = [];
      const links: Prisma.LedgerRemoteIdCreateManyInput[] = [];
      const out: BookTransaction[] = [];
      for (const d of drafts) {
        const found = d.remoteIds.map((r) => byRemote.get(r)).find(Boolean);
        if (found) {
          out.push(found);
          continue;
        }
        const id = newId();
        const properties = d.properties ?? {};
        rows.push({ id, bookId, date: dateFromIso(d.date), amount: d.amount, description: d.description, creditAccountId: d.creditAccountId, debitAccountId: d.debitAccountId, posted: false, properties });
        for (const remoteId of d.remoteIds) links.push({ bookId, remoteId, transactionId: id });
        const t: BookTransaction = {
          id,
          date: d.date,
          amount: new Prisma.Decimal(d.amount).toFixed(book.fractionDigits),
          description: d.description,
          creditAccountId: d.creditAccountId,
          debitAccountId: d.debitAccountId,
          posted: false,
          checked: false,
          trashed: false,
          remoteIds: [...d.remoteIds].sort(),
          properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, String(v)])),
        };
        for (const r of d.remoteIds) byRemote.set(r, t);
        out.push(t);
      }
      if (rows.length) await tx.ledgerTransaction.createMany({ data: rows });
      if (links.length) await tx.ledgerRemoteId.createMany({ data: links });
      return out;
    });
  }
}
