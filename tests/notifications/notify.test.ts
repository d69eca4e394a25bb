/**
 * Notifications about connections that need a person: computed for the connection's owner and the
 * Editors/Owners of the Books it is shared into (never a viewer or a stranger), shown as banners, and
 * e-mailed through SMTP to a real listening socket — once per problem and person, also after a
 * restart, again when the problem comes back after the connection recovered.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PgBoss } from "pg-boss";
import type { Database } from "@/lib/db/open";
import { seedDemoData } from "@/lib/db/seed";
import { bannerItemsFor as bannerItems } from "@/lib/notifications/banner";
import { smtpMailer } from "@/lib/notifications/mailer";
import { notifyConnectionProblems } from "@/lib/notifications/notify";
import { listBookAudit } from "@/lib/audit/query";
import type { EngineDeps } from "@/lib/sync/engine";
import { startWorker } from "@/lib/worker";
import { databaseBackends, type Backend } from "../helpers/databases";
import { inWords } from "../helpers/in-words";
import { countingPrisma } from "../helpers/statement-counter";
import { startSmtpServer, type SmtpServer } from "../helpers/smtp-server";

/** The banner as the page writes it (its titles are messages). */
const bannerItemsFor = async (...a: Parameters<typeof bannerItems>) => inWords(await bannerItems(...a));

const APP = "https://bank.example.com";
const FROM = "Bank Connections <bank@example.com>";

