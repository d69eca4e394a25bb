/**
 * The poster marks a batch's Postings while the next batch goes to the Book (lib/sync/poster.ts).
 * A mark that fails meanwhile ends the run with that error — never an unhandled rejection — and
 * leaves its Postings dirty although their transactions are in the Book; the next run posts the
 * rest and finds those by remote id, so the Book holds every bank transaction exactly once. On
 * PGlite and PostgreSQL, with a local Book and 800 stored transactions (rounds of 100 and 700:
 * batches of 200 overlapping their marks). A lease lost meanwhile stops the run only after the mark
 * in flight has landed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { postOutbox } from "@/lib/sync/poster";
import { databaseBackends, type Backend } from "../helpers/databases";
import { openSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";
import { linkStoredHistory } from "./stored-history";

const STORED = 800;
const MARK = "UPDATE postings AS p SET state = 'POSTED'";

/** `db` with `onMark` called before each mark statement (with its Posting ids): it may delay or throw. */
function interceptMarks(db: PrismaClient, onMark: (ids: string[]) => Promise<void>): PrismaClient {
  return new Proxy(db, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop !== "$executeRaw" || typeof value !== "function") return value;
      return async (strings: TemplateStringsArray, ...values: unknown[]) => {
        if (strings[0]?.trim().startsWith(MARK)) await onMark(values[0] as string[]);
        return (value as (s: TemplateStringsArray, ...v: unknown[]) => Promise<number>).call(target, strings, ...values);
      };
    },
  });
}

/** `db` whose `n`-th mark statement fails at once, while the next batch's Book call is under way. */
function failingMark(db: PrismaClient, n: number): { prisma: PrismaClient; marks: () => number } {
  let marks = 0;
  const prisma = interceptMarks(db, async () => {
    if (++marks === n) throw new Error("the database went away while marking (test)");
  });
  return { prisma, marks: () => marks };
}

/** `db` whose mark statements each take `ms` longer, and the Posting ids of every mark started. */
function slowMarks(db: PrismaClient, ms: number): { prisma: PrismaClient; started: string[][] } {
  const started: string[][] = [];
  const prisma = interceptMarks(db, async (ids) => {
    started.push(ids);
    await new Promise((r) => setTimeout(r, ms));
  });
  return { prisma, started };
}

describe.each(databaseBackends())("the poster's overlapped marks on $name", (backend: Backend) => {
  let world: SandboxWorld | undefined;
  let db: SandboxWorld["db"];
  let connectionId = "";
  let integrationId = "";
  let bookId = "";

  beforeAll(async () => {
    world = await openSandboxWorld(backend);
    ({ db } = world);
    bookId = world.acme;
    ({ connectionId, integrationId } = await linkStoredHistory(world, "overlapped_marks", STORED, "Overlapped marks checking"));
  });
  afterAll(async () => {
    await world?.close();
  });

  it("ends the run with a mark's failure, and the next run leaves every transaction in the Book once", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      // Mark 1 is the first round's (100); mark 2 the second round's first batch, in flight while its second batch is created.
      const { prisma, marks } = failingMark(db.prisma, 2);
      const deps = { ...world!.deps, gatewayFor: (u: string) => new LocalBookGateway(prisma, u) };
      await expect(postOutbox(prisma, deps, connectionId)).rejects.toThrow("the database went away while marking (test)");
      expect(marks()).toBeGreaterThanOrEqual(2);
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);

      const dirtyAfterFailure = await db.prisma.posting.count({ where: { integrationId, dirty: true } });
      const inBook = await db.prisma.ledgerTransaction.count({ where: { bookId, remoteIds: { some: {} } } });
      // The failed batch's 200 are in the Book and still dirty (and the batch after it, if its create returned before the failure surfaced).
      expect(dirtyAfterFailure).toBeGreaterThanOrEqual(200);
      expect(inBook).toBeGreaterThanOrEqual(100 + 200);
      expect(inBook + dirtyAfterFailure).toBeGreaterThan(STORED);

      const again = await postOutbox(db.prisma, { ...world!.deps, gatewayFor: (u: string) => new LocalBookGateway(db.prisma, u) }, connectionId);
      expect(again.failed).toBe(0);
      expect(await db.prisma.posting.count({ where: { integrationId, dirty: true } })).toBe(0);
      const posted = await db.prisma.posting.findMany({ where: { integrationId, state: "POSTED" }, select: { bookTransactionId: true } });
      expect(posted.length).toBe(STORED);
      expect(new Set(posted.map((p) => p.bookTransactionId)).size).toBe(STORED);
      const bank = await db.prisma.bankTransaction.findMany({ where: { institutionAccountId: (await db.prisma.integration.findUniqueOrThrow({ where: { id: integrationId } })).institutionAccountId, pending: false, removed: false }, select: { providerTransactionId: true } });
      const remote = await db.prisma.ledgerRemoteId.findMany({ where: { bookId, remoteId: { in: bank.map((b) => `plaid:${b.providerTransactionId}`) } }, select: { transactionId: true } });
      expect(remote.length).toBe(bank.length);
      const transactions = await db.prisma.ledgerTransaction.count({ where: { id: { in: remote.map((r) => r.transactionId) }, trashed: false } });
      expect(transactions).toBe(bank.length);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  }, 120_000);

  it("stops on a lost lease only after the mark in flight has landed", async () => {
    // A backfill of its own (the test above posted the first one).
    const own = await linkStoredHistory(world!, "overlapped_marks_lease", STORED, "Lease checking");
    const { prisma, started } = slowMarks(db.prisma, 150);
    const deps = { ...world!.deps, gatewayFor: (u: string) => new LocalBookGateway(prisma, u) };
    // The lease is lost while the second mark is still under way (the next batch is about to be created).
    const guard = () => {
      if (started.length >= 2) throw new Error("lease lost (test)");
    };
    await expect(postOutbox(prisma, deps, own.connectionId, { guard })).rejects.toThrow("lease lost (test)");
    expect(started.length).toBe(2);
    const marked = started.flat();
    expect(await db.prisma.posting.count({ where: { id: { in: marked }, dirty: true } })).toBe(0);
    expect(await db.prisma.posting.count({ where: { id: { in: marked }, state: "POSTED" } })).toBe(marked.length);
    // What is left is posted by the next run, each once.
    await postOutbox(db.prisma, { ...world!.deps, gatewayFor: (u: string) => new LocalBookGateway(db.prisma, u) }, own.connectionId);
    const posted = await db.prisma.posting.findMany({ where: { integrationId: own.integrationId, state: "POSTED" }, select: { bookTransactionId: true } });
    expect(new Set(posted.map((p) => p.bookTransactionId)).size).toBe(STORED);
  }, 120_000);
});
