import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_LOAD_SEED, expectedCounts, LOAD_BOOK, LOAD_USER, loadItemId, providerOf, seedLoadData, statusOf } from "@/bench/load/seed";
import { formatTable, percentile, summarize } from "@/bench/load/stats";
import { loadFigures } from "@/bench/load/figures";
import { goalMet } from "@/bench/support/figures";
import { newPlaidSigningKey, plaidWebhookBody, sandboxStateWithKey, signPlaidBody } from "@/bench/load/webhooks";
import { itemRef } from "@/lib/ids";
import { countVisibleConnections, listVisibleConnections, pageOf, visibleConnectionPosition } from "@/lib/connections/queries";
import pg from "pg";
import { openDatabase, pgClientExecutor, pgliteExecutor, type Database } from "@/lib/db/open";
import type { SqlExecutor } from "@/lib/db/sql";
import { verifyPlaidWebhook } from "@/lib/providers/plaid/webhook-verify";
import { normalizeState } from "@bank-connections/sandbox/core/store";
import { plaidStateOf } from "@bank-connections/sandbox/plaid";
import { connectionSyncStates, countBookIntegrations, listBookIntegrations } from "@/lib/sync/read/views";
import { createScratchDatabase } from "../helpers/postgres";

describe("load script: percentiles and the table", () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => 100 - i); // unsorted on purpose

  it("computes nearest-rank percentiles of unsorted samples", () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 95)).toBe(95);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile(oneToHundred, 0)).toBe(1);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(oneToHundred[0]).toBe(100); // the samples are not sorted in place
  });

  it("summarizes a target and prints one row per target", () => {
    const r = summarize("GET connections", oneToHundred, 20, { non2xx: 2, errors: 1, timeouts: 0 }, 1234);
    expect(r).toMatchObject({ requests: 100, reqPerSec: 5, p50: 50, p95: 95, p99: 99, max: 100, non2xx: 2, errors: 1, bodyBytes: 1234 });
    const table = formatTable([r, { ...r, target: "GET banks", cpu: { serverMs: 12.34, postgresMs: 3.06 } }]).split("\n");
    expect(table).toHaveLength(4);
    expect(table[0]).toMatch(/^\| target +\| requests \| req\/s \| p50 ms \| p95 ms \| p99 ms \| non-2xx \| errors \| CPU ms\/req server \+ db \|$/);
    expect(table[2]).toMatch(/^\| GET connections \| +100 \| +5\.0 \| +50 \| +95 \| +99 \| +2 \| +1 \| +— \|$/);
    expect(table[3]).toMatch(/^\| GET banks +\| +100 \| +5\.0 \| +50 \| +95 \| +99 \| +2 \| +1 \| +12\.3 \+ 3\.1 \|$/);
  });

  it("reports each page's p95 and throughput with issue 16's goals beside them, and one request alone", () => {
    const connections = { ...summarize("GET connections", [100, 200, 300], 1, { non2xx: 0, errors: 0, timeouts: 0 }, 2048), single: { ms: 42, bytes: 2048 } };
    const banks = { ...summarize("GET banks", [900], 1, { non2xx: 1, errors: 0, timeouts: 0 }), single: { ms: 7, bytes: 1024 } };
    const figures = loadFigures([connections, banks], { clients: 50, instances: 1 });
    const byKey = new Map(figures.map((f) => [f.key, f]));
    expect(byKey.get("load.connections.p95")).toMatchObject({ value: 300, unit: "ms", goal: { op: "<", value: 1000 } });
    expect(goalMet(byKey.get("load.connections.p95")!)).toBe(true);
    expect(byKey.get("load.connections.reqPerSec")).toMatchObject({ value: 3, goal: { op: ">=", value: 50 } });
    expect(goalMet(byKey.get("load.connections.reqPerSec")!)).toBe(false);
    expect(byKey.get("load.connections.single")).toMatchObject({ value: 42, note: "2 KiB" });
    expect(byKey.get("load.banks.p95")).toMatchObject({ value: 900, goal: { op: "<", value: 500 }, note: "1 of 1 not 2xx or failed" });
    expect(loadFigures([banks], { clients: 50, instances: 2 }).map((f) => f.key)).toContain("load.banks.x2.p95");
    // Nothing answered within the run: no figure, and the note says why.
    const silent = loadFigures([{ ...summarize("GET integrations", [], 20, { non2xx: 0, errors: 0, timeouts: 0 }), single: { ms: 900, bytes: 4096 } }], { clients: 50, instances: 1 });
    expect(silent.find((f) => f.key === "load.integrations.p95")).toMatchObject({ value: null, note: "no response completed within 20 s" });
    expect(goalMet(silent.find((f) => f.key === "load.integrations.p95")!)).toBeNull();
  });

  it("signs Plaid webhooks that the portal's own verifier accepts, with the key the sandbox state serves", async () => {
    const key = newPlaidSigningKey();
    const state = normalizeState(JSON.parse(JSON.stringify(sandboxStateWithKey(key))));
    expect(plaidStateOf(state).webhookKeys.map((k) => k.kid)).toEqual([key.kid]);
    const body = plaidWebhookBody(loadItemId(1));
    const jwt = signPlaidBody(body, key);
    const getKey = async (kid: string) => plaidStateOf(state).webhookKeys.find((k) => k.kid === kid)?.publicJwk ?? null;
    expect(await verifyPlaidWebhook({ body, signedJwt: jwt, getKey })).toMatchObject({ ok: true, kid: key.kid });
    expect(await verifyPlaidWebhook({ body: `${body} `, signedJwt: jwt, getKey })).toEqual({ ok: false, reason: "body_mismatch" });
    expect(signPlaidBody(body, key)).not.toBe(jwt); // a fresh signature each time: never refused as a replay
  });

  it("pages a list: 1-based, clamped, 50 at a time", () => {
    expect(pageOf(undefined, 1000, 50)).toEqual({ page: 1, pageCount: 20, skip: 0, take: 50 });
    expect(pageOf("20", 1000, 50)).toEqual({ page: 20, pageCount: 20, skip: 950, take: 50 });
    expect(pageOf("99", 1000, 50).page).toBe(20);
    expect(pageOf("0", 1000, 50).page).toBe(1);
    expect(pageOf("x", 1000, 50).page).toBe(1);
    expect(pageOf(undefined, 0, 50)).toEqual({ page: 1, pageCount: 1, skip: 0, take: 50 });
  });
});

