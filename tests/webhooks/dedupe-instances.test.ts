/**
 * Webhook dedupe across app instances (lib/webhooks/events.ts): the same delivery reaching two
 * instances at once — two PrismaClients on one database — is handled by exactly one of them. The
 * claim is one INSERT … ON CONFLICT DO NOTHING on the unique (provider, dedupeKey), so the database
 * decides, not a read-then-write in either process; a failed handling releases the claim so the
 * provider's retry is handled by whichever instance receives it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db/open";
import { handleOnce } from "@/lib/webhooks/events";
import { databaseBackends, secondClient, type Backend } from "../helpers/databases";

describe.each(databaseBackends())("webhook dedupe with two instances on $name", (backend: Backend) => {
  let database: Database;
  let other: PrismaClient;
  let closeOther: () => Promise<void>;
  beforeAll(async () => {
    database = await backend.open();
    ({ prisma: other, close: closeOther } = await secondClient(backend, database));
  }, 180_000);
  afterAll(async () => {
    await closeOther?.();
    await database?.close();
  });

  it("20 copies of one delivery, spread over both instances at once: handled once", async () => {
    let handled = 0;
    const claim = { provider: "PLUGGY" as const, dedupeKey: "evt-concurrent-1", type: "item/updated" };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        handleOnce(i % 2 ? database.prisma : other, claim, async () => {
          handled++;
          await new Promise((r) => setTimeout(r, 20));
          return { outcome: "synced" };
        }),
      ),
    );
    expect(handled).toBe(1);
    expect(results.filter((r) => r !== null)).toEqual([{ outcome: "synced" }]);
    expect(await database.prisma.webhookEvent.findMany({ where: { dedupeKey: "evt-concurrent-1" }, select: { outcome: true } })).toEqual([{ outcome: "synced" }]);
  });

  it("a handling that failed on one instance is released: the retry on the other is handled", async () => {
    const claim = { provider: "PLUGGY" as const, dedupeKey: "evt-retry-1", type: "item/updated" };
    await expect(handleOnce(database.prisma, claim, () => Promise.reject(new Error("database hiccup")))).rejects.toThrow("database hiccup");
    expect(await handleOnce(other, claim, async () => ({ outcome: "synced" }))).toEqual({ outcome: "synced" });
    expect(await handleOnce(database.prisma, claim, async () => ({ outcome: "again" }))).toBeNull();
  });
});
