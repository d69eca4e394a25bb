/**
 * Notification e-mails with more than one app instance: ticks of two instances — two PrismaClients
 * on the same database, two SMTP transports — running at the same moment send each e-mail ONCE,
 * because every send is claimed first (lib/notifications/claims.ts). A send that fails is marked
 * failed and a later tick (of either instance) sends it; a claimer that died mid-send is taken
 * over once its claim is stale, so nothing is lost.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db/open";
import { seedDemoData } from "@/lib/db/seed";
import { claimNotification, STALE_CLAIM_MS } from "@/lib/notifications/claims";
import { smtpMailer, type Mailer } from "@/lib/notifications/mailer";
import { notifyConnectionProblems } from "@/lib/notifications/notify";
import { databaseBackends, secondClient, type Backend } from "../helpers/databases";
import { startSmtpServer, type SmtpServer } from "../helpers/smtp-server";

const APP = "https://bank.example.com";
const FROM = "Bank Connections <bank@example.com>";

describe.each(databaseBackends())("notification ticks of two instances on $name", (backend: Backend) => {
  let database: Database;
  let other: PrismaClient;
  let closeOther: () => Promise<void>;
  let smtp: SmtpServer;
  const ids = { acme: "", client: "", bookkeeper: "", conn: "" };
  const instances = () => [database.prisma, other];
  /** One tick on each instance, at the same moment, each with its own SMTP transport. */
  const tickBoth = async (times = 1) => {
    const mailers = Array.from({ length: 2 * times }, () => smtpMailer({ smtpUrl: smtp.url, from: FROM }));
    try {
      const results = await Promise.all(mailers.map((m, i) => notifyConnectionProblems(instances()[i % 2]!, m, { appUrl: APP })));
      return { sent: results.reduce((n, r) => n + r.sent, 0), failed: results.reduce((n, r) => n + r.failed, 0) };
    } finally {
      for (const m of mailers) m.close();
    }
  };
  const to = () => smtp.messages.map((m) => m.to.join(",")).sort();

  beforeAll(async () => {
    database = await backend.open();
    ({ prisma: other, close: closeOther } = await secondClient(backend, database));
    smtp = await startSmtpServer();
    const db = database.prisma;
    await seedDemoData(db);
    ids.acme = (await db.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    ids.client = (await db.user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    ids.bookkeeper = (await db.user.findUniqueOrThrow({ where: { email: "bookkeeper@example.com" } })).id;
    ids.conn = (
      await db.connection.create({
        data: { ownerId: ids.client, provider: "PLAID", itemRef: "ref-twice", secret: "sealed", institutionId: "ins_1", institutionName: "Itaú", country: "US", lastSyncedAt: new Date(Date.now() - 3600_000), shares: { create: { bookId: ids.acme, sharedById: ids.client } } },
      })
    ).id;
  }, 180_000);
  beforeEach(() => {
    smtp.messages.length = 0;
  });
  afterAll(async () => {
    await smtp?.close();
    await closeOther?.();
    await database?.close();
  });

  it("four ticks at once (two per instance) send each person's e-mail once", async () => {
    await database.prisma.connection.update({ where: { id: ids.conn }, data: { status: "LOGIN_REQUIRED" } });
    expect(await tickBoth(2)).toEqual({ sent: 2, failed: 0 });
    expect(to()).toEqual(["bookkeeper@example.com", "client@example.com"]);
    const rows = await database.prisma.notificationSend.findMany({ where: { connectionId: ids.conn } });
    expect(rows.map((r) => r.state)).toEqual(["SENT", "SENT"]);
    expect(await database.prisma.auditEvent.count({ where: { action: "notification.email", connectionId: ids.conn } })).toBe(2);
    // And the next ticks, on either instance, have nothing to send.
    smtp.messages.length = 0;
    expect(await tickBoth()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.messages).toEqual([]);
  });

  it("a new problem state at once on both instances: once again", async () => {
    await database.prisma.connection.update({ where: { id: ids.conn }, data: { status: "ERROR" } });
    expect(await tickBoth(2)).toEqual({ sent: 2, failed: 0 });
    expect(to()).toEqual(["bookkeeper@example.com", "client@example.com"]);
  });

  it("a failed send is marked failed, not lost: the other instance's next tick sends it, once", async () => {
    await database.prisma.connection.update({ where: { id: ids.conn }, data: { status: "LOGIN_REQUIRED", lastSyncedAt: new Date() } });
    const down: Mailer = { send: () => Promise.reject(new Error("SMTP down")), close: () => {} };
    const errors = console.error;
    console.error = () => {};
    try {
      expect(await notifyConnectionProblems(database.prisma, down, { appUrl: APP })).toEqual({ sent: 0, failed: 2 });
    } finally {
      console.error = errors;
    }
    const failed = await database.prisma.notificationSend.findMany({ where: { connectionId: ids.conn, state: "FAILED" } });
    expect(failed).toHaveLength(2);
    expect(await tickBoth()).toEqual({ sent: 2, failed: 0 });
    expect(to()).toEqual(["bookkeeper@example.com", "client@example.com"]);
    const retried = await database.prisma.notificationSend.findMany({ where: { id: { in: failed.map((f) => f.id) } } });
    expect(retried.map((r) => [r.state, r.attempts])).toEqual([
      ["SENT", 2],
      ["SENT", 2],
    ]);
  });

  it("a claim held by a live sender is left alone; one whose sender died (stale) is taken over", async () => {
    await database.prisma.connection.update({ where: { id: ids.conn }, data: { status: "ERROR", lastSyncedAt: new Date() } });
    const c = await database.prisma.connection.findUniqueOrThrow({ where: { id: ids.conn } });
    const claim = { connectionId: ids.conn, problem: "reconnect:ERROR", recipientId: ids.client, epoch: c.lastSyncedAt!.toISOString() };
    // Another instance claimed the owner's e-mail just now and is still sending it.
    expect(await claimNotification(other, claim)).not.toBeNull();
    expect(await tickBoth()).toEqual({ sent: 1, failed: 0 });
    expect(to()).toEqual(["bookkeeper@example.com"]);
    // That instance died: after STALE_CLAIM_MS a tick sends the owner's e-mail.
    smtp.messages.length = 0;
    const later = new Date(Date.now() + STALE_CLAIM_MS + 1000);
    const mailers = [smtpMailer({ smtpUrl: smtp.url, from: FROM }), smtpMailer({ smtpUrl: smtp.url, from: FROM })];
    try {
      const results = await Promise.all(mailers.map((m, i) => notifyConnectionProblems(instances()[i]!, m, { appUrl: APP, now: later })));
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    } finally {
      for (const m of mailers) m.close();
    }
    expect(to()).toEqual(["client@example.com"]);
  });
});