/** The full-size seed the load script measures, on PostgreSQL (what the script runs on). */
describe("load script: the seeded data, as the Automations pages see it", () => {
  const pgUrl = inject("postgresUrl");
  let db: Database | undefined;
  let client: pg.Client | undefined;
  let drop: (() => Promise<void>) | undefined;
  const expected = expectedCounts(DEFAULT_LOAD_SEED);

  beforeAll(async () => {
    if (pgUrl) {
      const scratch = await createScratchDatabase(pgUrl, "loadseed");
      drop = scratch.drop;
      db = await openDatabase({ kind: "postgres", url: scratch.url }, { migrate: true });
      client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
    } else {
      // Without PostgreSQL: a smaller seed on PGlite still checks the SQL and the visibility.
      db = await openDatabase({ kind: "memory" }, { migrate: true });
    }
  });
  afterAll(async () => {
    await client?.end();
    await db?.close();
    await drop?.();
  });

  it("seeds exactly 1,000 connections and 5,000 integrations, all visible to the load user in the load Book", { timeout: 240_000 }, async () => {
    const p = db!.prisma;
    const full = Boolean(pgUrl);
    const options = full ? {} : { connections: 50 };
    const want = full ? expected : expectedCounts({ ...DEFAULT_LOAD_SEED, ...options });
    const exec: SqlExecutor = client ? pgClientExecutor(client) : pgliteExecutor(db!.pglite!);
    const counts = await seedLoadData(exec, { ...options, seal: (id, secret) => `sealed:${id}:${secret.length}` });
    expect(counts).toEqual(want);
    if (full) expect([counts.connections, counts.integrations]).toEqual([1000, 5000]);

    // What the pages count and list.
    expect(await countVisibleConnections(p, LOAD_USER.id, LOAD_BOOK.id)).toBe(want.connections);
    expect(await countBookIntegrations(p, LOAD_BOOK.id)).toBe(want.integrations);
    const pages = pageOf(undefined, want.connections, 50);
    const first = await listVisibleConnections(p, LOAD_USER.id, LOAD_BOOK.id, pages);
    expect(first).toHaveLength(Math.min(50, want.connections));
    expect(first.every((c) => c.mine || c.sharedWithBook)).toBe(true);
    const last = pageOf(String(pages.pageCount), want.connections, 50);
    const seenIds = new Set<string>();
    for (let n = 1; n <= last.pageCount; n++) for (const c of await listVisibleConnections(p, LOAD_USER.id, LOAD_BOOK.id, pageOf(String(n), want.connections, 50))) seenIds.add(c.id);
    expect(seenIds.size).toBe(want.connections); // pages neither overlap nor skip
    const statuses = new Set(first.map((c) => c.status));
    expect([...statuses].sort()).toEqual(["CONNECTED", "ERROR", "LOGIN_REQUIRED", "SYNCING"]);
    expect(first.find((c) => c.id === "load-conn-7")?.status).toBe(statusOf(7));
    const own = Math.round(want.connections * DEFAULT_LOAD_SEED.ownShare);
    expect(first.slice(0, own).every((c) => c.mine)).toBe(true); // the load user's own first, then the other members' shared ones
    expect(await p.connection.count({ where: { ownerId: { not: LOAD_USER.id } } })).toBe(want.connections - own);

    // The sync state of the page: running runs for syncing connections, the failed run for broken ones.
    const states = await connectionSyncStates(p, LOAD_USER.id, LOAD_BOOK.id, new Date(), first.map((c) => c.id));
    expect(states.size).toBe(first.length);
    expect(states.get("load-conn-3")?.running).not.toBeNull();
    expect(states.get("load-conn-7")?.lastRun).toMatchObject({ state: "FAILED", errorCode: "ITEM_LOGIN_REQUIRED" });

    const { integrations } = await listBookIntegrations(p, LOAD_BOOK.id, new Date(), { take: 50 });
    expect(integrations).toHaveLength(50);
    expect(integrations.every((i) => i.postedInChart > 0 && i.pending === 2)).toBe(true);

    // Webhooks find their connection by the item id the script sends.
    expect(await p.connection.findUnique({ where: { provider_itemRef: { provider: providerOf(1), itemRef: itemRef(providerOf(1), loadItemId(1)) } }, select: { id: true } })).toEqual({ id: "load-conn-1" });
    expect(await p.connection.findUnique({ where: { provider_itemRef: { provider: "PLUGGY", itemRef: itemRef("PLUGGY", loadItemId(3)) } }, select: { id: true } })).toEqual({ id: "load-conn-3" });
    // The last connection is found on the last page (the page a just-made connection opens).
    const lastId = `load-conn-${want.connections}`;
    expect(await visibleConnectionPosition(p, LOAD_USER.id, LOAD_BOOK.id, lastId)).toMatchObject({ index: want.connections - 1 });
    expect(await visibleConnectionPosition(p, "someone-else", "another-book", lastId)).toBeNull(); // neither theirs nor shared there
  });
});
