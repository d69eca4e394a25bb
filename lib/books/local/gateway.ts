import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isoDay } from "@/lib/dates";
import { dateFromIso, toTransaction, txInclude } from "./rows";
import { Prisma } from "@/lib/generated/prisma/client";
import type { BookGateway } from "../gateway";
import type { AccountType, BookAccount, BookInfo, BookSummary, BookTransaction, CreateOptions, NewBookTransaction, TransactionEdit, TransactionPage, TransactionPatch, TransactionQuery, TransactionReshape } from "../types";
import { applyLocal, editLocal, pageLocal } from "./workbench";
import { mergeLocal, reshapeLocal } from "./reshape";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { assertUpdatable, normalisePatch, transactionGone } from "../update-rules";
import { msg } from "@/lib/i18n/translate";

/** A BookAccount's columns of ledger_accounts. */
const ACCOUNT_FIELDS = { id: true, name: true, type: true, archived: true } as const;

export { dateFromIso } from "./rows";

/** Books kept by the portal itself, in its own database: the default BookGateway. */

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** A remote id of the batch was inserted by someone else meanwhile: the batch rolls back and is retried. */
class RemoteIdTaken extends Error {
  constructor() {
    super("a remote id of the batch was created concurrently");
    this.name = "RemoteIdTaken";
  }
}

type NewLedgerRow = { id: string; date: string; amount: string; description: string; creditAccountId: string | null; debitAccountId: string | null; properties: string };
type Tx = Prisma.TransactionClient;

/** The INSERT of `rows` into ledger_transactions, as column arrays through unnest (Prisma's createMany spent most of a backfill's time building them). */
function ledgerRowsInsert(bookId: string, rows: NewLedgerRow[]): Prisma.Sql {
  const col = <T>(f: (r: NewLedgerRow) => T) => rows.map(f);
  return Prisma.sql`
    INSERT INTO ledger_transactions (id, "bookId", date, amount, description, "creditAccountId", "debitAccountId", properties, posted, checked, trashed, "createdAt", "updatedAt")
    SELECT u.id, ${bookId}, u.date, u.amount, u.description, u.credit, u.debit, u.properties, false, false, false, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
    FROM unnest(${col((r) => r.id)}::text[], ${col((r) => r.date)}::date[], ${col((r) => r.amount)}::numeric[], ${col((r) => r.description)}::text[],
      ${col((r) => r.creditAccountId)}::text[], ${col((r) => r.debitAccountId)}::text[], ${col((r) => r.properties)}::jsonb[]) AS u(id, date, amount, description, credit, debit, properties)`;
}