describe.each(databaseBackends())("connection problem notifications on $name", (backend: Backend) => {
  let database: Database;
  let smtp: SmtpServer;
  const ids = { acme: "", client: "", bookkeeper: "", viewer: "", stranger: "", itau: "", expiring: "" };
  const db = () => database.prisma;
  const mailer = () => smtpMailer({ smtpUrl: smtp.url, from: FROM });
  const run = async () => {
    const m = mailer();
    try {
      return await notifyConnectionProblems(db(), m, { appUrl: APP });
    } finally {
      m.close();
    }
  };
  const to = () => smtp.messages.map((m) => m.to.join(",")).sort();

  beforeAll(async () => {
    database = await backend.open();
    smtp = await startSmtpServer();
    await seedDemoData(db());
    ids.acme = (await db().book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    for (const who of ["client", "bookkeeper", "viewer"] as const) ids[who] = (await db().user.findUniqueOrThrow({ where: { email: `${who}@example.com` } })).id;
    ids.stranger = (await db().user.create({ data: { email: "stranger@example.com", name: "Stranger" } })).id;
    const make = (name: string, ref: string) =>
      db().connection.create({
        data: { ownerId: ids.client, provider: "PLAID", itemRef: ref, secret: "sealed", institutionId: "ins_1", institutionName: name, country: "US", lastSyncedAt: new Date(Date.now() - 3600_000), shares: { create: { bookId: ids.acme, sharedById: ids.client } } },
      });
    ids.itau = (await make("Itaú", "ref-itau")).id;
    ids.expiring = (await make("Prairie Lantern Bank", "ref-expiring")).id;
  }, 180_000);
  beforeEach(() => {
    smtp.messages.length = 0;
  });
  afterAll(async () => {
    await smtp?.close();
    await database?.close();
  });

  it("nothing to say while every connection is fine", async () => {
    expect(await run()).toEqual({ sent: 0, failed: 0 });
    expect(await bannerItemsFor(db(), ids.client)).toEqual([]);
  });

  it("login required: banner for the owner and the Editor, not the viewer or a stranger; one e-mail each through SMTP", async () => {
    await db().connection.update({ where: { id: ids.itau }, data: { status: "LOGIN_REQUIRED", errorCode: "ITEM_LOGIN_REQUIRED" } });
    const owner = await bannerItemsFor(db(), ids.client);
    expect(owner).toEqual([expect.objectContaining({ title: "Itaú needs Reconnect", mine: true, href: `/books/${ids.acme}/automations/connections` })]);
    expect(await bannerItemsFor(db(), ids.bookkeeper)).toEqual([expect.objectContaining({ title: "Itaú needs Reconnect", mine: false, href: `/books/${ids.acme}/automations/connections` })]);
    expect(await bannerItemsFor(db(), ids.viewer)).toEqual([]);
    expect(await bannerItemsFor(db(), ids.stranger)).toEqual([]);
    // Every page reads the banner: one statement, whatever the person's connections and shares.
    const counted = countingPrisma(database);
    try {
      expect(await bannerItemsFor(counted.prisma, ids.bookkeeper)).toHaveLength(1);
      expect(counted.queries.statements).toBe(1);
    } finally {
      await counted.prisma.$disconnect();
    }

    expect(await run()).toEqual({ sent: 2, failed: 0 });
    expect(to()).toEqual(["bookkeeper@example.com", "client@example.com"]);
    const mail = smtp.messages.find((m) => m.to[0] === "client@example.com")!;
    expect(mail.from).toBe("bank@example.com");
    expect(mail.subject).toBe("Itaú needs Reconnect");
    expect(mail.text).toContain(`${APP}/books/${ids.acme}/automations/connections`);
    expect(mail.text).toContain("You own this bank connection.");
    expect(mail.text).not.toMatch(/sealed|access-/);
    // Recorded as the system, shown in the Book's trail.
    const trail = await listBookAudit(db(), ids.acme, { action: "notification.email" });
    expect(trail.rows).toHaveLength(2);
    expect(trail.rows.every((r) => r.actor === null && r.connectionId === ids.itau)).toBe(true);
  });

  it("the next tick, and a restarted worker (a new mailer, nothing in memory), send nothing again", async () => {
    expect(await run()).toEqual({ sent: 0, failed: 0 });
    expect(await run()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.messages).toEqual([]);
  });

  it("ERROR after LOGIN_REQUIRED is a new problem state; after a successful sync the same problem is news again", async () => {
    await db().connection.update({ where: { id: ids.itau }, data: { status: "ERROR" } });
    expect((await run()).sent).toBe(2);
    await db().connection.update({ where: { id: ids.itau }, data: { status: "CONNECTED", lastSyncedAt: new Date(Date.now() + 1000) } });
    expect((await run()).sent).toBe(0);
    await new Promise((r) => setTimeout(r, 1100));
    await db().connection.update({ where: { id: ids.itau }, data: { status: "LOGIN_REQUIRED" } });
    expect((await run()).sent).toBe(2);
    expect(await run()).toEqual({ sent: 0, failed: 0 });
    await db().connection.update({ where: { id: ids.itau }, data: { status: "CONNECTED" } });
  });

  it("consent about to expire (Plaid PENDING_EXPIRATION's dated warning): banner and one e-mail per person with the date", async () => {
    const at = new Date(Date.now() + 5 * 86_400_000);
    const day = `${at.getUTCDate()} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][at.getUTCMonth()]} ${at.getUTCFullYear()}`;
    await db().connection.update({ where: { id: ids.expiring }, data: { consentExpiresAt: at, warningMessage: "Access to this bank expires soon." } });
    expect((await bannerItemsFor(db(), ids.bookkeeper)).map((i) => i.title)).toEqual([`Consent for Prairie Lantern Bank expires on ${day}`]);
    expect(await run()).toEqual({ sent: 2, failed: 0 });
    expect(smtp.messages.map((m) => m.subject)).toEqual([`Consent for Prairie Lantern Bank expires on ${day}`, `Consent for Prairie Lantern Bank expires on ${day}`]);
    expect(await run()).toEqual({ sent: 0, failed: 0 });
    // A disconnected connection (no secret) is no longer anyone's problem.
    await db().connection.update({ where: { id: ids.expiring }, data: { secret: null, status: "DISCONNECTED" } });
    expect(await bannerItemsFor(db(), ids.client)).toEqual([]);
  });

  it("an SMTP server that is down: nothing recorded, so the next tick tries again", async () => {
    await db().connection.update({ where: { id: ids.itau }, data: { status: "ERROR", lastSyncedAt: new Date(Date.now() - 1000) } });
    await db().connection.update({ where: { id: ids.itau }, data: { lastSyncedAt: new Date() } });
    await new Promise((r) => setTimeout(r, 20));
    const down = smtpMailer({ smtpUrl: "smtp://127.0.0.1:1", from: FROM });
    expect(await notifyConnectionProblems(db(), down, { appUrl: APP })).toEqual({ sent: 0, failed: 2 });
    down.close();
    expect((await run()).sent).toBe(2);
  });

  it("the worker's tick sends them (SMTP from the tick), once", async () => {
    await db().connection.update({ where: { id: ids.itau }, data: { status: "LOGIN_REQUIRED", lastSyncedAt: new Date() } });
    await new Promise((r) => setTimeout(r, 20));
    const boss = { work: async () => "w-test", notifyWorker: () => {}, offWork: async () => {}, findJobs: async () => [], fail: async () => {}, send: async () => null, insert: async () => [] } as unknown as PgBoss;
    const worker = await startWorker(boss, db(), {} as EngineDeps, { intervalMinutes: 60, tickMs: 50, mail: { mailer: mailer(), appUrl: APP } });
    try {
      await expect.poll(() => smtp.messages.length, { timeout: 10_000 }).toBe(2);
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.messages).toHaveLength(2);
    } finally {
      await worker.stop();
    }
  });
});
