import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable } from "@prisma/driver-adapter-utils";

/**
 * PGlite runs in this thread and its promises resolve as microtasks: a long chain of queries (a
 * backfill posting 100,000 transactions) would never let timers or requests run, freezing the
 * portal while the in-process worker works (measured: 576 s). Yielding one macrotask before every
 * statement keeps the event loop turning at no measurable throughput cost.
 */
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

function yieldingQueryable<T extends SqlQueryable>(inner: T): T {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === "queryRaw" || prop === "executeRaw") {
        const method = target[prop].bind(target);
        return async (query: Parameters<typeof method>[0]) => {
          await nextMacrotask();
          return method(query);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function yieldingAdapter(inner: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    new Proxy(yieldingQueryable(adapter), {
      get(target, prop) {
        if (prop === "startTransaction") {
          return async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) => yieldingQueryable(await adapter.startTransaction(...args));
        }
        return Reflect.get(target, prop, target);
      },
    });
  return { provider: inner.provider, adapterName: inner.adapterName, connect: async () => wrap(await inner.connect()) };
}
