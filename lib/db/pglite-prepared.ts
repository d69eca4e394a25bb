import { parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from "@electric-sql/pglite";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { statementNamer, type StatementNamer } from "./statement-names";
import { yieldingAdapter } from "./yielding-adapter";

/**
 * PGlite with prepared statements (issue 16). PGlite's `query` parses, analyses and plans its text
 * every time, as an unnamed statement; in WebAssembly that is most of a short statement's cost (the
 * sync's claim: 2.2 ms, of which 0.2 ms running it; 0.46 ms as a prepared statement). This wraps the
 * instance given to Prisma's adapter so that a statement named by ./statement-names.ts is parsed once
 * per instance (PGlite is one database session) and then only bound and executed.
 *
 * The messages are PGlite's own query path with a statement name (Parse once, then Bind, Describe
 * portal, Execute, Sync), under the same two locks, with the same file-system sync outside a
 * transaction and the same result parsing. Statements named nowhere, and queries with their own
 * parameter types or a blob, go through PGlite's `query` as before.
 */

type Prepared = { namer: StatementNamer; paramTypes: Map<string, number[]>; abandoned: Set<string> };

/** Per PGlite instance: every Prisma client on one instance shares its session's statements. */
const sessions = new WeakMap<PGlite, Prepared>();

function sessionOf(db: PGlite): Prepared {
  let s = sessions.get(db);
  if (!s) {
    s = { namer: statementNamer(), paramTypes: new Map(), abandoned: new Set() };
    sessions.set(db, s);
  }
  return s;
}

async function runPrepared<T>(db: PGlite, s: Prepared, name: string, sql: string, params: unknown[], opts: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> {
  const send = (message: Uint8Array) => db.execProtocolStream(message, { ...opts, syncToFs: false });
  const messages: Awaited<ReturnType<typeof send>> = [];
  try {
    let types = s.paramTypes.get(name);
    if (!types) {
      // Only this module names statements on the instance, so the name is new to the session.
      await send(protocol.serialize.parse({ name, text: sql }));
      try {
        types = parse.parseDescribeStatementResults(await send(protocol.serialize.describe({ type: "S", name })));
      } catch (err) {
        // Prepared but not described: never parsed under this name again, the text runs unnamed.
        s.abandoned.add(sql);
        throw err;
      }
      s.paramTypes.set(name, types);
    }
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const oid = types[i];
      const serialize = oid === undefined ? undefined : (opts?.serializers?.[oid] ?? db.serializers[oid]);
      return serialize ? serialize(v) : String(v);
    });
    messages.push(
      ...(await send(protocol.serialize.bind({ statement: name, values }))),
      ...(await send(protocol.serialize.describe({ type: "P" }))),
      ...(await send(protocol.serialize.execute({}))),
    );
  } finally {
    messages.push(...(await send(protocol.serialize.sync())));
  }
  if (!inTransaction) await db.syncToFs();
  const [result] = parse.parseResults(messages, db.parsers, opts);
  if (!result) throw new Error("PGlite returned no result for a prepared statement");
  return result as Results<T>;
}

function nameFor(s: Prepared, sql: string, opts: QueryOptions | undefined): string {
  return opts?.paramTypes || opts?.blob || s.abandoned.has(sql) ? "" : s.namer(sql);
}

function preparedTransaction(db: PGlite, s: Prepared, tx: Transaction): Transaction {
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop !== "query") return Reflect.get(target, prop, receiver);
      return async <T,>(sql: string, params: unknown[] = [], opts?: QueryOptions): Promise<Results<T>> => {
        const name = nameFor(s, sql, opts);
        if (!name || target.closed) return target.query<T>(sql, params, opts);
        return db._runExclusiveQuery(() => runPrepared<T>(db, s, name, sql, params, opts, true));
      };
    },
  });
}

/** `db` for Prisma's PGlite adapter, with prepared statements; the instance itself is unchanged. */
export function withPreparedStatements(db: PGlite): PGlite {
  const s = sessionOf(db);
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "query") {
        return async <T,>(sql: string, params: unknown[] = [], opts?: QueryOptions): Promise<Results<T>> => {
          const name = nameFor(s, sql, opts);
          if (!name) return target.query<T>(sql, params, opts);
          await target._checkReady();
          return target._runExclusiveTransaction(() => target._runExclusiveQuery(() => runPrepared<T>(target, s, name, sql, params, opts, false)));
        };
      }
      if (prop === "transaction") {
        return <T,>(callback: (tx: Transaction) => Promise<T>): Promise<T> => target.transaction((tx) => callback(preparedTransaction(target, s, tx)));
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The Prisma adapter the app uses on PGlite: prepared statements, and a macrotask before each statement (./yielding-adapter.ts). */
export function pgliteAdapter(db: PGlite, opts: { preparedStatements?: boolean } = {}): SqlDriverAdapterFactory {
  return yieldingAdapter(new PrismaPGlite(opts.preparedStatements === false ? db : withPreparedStatements(db)));
}