/** The INSERT of `links` into ledger_remote_ids. */
function remoteIdsInsert(bookId: string, links: { remoteId: string; transactionId: string }[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO ledger_remote_ids ("bookId", "remoteId", "transactionId")
    SELECT ${bookId}, u.r, u.t FROM unnest(${links.map((l) => l.remoteId)}::text[], ${links.map((l) => l.transactionId)}::text[]) AS u(r, t)`;
}

async function insertLedgerRows(tx: Tx, bookId: string, rows: NewLedgerRow[]): Promise<void> {
  await tx.$executeRaw(ledgerRowsInsert(bookId, rows));
}

/** The batch's remote ids; one already taken (a concurrent writer) fails the batch (RemoteIdTaken). */
async function insertRemoteIds(tx: Tx, bookId: string, links: { remoteId: string; transactionId: string }[]): Promise<void> {
  const inserted = await tx.$executeRaw`${remoteIdsInsert(bookId, links)} ON CONFLICT DO NOTHING`;
  if (inserted !== links.length) throw new RemoteIdTaken();
}

/** The ledger row of a draft about to be created as transaction `id` on `date` (YYYY-MM-DD). */
function ledgerRow(d: NewBookTransaction, id: string, date: string): NewLedgerRow {
  return { id, date, amount: d.amount, description: d.description, creditAccountId: d.creditAccountId, debitAccountId: d.debitAccountId, properties: JSON.stringify(d.properties ?? {}) };
}

/** The BookTransaction that row becomes, its amount at the Book's decimal places. */
function createdTransaction(d: NewBookTransaction, id: string, date: string, fractionDigits: number, remoteIds: string[]): BookTransaction {
  return {
    id,
    date,
    amount: new Prisma.Decimal(d.amount).toFixed(fractionDigits),
    description: d.description,
    creditAccountId: d.creditAccountId,
    debitAccountId: d.debitAccountId,
    posted: false,
    checked: false,
    trashed: false,
    remoteIds: [...remoteIds].sort(),
    properties: Object.fromEntries(Object.entries(d.properties ?? {}).map(([k, v]) => [k, String(v)])),
  };
}

export class LocalBookGateway implements BookGateway {
  constructor(
    private readonly db: PrismaClient,
    private readonly userId: string,
  ) {}

  async listBooks(): Promise<BookSummary[]> {
    const rows = await this.db.bookMember.findMany({
      where: { userId: this.userId },
      select: { role: true, book: { select: { id: true, name: true, currency: true } } },
      orderBy: { book: { name: "asc" } },
    });
    return rows.map((r) => ({ id: r.book.id, name: r.book.name, currency: r.book.currency, role: r.role }));
  }

  async getBook(bookId: string): Promise<BookInfo | null> {
    const b = await this.db.book.findUnique({ where: { id: bookId } });
    if (!b) return null;
    return {
      id: b.id,
      name: b.name,
      currency: b.currency,
      fractionDigits: b.fractionDigits,
      timeZone: b.timeZone,
      locale: b.locale,
      lockDate: b.lockDate ? isoDay(b.lockDate) : null,
      closingDate: b.closingDate ? isoDay(b.closingDate) : null,
    };
  }

  async listAccounts(bookId: string): Promise<BookAccount[]> {
    return this.db.ledgerAccount.findMany({ where: { bookId }, orderBy: [{ type: "asc" }, { name: "asc" }], select: ACCOUNT_FIELDS });
  }

  async getAccounts(bookId: string, ids: readonly string[]): Promise<BookAccount[]> {
    if (ids.length === 0) return [];
    return this.db.ledgerAccount.findMany({ where: { bookId, id: { in: [...ids] } }, select: ACCOUNT_FIELDS });
  }

  async createAccount(bookId: string, account: { name: string; type: AccountType }): Promise<BookAccount> {
    const name = account.name.trim().replace(/\s+/g, " ");
    if (!name) throw new AppError("INVALID_INPUT", msg("bookErrors.accountNeedsName"), { name: msg("server.enterName") });
    const existing = await this.db.ledgerAccount.findFirst({ where: { bookId, name: { equals: name, mode: "insensitive" } } });
    if (existing) throw new AppError("CONFLICT", msg("bookErrors.nameTaken", { name: existing.name }), { name: msg("bookErrors.nameTakenField") });
    try {
      const a = await this.db.ledgerAccount.create({ data: { bookId, name, type: account.type } });
      return { id: a.id, name: a.name, type: a.type, archived: a.archived };
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError("CONFLICT", msg("bookErrors.nameTaken", { name }), { name: msg("bookErrors.nameTakenField") });
      throw err;
    }
  }

  async listTransactions(bookId: string, filter: { accountId?: string; includeTrashed?: boolean; limit?: number } = {}): Promise<BookTransaction[]> {
    const rows = await this.db.ledgerTransaction.findMany({
      where: {
        bookId,
        ...(filter.includeTrashed ? {} : { trashed: false }),
        ...(filter.accountId ? { OR: [{ creditAccountId: filter.accountId }, { debitAccountId: filter.accountId }] } : {}),
      },
      include: txInclude,
      // Drafts first, then the newest; the id breaks ties (a batch shares its createdAt), so a list reads the same twice.
      orderBy: [{ posted: "asc" }, { date: "desc" }, { createdAt: "desc" }, { id: "desc" }],
      take: filter.limit ?? 500,
    });
    return rows.map(toTransaction);
  }

  async listTransactionsOfAccounts(bookId: string, accountIds: readonly string[], options: { limit: number }): Promise<BookTransaction[]> {
    if (accountIds.length === 0) return [];
    const ids = [...accountIds];
    const rows = await this.db.ledgerTransaction.findMany({
      where: { bookId, trashed: false, OR: [{ creditAccountId: { in: ids } }, { debitAccountId: { in: ids } }] },
      include: txInclude,
      orderBy: [{ posted: "asc" }, { date: "desc" }, { createdAt: "desc" }, { id: "desc" }],
      // The limit is per Account: a transfer between two of them counts for both.
      take: options.limit * ids.length,
    });
    return rows.map(toTransaction);
  }

  async transactionsFingerprints(bookId: string, accountIds: readonly string[]): Promise<Map<string, string>> {
    if (accountIds.length === 0) return new Map();
    // Each row's text holds every column (amount, date, sides, states, description, properties,
    // updatedAt), hashed and summed with the count, and the same for the remote ids: computed in the
    // database, nothing but the sums crosses over, and no order or long string is needed.
    const rows = await this.db.$queryRaw<{ accountId: string; fingerprint: string }[]>`
      WITH tx AS (
        SELECT a.id AS acc, t.id, hashtextextended(t::text, 0) AS h
        FROM unnest(${[...accountIds]}::text[]) AS a(id)
        JOIN ledger_transactions t ON t."bookId" = ${bookId} AND NOT t.trashed AND (t."debitAccountId" = a.id OR t."creditAccountId" = a.id)
      ), remote AS (
        SELECT tx.acc, count(*) AS n, sum(hashtextextended(r."transactionId" || ' ' || r."remoteId", 0)) AS h
        FROM tx JOIN ledger_remote_ids r ON r."transactionId" = tx.id GROUP BY tx.acc
      ), own AS (SELECT acc, count(*) AS n, sum(h) AS h FROM tx GROUP BY acc)
      SELECT a.id AS "accountId", concat_ws(':', coalesce(own.n, 0), own.h, coalesce(remote.n, 0), remote.h) AS fingerprint
      FROM unnest(${[...accountIds]}::text[]) AS a(id) LEFT JOIN own ON own.acc = a.id LEFT JOIN remote ON remote.acc = a.id`;
    return new Map(rows.map((r) => [r.accountId, r.fingerprint]));
  }

  async findByRemoteId(bookId: string, remoteId: string): Promise<BookTransaction | null> {
    const link = await this.db.ledgerRemoteId.findUnique({
      where: { bookId_remoteId: { bookId, remoteId } },
      select: { transaction: { include: txInclude } },
    });
    return link ? toTransaction(link.transaction) : null;
  }

  async createTransactions(bookId: string, drafts: NewBookTransaction[], options?: CreateOptions): Promise<BookTransaction[]> {
    // Drafts never sent before: one statement, with the remote ids' unique key as the duplicate check.
    if (options?.firstAttempt && drafts.length) {
      const made = await this.createFirstAttempt(bookId, drafts);
      if (made) return made;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.createBatch(bookId, drafts);
      } catch (err) {
        // A concurrent writer created one of these remote ids first: the retry finds and reuses it.
        if (attempt < 2 && err instanceof RemoteIdTaken) continue;
        throw err;
      }
    }
  }

  /**
   * Drafts never sent before (CreateOptions.firstAttempt) in one statement and no transaction: the
   * transactions and their remote ids in two data-modifying CTEs, the Book's decimal places read by
   * the same statement. A statement is atomic, so a remote id already in the Book (the draft was sent
   * after all, or a concurrent writer was first) fails it whole and leaves nothing: `null`, and the
   * caller takes the searching path, which finds and reuses it. Any other failure (the Book gone)
   * also goes that way, where it is reported as before. Saves a backfill four of every batch's six
   * round trips (BEGIN, the Book, the known-id look-up, COMMIT) and the ORM's interactive transaction.
   */
  private async createFirstAttempt(bookId: string, drafts: NewBookTransaction[]): Promise<BookTransaction[] | null> {
    const built = drafts.map((d) => ({ d, id: newId(), date: isoDay(dateFromIso(d.date)), remoteIds: [...new Set(d.remoteIds)] }));
    const links = built.flatMap(({ id, remoteIds }) => remoteIds.map((remoteId) => ({ remoteId, transactionId: id })));
    // The same remote id twice in one batch: for the searching path, which gives both drafts one transaction.
    if (new Set(links.map((l) => l.remoteId)).size !== links.length) return null;
    const rows = built.map(({ d, id, date }) => ledgerRow(d, id, date));
    let result: { fractionDigits: number; rows: number; links: number }[];
    try {
      result = await this.db.$queryRaw<{ fractionDigits: number; rows: number; links: number }[]>`
        WITH t AS (${ledgerRowsInsert(bookId, rows)} RETURNING 1), l AS (${remoteIdsInsert(bookId, links)} RETURNING 1)
        SELECT b."fractionDigits", (SELECT count(*) FROM t)::int AS rows, (SELECT count(*) FROM l)::int AS links FROM books b WHERE b.id = ${bookId}`;
    } catch {
      return null;
    }
    const got = result[0];
    if (!got || got.rows !== rows.length || got.links !== links.length) throw new AppError("INTERNAL", msg("sync.engine.countMismatch"));
    return built.map(({ d, id, date, remoteIds }) => createdTransaction(d, id, date, got.fractionDigits, remoteIds));
  }

  /**
   * One batch in one transaction, in a constant number of statements: one look-up of known remote
   * ids, one multi-row INSERT of transactions and one of their remote ids (the unique key per Book
   * makes a concurrent duplicate fail the whole batch, and the retry then finds and reuses it).
   */
  private async createBatch(bookId: string, drafts: NewBookTransaction[]): Promise<BookTransaction[]> {
    return this.db.$transaction(
      async (tx) => {
        const book = await tx.book.findUniqueOrThrow({ where: { id: bookId }, select: { fractionDigits: true } });
        const wanted = [...new Set(drafts.flatMap((d) => d.remoteIds))];
        const known = wanted.length
          ? await tx.$queryRaw<{ remoteId: string; transactionId: string }[]>`
              SELECT "remoteId", "transactionId" FROM ledger_remote_ids WHERE "bookId" = ${bookId} AND "remoteId" = ANY(${wanted}::text[])`
          : [];
        const found = known.length ? await tx.ledgerTransaction.findMany({ where: { id: { in: [...new Set(known.map((k) => k.transactionId))] } }, include: txInclude }) : [];
        const byId = new Map(found.map((t) => [t.id, toTransaction(t)]));
        const byRemote = new Map<string, BookTransaction>();
        for (const k of known) {
          const t = byId.get(k.transactionId);
          if (t) byRemote.set(k.remoteId, t);
        }
        const rows: NewLedgerRow[] = [];
        const links: { remoteId: string; transactionId: string }[] = [];
        const out: BookTransaction[] = [];
        for (const d of drafts) {
          const existing = d.remoteIds.map((r) => byRemote.get(r)).find(Boolean);
          if (existing) {
            out.push(existing);
            continue;
          }
          const id = newId();
          const date = isoDay(dateFromIso(d.date));
          rows.push(ledgerRow(d, id, date));
          const t = createdTransaction(d, id, date, book.fractionDigits, d.remoteIds);
          for (const remoteId of d.remoteIds) links.push({ remoteId, transactionId: id });
          for (const r of d.remoteIds) byRemote.set(r, t);
          out.push(t);
        }
        if (rows.length) await insertLedgerRows(tx, bookId, rows);
        if (links.length) await insertRemoteIds(tx, bookId, links);
        return out;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }

  async trashTransaction(bookId: string, transactionId: string): Promise<void> {
    await this.db.ledgerTransaction.updateMany({ where: { id: transactionId, bookId }, data: { trashed: true } });
  }

  async updateTransaction(bookId: string, transactionId: string, patch: TransactionPatch): Promise<BookTransaction> {
    const book = await this.getBook(bookId);
    if (!book) throw new AppError("NOT_FOUND", msg("bookErrors.bookGone"));
    const p = normalisePatch(patch, book.fractionDigits);
    const row = await this.db.ledgerTransaction.findFirst({ where: { id: transactionId, bookId }, include: txInclude });
    if (!row) throw transactionGone();
    assertUpdatable(toTransaction(row), p.date, book);
    // Guarded write: a check or trash that lands between the read and here wins.
    const { count } = await this.db.ledgerTransaction.updateMany({
      where: { id: transactionId, bookId, checked: false, trashed: false },
      data: { date: dateFromIso(p.date), amount: p.amount, description: p.description },
    });
    if (count === 0) throw new AppError("CONFLICT", msg("bookErrors.changedMeanwhile"));
    return toTransaction(await this.db.ledgerTransaction.findUniqueOrThrow({ where: { id: transactionId }, include: txInclude }));
  }

  // ---- the workbench (./workbench.ts) ------------------------------------------------------------

  private get deps() {
    return { db: this.db, userId: this.userId, book: (id: string) => this.getBook(id), accounts: (id: string) => this.listAccounts(id) };
  }

  postTransactions(bookId: string, ids: string[]): Promise<void> {
    return applyLocal(this.deps, bookId, "post", ids);
  }

  checkTransactions(bookId: string, ids: string[]): Promise<void> {
    return applyLocal(this.deps, bookId, "check", ids);
  }

  uncheckTransactions(bookId: string, ids: string[]): Promise<void> {
    return applyLocal(this.deps, bookId, "uncheck", ids);
  }

  trashTransactions(bookId: string, ids: string[]): Promise<void> {
    return applyLocal(this.deps, bookId, "trash", ids);
  }

  restoreTransactions(bookId: string, ids: string[]): Promise<void> {
    return applyLocal(this.deps, bookId, "restore", ids);
  }

  editTransaction(bookId: string, transactionId: string, edit: TransactionEdit): Promise<BookTransaction> {
    return editLocal(this.deps, bookId, transactionId, edit);
  }

  listTransactionPage(bookId: string, query: TransactionQuery): Promise<TransactionPage> {
    return pageLocal(this.db, bookId, query);
  }

  // ---- transfer pairing (./reshape.ts) -----------------------------------------------------------

  reshapeTransaction(bookId: string, transactionId: string, change: TransactionReshape): Promise<BookTransaction> {
    return reshapeLocal(this.deps, bookId, transactionId, change);
  }

  mergeTransaction(bookId: string, fromId: string, intoId: string, remoteIds: string[]): Promise<BookTransaction> {
    return mergeLocal(this.deps, bookId, fromId, intoId, remoteIds);
  }
}
