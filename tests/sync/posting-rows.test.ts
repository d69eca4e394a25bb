/**
 * The poster's raw row loader (lib/integrations/transfers/rows.ts loadPostingRows) gives exactly what
 * the ORM's `select: postingSelect` gives — every field, its type (Decimal, Date, JSON) and the
 * order by integration and bank date — on PGlite and PostgreSQL, so the hot path's shortcut cannot
 * drift from the schema.
 */
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { loadPostingRows, postingSelect } from "@/lib/integrations/transfers/rows";
import type { EngineDeps } from "@/lib/sync/engine";
import type { SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { pairingWorld } from "../helpers/transfers";
import { databaseBackends, type Backend } from "../helpers/databases";
import { withSandboxWorld, type SandboxWorld } from "../helpers/sandbox-world";

describe.each(databaseBackends())("posting rows on $name", (backend: Backend) => {
  let db: SandboxWorld["db"];
  let sp: SandboxHarness;
  let deps: EngineDeps;
  let client = "";
  withSandboxWorld(backend, (w) => void ({ db, sp, deps, client } = w));

  const { login, link } = pairingWorld(() => ({ db: db.prisma, sp, deps, client, name: backend.name }));

  it("loadPostingRows equals findMany with postingSelect, field for field and in order", async () => {
    const l = await login(60, "rows", 0);
    await link(l, l.checking, "Checking");
    await link(l, l.card, "Card");
    const some = await db.prisma.bankTransaction.findFirstOrThrow({ where: { institutionAccountId: l.checking.id, postings: { some: {} } } });
    // Every optional column filled on one row, so that its type is compared too.
    await db.prisma.bankTransaction.update({
      where: { id: some.id },
      data: { runningBalance: new Prisma.Decimal("1234.56780000"), category: "TRANSFER_OUT", paymentReference: "ref-1", payerAccount: "111", receiverAccount: "222", billId: "bill-1", details: { merchant: "ACME", counterpartDocument: "12.345.678/0001-90" } },
    });
    await db.prisma.posting.updateMany({ where: { bankTransactionId: some.id }, data: { postedDate: "2026-01-02", postedAmount: "1.00", postedDescription: "x", postedAt: new Date(), lastError: "e", skipReason: "s" } });
    const ids = (await db.prisma.posting.findMany({ where: { integration: { bookId: l.bookId } }, select: { id: true } })).map((p) => p.id);
    expect(ids.length).toBeGreaterThan(20);
    const orm = await db.prisma.posting.findMany({ where: { id: { in: ids } }, select: postingSelect, orderBy: [{ integrationId: "asc" }, { bankTransaction: { date: "asc" } }, { id: "asc" }] });
    const raw = await loadPostingRows(db.prisma, [...ids].reverse());
    expect(raw).toEqual(orm);
    const filled = raw.find((r) => r.bankTransactionId === some.id)!;
    expect(filled.bankTransaction.amount).toBeInstanceOf(Prisma.Decimal);
    expect(filled.bankTransaction.date).toBeInstanceOf(Date);
    expect(filled.bankTransaction.details).toEqual({ merchant: "ACME", counterpartDocument: "12.345.678/0001-90" });
    expect(await loadPostingRows(db.prisma, [])).toEqual([]);
  }, 120_000);
});
