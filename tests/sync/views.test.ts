import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DAY_MS, isoDay } from "@/lib/dates";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { seedDemoData } from "@/lib/db/seed";
import { connectionForSync, connectionSyncStates, listBookIntegrations } from "@/lib/sync/read/views";
import { databaseBackends, type Backend } from "../helpers/databases";

const DAY = DAY_MS;

describe.each(databaseBackends())("sync state for the portal's pages on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let p: PrismaClient;
  const now = new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const ids = { client: "", bookkeeper: "", stranger: "", acme: "", practice: "", mine: "", shared: "", foreign: "" };

  async function connection(ownerId: string, name: string, opts: { shareWith?: string; warningMessage?: string } = {}) {
    const c = await p.connection.create({
      data: {
        ownerId,
        provider: "PLAID",
        itemRef: `ref-${name}`,
        institutionId: `ins_${name}`,
        institutionName: name,
        country: "US",
        ...(opts.warningMessage ? { warningMessage: opts.warningMessage } : {}),
        ...(opts.shareWith ? { shares: { create: { bookId: opts.shareWith, sharedById: ownerId } } } : {}),
      },
    });
    return c.id;
  }
  async function account(connectionId: string, name: string) {
    return (await p.institutionAccount.create({ data: { connectionId, providerAccountId: `acc-${name}`, name, type: "depository", currency: "USD" } })).id;
  }
  let txCounter = 0;
  /** `n` postings of one integration in one state, posted at `postedAt`. */
  async function postings(integrationId: string, connectionId: string, institutionAccountId: string, n: number, data: { state: "NEW" | "POSTED" | "SKIPPED" | "TRASHED" | "FLAGGED"; dirty: boolean; postedAt?: Date }) {
    for (let k = 0; k < n; k++) {
      const tx = await p.bankTransaction.create({
        data: { connectionId, institutionAccountId, providerTransactionId: `tx-${++txCounter}`, date: new Date(`${isoDay(now)}T00:00:00Z`), amount: "1.00", direction: "out", currency: "USD", description: "x", pending: false },
      });
      await p.posting.create({ data: { integrationId, bankTransactionId: tx.id, state: data.state, dirty: data.dirty, ...(data.postedAt ? { postedAt: data.postedAt } : {}) } });
    }
  }

  beforeAll(async () => {
    db = await backend.open();
    p = db.prisma;
    await seedDemoData(p);
    const user = (email: string) => p.user.findUniqueOrThrow({ where: { email } }).then((u) => u.id);
    ids.client = await user("client@example.com");
    ids.bookkeeper = await user("bookkeeper@example.com");
    ids.stranger = (await p.user.create({ data: { email: "stranger@example.com" } })).id;
    ids.acme = (await p.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    ids.practice = (await p.book.findFirstOrThrow({ where: { name: "Bookkeeping Practice" } })).id;
    ids.mine = await connection(ids.client, "Mine Bank", { shareWith: ids.acme, warningMessage: "Access expires on 2026-12-01: press Reconnect before then." });
    ids.shared = await connection(ids.bookkeeper, "Shared Bank", { shareWith: ids.acme });
    ids.foreign = await connection(ids.stranger, "Foreign Bank", { shareWith: ids.practice });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("gives each visible connection its running sync, latest finished run and warning — and nothing of others", async () => {
    await p.syncRun.createMany({
      data: [
        { connectionId: ids.mine, trigger: "schedule", state: "SUCCEEDED", startedAt: ago(3 * 3600_000), heartbeatAt: ago(3 * 3600_000), finishedAt: ago(3 * 3600_000) },
        { connectionId: ids.mine, trigger: "webhook", state: "FAILED", errorCode: "RATE_LIMITED", errorMessage: "The bank connection service asked us to slow down.", retryAt: new Date(now.getTime() + 5 * 60_000), startedAt: ago(3600_000), heartbeatAt: ago(3600_000), finishedAt: ago(3590_000) },
        { connectionId: ids.mine, trigger: "manual", state: "RUNNING", added: 120, modified: 2, removed: 1, posted: 80, startedAt: ago(60_000), heartbeatAt: ago(5_000) },
        // A crashed worker's run: no heartbeat for an hour → not shown as running.
        { connectionId: ids.shared, trigger: "schedule", state: "RUNNING", added: 9, startedAt: ago(2 * 3600_000), heartbeatAt: ago(3600_000) },
        { connectionId: ids.shared, trigger: "schedule", state: "SUCCEEDED", startedAt: ago(30 * 60_000), heartbeatAt: ago(30 * 60_000), finishedAt: ago(29 * 60_000) },
        { connectionId: ids.foreign, trigger: "manual", state: "RUNNING", added: 5, startedAt: ago(10_000), heartbeatAt: ago(1_000) },
      ],
    });
    const states = await connectionSyncStates(p, ids.client, ids.acme, now);
    expect([...states.keys()].sort()).toEqual([ids.mine, ids.shared].sort());
    const mine = states.get(ids.mine)!;
    expect(mine.warningMessage).toBe("Access expires on 2026-12-01: press Reconnect before then.");
    expect(mine.running).toMatchObject({ added: 120, modified: 2, removed: 1, posted: 80 });
    expect(mine.running!.startedAt).toBeInstanceOf(Date);
    expect(mine.lastRun).toMatchObject({ state: "FAILED", errorCode: "RATE_LIMITED" });
    expect(mine.lastRun!.retryAt!.getTime()).toBe(new Date(now.getTime() + 5 * 60_000).getTime());
    expect(states.get(ids.shared)).toMatchObject({ warningMessage: null, running: null, lastRun: { state: "SUCCEEDED", errorCode: null, retryAt: null } });
    // The bookkeeper in his own Book: his connection and the one shared with that Book, not the client's.
    expect([...(await connectionSyncStates(p, ids.bookkeeper, ids.practice, now)).keys()].sort()).toEqual([ids.shared, ids.foreign].sort());
  });

  it("tells Sync now whose connection it is and whether it is shared with the Book", async () => {
    expect(await connectionForSync(p, ids.bookkeeper, ids.acme, ids.mine)).toMatchObject({ mine: false, sharedWithBook: true, status: "CONNECTED", ownerName: "Clara Client" });
    expect(await connectionForSync(p, ids.client, ids.practice, ids.mine)).toMatchObject({ mine: true, sharedWithBook: false });
    expect(await connectionForSync(p, ids.client, ids.acme, "c" + "a".repeat(24))).toBeNull();
  });

  it("counts pending and flagged postings and postings per day over 90 days, for this Book only, in a fixed number of queries", async () => {
    const checking = await account(ids.mine, "Checking");
    const savings = await account(ids.shared, "Savings");
    const practiceAccount = await account(ids.foreign, "Foreign");
    const periodStart = new Date(`${isoDay(ago(365 * DAY))}T00:00:00Z`);
    const one = await p.integration.create({ data: { bookId: ids.acme, institutionAccountId: checking, bookAccountId: "acct1", periodStart, postedCount: 9 } });
    const two = await p.integration.create({ data: { bookId: ids.acme, institutionAccountId: savings, bookAccountId: "acct2", periodStart, status: "SYNCING" } });
    const other = await p.integration.create({ data: { bookId: ids.practice, institutionAccountId: practiceAccount, bookAccountId: "acct3", periodStart } });

    await postings(one.id, ids.mine, checking, 5, { state: "POSTED", dirty: false, postedAt: ago(2 * DAY) });
    await postings(one.id, ids.mine, checking, 3, { state: "POSTED", dirty: false, postedAt: ago(60_000) });
    await postings(one.id, ids.mine, checking, 1, { state: "POSTED", dirty: false, postedAt: ago(89 * DAY) });
    await postings(one.id, ids.mine, checking, 2, { state: "POSTED", dirty: false, postedAt: ago(100 * DAY) }); // outside the chart
    await postings(one.id, ids.mine, checking, 4, { state: "NEW", dirty: true });
    await postings(one.id, ids.mine, checking, 1, { state: "POSTED", dirty: true, postedAt: ago(DAY) }); // modified: posted, Book update pending
    await postings(one.id, ids.mine, checking, 2, { state: "FLAGGED", dirty: false, postedAt: ago(10 * DAY) });
    await postings(one.id, ids.mine, checking, 3, { state: "SKIPPED", dirty: false });
    await postings(other.id, ids.foreign, practiceAccount, 7, { state: "POSTED", dirty: true, postedAt: ago(DAY) });

    const raw = vi.spyOn(p, "$queryRaw");
    const { days, integrations } = await listBookIntegrations(p, ids.acme, now);
    expect(raw).toHaveBeenCalledTimes(3);
    raw.mockRestore();

    expect(days).toHaveLength(90);
    expect(days.at(-1)).toBe(isoDay(now));
    expect(integrations.map((i) => i.id)).toEqual([one.id, two.id]);
    const [a, b] = integrations;
    expect(a).toMatchObject({ label: "Mine Bank — Checking", provider: "PLAID", connectionId: ids.mine, connectionStatus: "CONNECTED", pending: 5, flagged: 2, postedCount: 9 });
    expect(a!.running).toEqual({ added: 120, modified: 2, removed: 1, posted: 80 });
    expect(a!.perDay).toEqual({ [isoDay(ago(2 * DAY))]: 5, [isoDay(ago(60_000))]: 3, [isoDay(ago(89 * DAY))]: 1, [isoDay(ago(DAY))]: 1 });
    expect(a!.postedInChart).toBe(10);
    expect(b).toMatchObject({ label: "Shared Bank — Savings", status: "SYNCING", pending: 0, flagged: 0, running: null, perDay: {}, postedInChart: 0 });

    // More integrations, same number of queries.
    for (let k = 0; k < 5; k++) {
      const acc = await account(ids.mine, `Extra ${k}`);
      const i = await p.integration.create({ data: { bookId: ids.acme, institutionAccountId: acc, bookAccountId: `x${k}`, periodStart } });
      await postings(i.id, ids.mine, acc, 1, { state: "POSTED", dirty: false, postedAt: ago(DAY) });
    }
    const again = vi.spyOn(p, "$queryRaw");
    const more = await listBookIntegrations(p, ids.acme, now);
    expect(again).toHaveBeenCalledTimes(3);
    again.mockRestore();
    expect(more.integrations).toHaveLength(7);
    expect(more.integrations.slice(2).every((i) => i.postedInChart === 1)).toBe(true);
  });
});
