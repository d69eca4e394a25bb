/**
 * Issue 15, finding 8: a Plaid webhook whose `kid` Plaid does not know. Before, each one answered
 * 503, cost an outbound /webhook_verification_key/get (only known keys were cached) and left no
 * audit record. Now: 401 (a refusal; Plaid retries a non-2xx, so a genuine delivery refused by
 * mistake comes back), one look-up per unknown kid per 5 minutes (a negative cache, shared by
 * concurrent requests), at most 10 look-ups a minute per process (then 503: retry later), and one
 * audit record per refusal. Look-ups are counted where they arrive: at the sandbox Plaid, through
 * the real SDK client. Run through /api/webhooks/plaid on both databases.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Products } from "plaid";
import { resetRejectionBudget } from "@/lib/audit/system-events";
import { createConnectionFromLink } from "@/lib/connections/service";
import { openSecret } from "@/lib/connections/secret";
import { seedDemoData } from "@/lib/db/seed";
import { generateWebhookSigningKey, signWebhookBody } from "@bank-connections/sandbox/core/webhook-signing";
import { listInstitutions } from "@bank-connections/sandbox/data";
import { normalizePlaidPath, type WebhookResult } from "@bank-connections/sandbox/plaid";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";
import { createTestApp } from "../helpers/app-context";
import { PLAID_HOOK, startWebhookHarness, webhookRequest, type WebhookHarness } from "./harness";

const state = Object.assign(createTestApp(), { h: null as WebhookHarness | null });
const { POST } = state.bind(await import("@/app/api/webhooks/plaid/route"));

describe.each(databaseBackends())("Plaid webhooks with an unknown key id on $name", (backend: Backend) => {
  const bank = listInstitutions("US")[3]!;
  let accessToken = "";
  /** key_id of every /webhook_verification_key/get the sandbox Plaid answered. */
  const lookups: string[] = [];
  const db = () => state.db!.prisma;
  const refusals = (reason: string) => db().auditEvent.findMany({ where: { action: "webhook.rejected" } }).then((rows) => rows.filter((r) => (r.details as { reason: string }).reason === reason));
  const only = (results: WebhookResult[]): WebhookResult => {
    expect(results).toHaveLength(1);
    return results[0]!;
  };
  const deliver = (d: { body: string; headers: Record<string, string> }, ip: string) => POST(webhookRequest(PLAID_HOOK, { body: d.body, headers: { ...d.headers, "x-forwarded-for": ip } }));
  /** A real delivery's body, signed with a key of our own: a kid Plaid has never heard of. */
  const forged = async (body: string) => {
    const key = await generateWebhookSigningKey();
    const sign = async () => ({ body, headers: { "Content-Type": "application/json", "Plaid-Verification": (await signWebhookBody(body, key, { nowSeconds: Math.floor(Date.now() / 1000) }))! } });
    return { kid: key.kid, sign };
  };
  /** Moves the Date clock on (the cache's, and the sandbox's signing clock: its webhooks stay fresh). */
  const advance = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms));

  beforeAll(async () => {
    useEmbeddedSecrets();
    state.db = await backend.open();
    state.h = state.providers = await startWebhookHarness({
      pluggyWebhookHeaders: {},
      wrapPlaid: (inner) => ({
        ...inner,
        handle: async (req) => {
          if (normalizePlaidPath(req.path) === "/webhook_verification_key/get") lookups.push(String((JSON.parse(req.rawBody ?? "{}") as { key_id?: string }).key_id));
          return inner.handle(req);
        },
      }),
    });
    await seedDemoData(db());
    const owner = await db().user.findUniqueOrThrow({ where: { email: "client@example.com" } });
    const book = await db().book.findFirstOrThrow({ where: { name: "Acme Ltd" } });
    const pt = await state.h.plaidApi.sandboxPublicTokenCreate({ institution_id: bank.institutionId, initial_products: [Products.Transactions], options: { webhook: PLAID_HOOK } });
    const r = await createConnectionFromLink(db(), state.h.plaid, { ownerId: owner.id, bookId: book.id, country: "US", result: { provider: "PLAID", publicToken: pt.data.public_token, institutionId: bank.institutionId } });
    if (r.kind !== "created") throw new Error("setup: connection not created");
    const row = await db().connection.findUniqueOrThrow({ where: { id: r.connectionId } });
    accessToken = openSecret(row.id, row.secret!);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await state.h?.close();
    await state.db?.close();
  });
  beforeEach(async () => {
    resetRejectionBudget();
    lookups.length = 0;
    await state.h!.plaidSandbox.resetFaults();
  });
  afterEach(() => {
    // Each test starts with the minute's look-up budget unused.
    advance(61_000);
  });

  it("Plaid unreachable while looking up a new key: 503 (retry later), audited, not remembered; the retry is handled", async () => {
    await state.h!.plaidSandbox.rotateWebhookKey();
    const d = only(await state.h!.plaidSandbox.fireWebhook(accessToken, "SYNC_UPDATES_AVAILABLE"));
    await state.h!.plaidSandbox.setFaults({ serverError: { forceNext: 1, paths: ["/webhook_verification_key/get"] } });
    const res = await deliver(d, "192.0.2.1");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: "verification key unavailable" });
    expect(await refusals("key_unavailable")).toHaveLength(1);
    // Plaid's retry of the same delivery: the key is asked for again (a failure is not cached).
    expect((await deliver(d, "192.0.2.1")).status).toBe(200);
    expect(lookups).toHaveLength(2);
    expect(new Set(lookups).size).toBe(1);
  });

  it("N webhooks with one unknown kid: 401 each, ONE key look-up, N audit records; concurrent ones share the look-up", async () => {
    const body = only(await state.h!.plaidSandbox.fireWebhook(accessToken, "SYNC_UPDATES_AVAILABLE")).body;
    const a = await forged(body);
    const before = (await refusals("unknown_key")).length;
    // 25 from 5 senders (the audit trail keeps up to 5 a minute per sender and reason, 30 per provider).
    const N = 25;
    for (let i = 0; i < N; i++) {
      const res = await deliver(await a.sign(), `203.0.113.${1 + (i % 5)}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "unverified webhook (unknown_key)" });
    }
    expect(lookups).toEqual([a.kid]);
    const rows = (await refusals("unknown_key")).slice(before);
    expect(rows).toHaveLength(N);
    expect(rows.every((r) => r.actorId === null && r.connectionId === null)).toBe(true);

    // Another made-up kid, 5 at once: one look-up between them.
    const b = await forged(body);
    const eventsBefore = await db().webhookEvent.count();
    const answers = await Promise.all(Array.from({ length: 5 }, async () => deliver(await b.sign(), "198.51.100.77")));
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(lookups).toEqual([a.kid, b.kid]);
    expect(await db().webhookEvent.count()).toBe(eventsBefore);
  });

  it("an unknown kid is asked about again only after 5 minutes", async () => {
    const body = only(await state.h!.plaidSandbox.fireWebhook(accessToken, "SYNC_UPDATES_AVAILABLE")).body;
    const a = await forged(body);
    expect((await deliver(await a.sign(), "192.0.2.50")).status).toBe(401);
    advance(4 * 60_000);
    expect((await deliver(await a.sign(), "192.0.2.50")).status).toBe(401);
    expect(lookups).toEqual([a.kid]);
    advance(61_000);
    expect((await deliver(await a.sign(), "192.0.2.50")).status).toBe(401);
    expect(lookups).toEqual([a.kid, a.kid]);
  });

  it("a flood of made-up kids costs at most 10 look-ups a minute (then 503, audited); a known key keeps verifying", async () => {
    // A genuine delivery with a new key first: its look-up is one of the minute's 10.
    await state.h!.plaidSandbox.rotateWebhookKey();
    const unknownBefore = (await refusals("unknown_key")).length;
    const genuine = only(await state.h!.plaidSandbox.fireWebhook(accessToken, "SYNC_UPDATES_AVAILABLE"));
    expect((await deliver(genuine, "192.0.2.9")).status).toBe(200);
    expect(lookups).toHaveLength(1);

    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await deliver(await (await forged(genuine.body)).sign(), `198.51.100.${100 + i}`)).status);
    // The genuine key used one look-up of the minute's 10; 9 made-up kids got theirs, the rest wait.
    expect(statuses).toEqual([...Array<number>(9).fill(401), ...Array<number>(11).fill(503)]);
    expect(lookups).toHaveLength(10);
    expect((await refusals("unknown_key")).length - unknownBefore).toBe(9);
    expect(await refusals("key_lookups_limited")).toHaveLength(11);

    // Meanwhile Plaid's own webhooks, signed with the known key, are handled without a look-up.
    const next = only(await state.h!.plaidSandbox.fireWebhook(accessToken, "DEFAULT_UPDATE"));
    expect((await deliver(next, "192.0.2.9")).status).toBe(200);
    expect(lookups).toHaveLength(10);
  });
});
