/**
 * The poster reads its due Postings' ids a few rounds ahead (lib/sync/poster.ts: the due query sorts
 * every dirty Posting of the connection, once per 1,000 posted before). A Posting read ahead that
 * stopped being due before its round — posted or skipped by someone else, or put on a backoff — is
 * not posted by that round; everything else is posted once, in a few due queries. On PGlite and
 * PostgreSQL, with a local Book and 2,500 stored transactions on one account.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { postOutbox } from "@/lib/sync/poster";
import { databaseBackends, type Backend } from "../helpers/databases";
import { openSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";
import { linkStoredHistory } from "./stored-history";
import { countingPrisma, type QueryCounter } from "../helpers/statement-counter";

const STORED = 2_500;

describe.each(databaseBackends())("the poster's read-ahead on $name", (backend: Backend) => {
  let world: SandboxWorld | undefined;
  let db: SandboxWorld["db"];
  let counted: { prisma: PrismaClient; queries: QueryCounter };
  let connectionId = "";
  let integrationId = "";

  beforeAll(async () => {
    world = await openSandboxWorld(backend);
    ({ db } = world);
    counted = countingPrisma(db, { keepText: true });
    ({ connectionId, integrationId } = await linkStoredHistory(world, "read_ahead", STORED, "Read-ahead checking"));
  });
  afterAll(async () => {
    await counted?.prisma.$disconnect();
    await world?.close();
  });

  it("posts each due Posting once, skips those that stopped being due after they were read ahead, and sorts the due Postings a few times, not once a round", async () => {
    const deps = { ...world!.deps, gatewayFor: (u: string) => new LocalBookGateway(counted.prisma, u) };
    let tampered: { cleaned: string[]; delayed: string[] } | null = null;
    counted.queries.reset();
    const result = await postOutbox(counted.prisma, deps, connectionId, {
      onProgress: async (c) => {
        // After the second round (100 + 1,000 posted): the rounds ahead were read. Some of them stop being due now.
        if (tampered || c.posted < 1_100) return;
        const next = await db.prisma.$queryRaw<{ id: string }[]>`
          SELECT p.id FROM postings p JOIN bank_transactions b ON b.id = p."bankTransactionId"
          WHERE p."integrationId" = ${integrationId} AND p.dirty ORDER BY b.date, p.id LIMIT 60`;
        tampered = { cleaned: next.slice(0, 30).map((p) => p.id), delayed: next.slice(30).map((p) => p.id) };
        await db.prisma.posting.updateMany({ where: { id: { in: tampered.cleaned } }, data: { dirty: false, state: "SKIPPED", skipReason: "by hand" } });
        await db.prisma.posting.updateMany({ where: { id: { in: tampered.delayed } }, data: { nextAttemptAt: new Date(Date.now() + 3_600_000) } });
      },
    });
    expect(tampered).not.toBeNull();
    const { cleaned, delayed } = tampered!;
    expect(result.posted).toBe(STORED - 60);
    expect(result.remaining).toBe(30);
    const rows = await db.prisma.posting.findMany({ where: { integrationId }, select: { id: true, state: true, dirty: true, bookTransactionId: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of cleaned) expect(byId.get(id)).toMatchObject({ state: "SKIPPED", dirty: false, bookTransactionId: null });
    for (const id of delayed) expect(byId.get(id)).toMatchObject({ dirty: true, bookTransactionId: null });
    const posted = rows.filter((r) => r.state === "POSTED");
    expect(posted.length).toBe(STORED - 60);
    expect(new Set(posted.map((r) => r.bookTransactionId)).size).toBe(posted.length);
    expect(await db.prisma.ledgerTransaction.count({ where: { id: { in: posted.map((r) => r.bookTransactionId!) } } })).toBe(posted.length);
    // The due query (it sorts every dirty Posting): round 0, then once per twenty rounds, and the empty one that ends it.
    const dueQueries = counted.queries.texts.filter((t) => t.startsWith("SELECT p.id FROM postings p JOIN integrations i")).length;
    expect(dueQueries).toBeLessThanOrEqual(3);
  });
});
