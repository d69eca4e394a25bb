/**
 * Refused webhooks are recorded by the routes as Next.js runs them: 401 (unsigned / wrong secret),
 * 400 (not JSON, not a webhook) and 409 (a replay, tied to its connection). As the system, without
 * the body, the secret or the sender's address; at most 5 per sender and reason and 30 per provider
 * a minute, the next record counting what was left out.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Products } from "plaid";
import { REJECTION_LIMITS, resetRejectionBudget } from "@/lib/audit/system-events";
import { listBookAudit } from "@/lib/audit/query";
import { createConnectionFromLink } from "@/lib/connections/service";
import { seedDemoData } from "@/lib/db/seed";
import { listInstitutions } from "@bank-connections/sandbox/data";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";
import { PLAID_HOOK, PLUGGY_HOOK, startWebhookHarness, webhookRequest, type WebhookHarness } from "../webhooks/harness";
import { createTestApp } from "../helpers/app-context";

// The routes in a test's application context: the database, the sandbox's providers, a known Pluggy secret.
const state = Object.assign(createTestApp(), { h: null as WebhookHarness | null });
state.pluggyWebhookSecret = "s".repeat(32);
const plaidRoute = state.bind(await import("@/app/api/webhooks/plaid/route"));
const pluggyRoute = state.bind(await import("@/app/api/webhooks/pluggy/route"));

const MARKER = "BODY-MARKER-7f3a";
const forged = (url: string, ip: string, headers: Record<string, string> = {}) =>
  new Request(url, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip, ...headers }, body: JSON.stringify({ webhook_type: "ITEM", webhook_code: "ERROR", note: MARKER }) });

describe.each(databaseBackends())("refused webhooks on $name", (backend: Backend) => {
  const db = () => state.db!.prisma;
  const refusals = () => db().auditEvent.findMany({ where: { action: "webhook.rejected" }, orderBy: { at: "asc" } });
  let acme = "";
  let connectionId = "";

  beforeAll(async () => {
    useEmbeddedSecrets();
    state.db = await backend.open();
    state.h = state.providers = await startWebhookHarness({ pluggyWebhookHeaders: {} });
    await seedDemoData(db());
    const owner = await db().user.findUniqueOrThrow({ where: { email: "client@example.com" } });
    acme = (await db().book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    const bank = listInstitutions("US")[2]!;
    const pt = await state.h.plaidApi.sandboxPublicTokenCreate({ institution_id: bank.institutionId, initial_products: [Products.Transactions], options: { webhook: PLAID_HOOK } });
    const r = await createConnectionFromLink(db(), state.h.plaid, { ownerId: owner.id, bookId: acme, country: "US", result: { provider: "PLAID", publicToken: pt.data.public_token, institutionId: bank.institutionId } });
    if (r.kind !== "created") throw new Error("setup: connection not created");
    connectionId = r.connectionId;
  }, 180_000);
  beforeEach(async () => {
    resetRejectionBudget();
    vi.useRealTimers();
  });
  afterAll(async () => {
    vi.useRealTimers();
    await state.h?.close();
    await state.db?.close();
  });

  it("records 401 and 400 refusals of both routes as the system, without body, secret or address", async () => {
    expect((await plaidRoute.POST(forged(PLAID_HOOK, "203.0.113.7"))).status).toBe(401);
    expect((await pluggyRoute.POST(forged(PLUGGY_HOOK, "203.0.113.7", { "x-webhook-secret": "wrong-secret-value" }))).status).toBe(401);
    expect((await pluggyRoute.POST(new Request(PLUGGY_HOOK, { method: "POST", headers: { "x-webhook-secret": "s".repeat(32), "x-forwarded-for": "203.0.113.7" }, body: "not json" }))).status).toBe(400);
    expect((await pluggyRoute.POST(new Request(PLUGGY_HOOK, { method: "POST", headers: { "x-webhook-secret": "s".repeat(32) }, body: JSON.stringify({ nope: MARKER }) }))).status).toBe(400);
    const rows = await refusals();
    expect(rows.map((r) => [(r.details as { provider: string }).provider, (r.details as { reason: string }).reason])).toEqual([
      ["PLAID", "missing_header"],
      ["PLUGGY", "wrong_secret"],
      ["PLUGGY", "not_json"],
      ["PLUGGY", "not_a_webhook"],
    ]);
    expect(rows.every((r) => r.actorId === null && r.bookId === null && r.connectionId === null)).toBe(true);
    const stored = JSON.stringify(rows);
    for (const leak of [MARKER, "203.0.113.7", "wrong-secret-value", "s".repeat(32)]) expect(stored).not.toContain(leak);
  });

  it("a replayed signed webhook (409) is recorded with its connection and shows in the Book's trail", async () => {
    const row = await db().connection.findUniqueOrThrow({ where: { id: connectionId } });
    const { openSecret } = await import("@/lib/connections/secret");
    const [delivery] = await state.h!.plaidSandbox.fireWebhook(openSecret(row.id, row.secret!), "DEFAULT_UPDATE");
    const req = () => webhookRequest(PLAID_HOOK, { body: delivery!.body, headers: delivery!.headers });
    expect((await plaidRoute.POST(req())).status).toBe(200);
    expect((await plaidRoute.POST(req())).status).toBe(409);
    const replay = (await refusals()).find((r) => (r.details as { reason: string }).reason === "replayed");
    expect(replay).toMatchObject({ connectionId, actorId: null, bookId: null });
    expect((replay!.details as { institution: string }).institution).toBe(row.institutionName);
    const inBook = await listBookAudit(db(), acme, { action: "webhook.rejected" });
    expect(inBook.rows.map((r) => r.id)).toEqual([replay!.id]);
  });

  it("a flood is capped per sender and reason, and per provider; the next minute's first record counts the rest", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const before = (await refusals()).length;
    for (let i = 0; i < 20; i++) expect((await plaidRoute.POST(forged(PLAID_HOOK, "198.51.100.1"))).status).toBe(401);
    expect((await refusals()).length - before).toBe(REJECTION_LIMITS.perSource);
    // Many senders: the provider's cap holds.
    for (let i = 0; i < 60; i++) await plaidRoute.POST(forged(PLAID_HOOK, `198.51.100.${10 + i}`));
    expect((await refusals()).length - before).toBe(REJECTION_LIMITS.perProvider);
    vi.setSystemTime(new Date("2030-01-01T00:01:01Z"));
    await plaidRoute.POST(forged(PLAID_HOOK, "198.51.100.1"));
    const flood = (await refusals()).slice(before);
    expect(flood).toHaveLength(REJECTION_LIMITS.perProvider + 1);
    // Nothing is lost from the count: what was recorded plus what records say they left out is every request.
    const leftOut = flood.reduce((n, r) => n + ((r.details as { skippedBefore?: number }).skippedBefore ?? 0), 0);
    expect(flood.length + leftOut).toBe(20 + 60 + 1);
    expect((flood.at(-1)!.details as { skippedBefore?: number }).skippedBefore).toBeGreaterThan(0);
  });
});
