import { cache } from "react";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookGateway } from "./gateway";
import { bookGatewayFor } from "./index";
import type { BookAccount, BookInfo } from "./types";

/**
 * A gateway that reads each Book's info and Accounts once: a page asks for them for its own rows
 * and again through balance verification of every integration it shows. Only for reads within one
 * page render — what it remembers is never invalidated, so an action that changes Accounts uses a
 * plain gateway.
 */
export function withBookReadCache(gateway: BookGateway): BookGateway {
  const books = new Map<string, Promise<BookInfo | null>>();
  const accounts = new Map<string, Promise<BookAccount[]>>();
  const some = new Map<string, Promise<BookAccount[]>>();
  const once = <T>(memo: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> => {
    let p = memo.get(key);
    if (!p) {
      p = read();
      // A failed read is not remembered: the next ask tries again.
      p.catch(() => memo.delete(key));
      memo.set(key, p);
    }
    return p;
  };
  return new Proxy(gateway, {
    get(target, prop) {
      if (prop === "getBook") return (bookId: string) => once(books, bookId, () => target.getBook(bookId));
      if (prop === "listAccounts") return (bookId: string) => once(accounts, bookId, () => target.listAccounts(bookId));
      // Some Accounts by id: from the whole list when it was read, else read (and remembered) per set of ids.
      if (prop === "getAccounts")
        return (bookId: string, ids: readonly string[]) => {
          const listed = accounts.get(bookId);
          if (listed) return listed.then((all) => {
            const wanted = new Set(ids);
            return all.filter((a) => wanted.has(a.id));
          });
          return once(some, `${bookId}\u0000${[...new Set(ids)].sort().join("\u0000")}`, () => target.getAccounts(bookId, ids));
        };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The page render's gateway for a user: one per request and user (React's cache), Book reads remembered (withBookReadCache). */
export const pageBookGateway = cache((db: PrismaClient, userId: string): BookGateway => withBookReadCache(bookGatewayFor(db, userId)));
