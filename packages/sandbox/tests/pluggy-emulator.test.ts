/**
 * The Pluggy emulator through its `handle()` interface (no HTTP): the Connect stand-in endpoints,
 * connect-token scope, persistence, webhook delivery details, deterministic faults, cursor
 * stability and the less common lifecycle branches.
 */
import { describe, expect, it } from "vitest";
import { make, registerCleanup } from "./pluggy-emulator-support";

registerCleanup();

describe("Connect stand-in endpoints", () => {
  it("session → submit creates the Item and answers it in its final state; update mode reuses it", async () => {
    const { call, apiKey, sent, sandbox } = make();
    const key = await apiKey();
    const ct = await call("POST", "/connect_token", { key, body: { options: { clientUserId: "app-user-7", webhookUrl: "https://app.test/hook" } } });
    expect(ct.status).toBe(200);
    const connectToken = ct.body.accessToken as string;

    const session = await call("POST", "/connect/sandbox/session", { body: { connectToken } });
    expect(session.status).toBe(200);
    expect(session.body.updateItem).toBeNull();
    expect(session.body.connectors.map((c: { id: number }) => c.id)).toEqual(expect.arrayContaining([0, 2, 5, 201]));

    const submit = await call("POST", "/connect/sandbox/submit", { body: { connectToken, connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } } });
    expect(submit.status).toBe(200);
    const item = submit.body.item;
    expect([item.status, item.executionStatus, item.clientUserId, item.webhookUrl]).toEqual(["UPDATED", "SUCCESS", "app-user-7", "https://app.test/hook"]);

    // The connect token may read its own Item (and a reduced account list), not other data.
    expect((await call("GET", `/items/${item.id}`, { key: connectToken })).status).toBe(200);
    const reduced = await call("GET", `/accounts?itemId=${item.id}`, { key: connectToken });
    expect(reduced.status).toBe(200);
    expect(reduced.body.results[0].taxNumber).toBeNull();
    expect((await call("GET", `/accounts/${reduced.body.results[0].id}`, { key: connectToken })).status).toBe(403);
    expect((await call("DELETE", `/items/${item.id}`, { key: connectToken })).status).toBe(403);
    expect((await call("GET", "/webhooks", { key: connectToken })).status).toBe(403);

    await sandbox.control.flushWebhooks();
    const created = sent.filter((d) => d.event === "item/created").map((d) => JSON.parse(d.body));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ itemId: item.id, triggeredBy: "USER", clientUserId: "app-user-7" });

    // Reconnect: LOGIN_ERROR, then a connect token with itemId → same Item back to UPDATED.
    await sandbox.setItemLoginError(item.id);
    const updateToken = (await call("POST", "/connect_token", { key, body: { itemId: item.id } })).body.accessToken as string;
    const s2 = await call("POST", "/connect/sandbox/session", { headers: { "x-api-key": updateToken }, body: {} });
    expect(s2.body.updateItem).toMatchObject({ id: item.id, status: "LOGIN_ERROR" });
    const wrong = await call("POST", "/connect/sandbox/submit", { body: { connectToken: updateToken, parameters: { user: "user-ok", password: "nope" } } });
    expect([wrong.body.item.id, wrong.body.item.status]).toEqual([item.id, "LOGIN_ERROR"]);
    const fixed = await call("POST", "/connect/sandbox/submit", { body: { connectToken: updateToken, parameters: { user: "user-ok", password: "password-ok" } } });
    expect([fixed.body.item.id, fixed.body.item.status, fixed.body.item.consecutiveFailedLoginAttempts]).toEqual([item.id, "UPDATED", 0]);
    await sandbox.control.flushWebhooks();
    const last = JSON.parse(sent.filter((d) => d.event === "item/updated").at(-1)!.body);
    expect(last.triggeredBy).toBe("USER");
  });

  it("MFA through Connect, and token checks", async () => {
    const { call, apiKey } = make();
    const key = await apiKey();
    const connectToken = (await call("POST", "/connect_token", { key, body: {} })).body.accessToken as string;
    const waiting = await call("POST", "/connect/sandbox/submit", { body: { connectToken, connectorId: 5, parameters: { user: "user-ok", password: "password-ok" } } });
    expect(waiting.body.item.status).toBe("WAITING_USER_INPUT");
    const bad = await call("POST", "/connect/sandbox/mfa", { body: { connectToken, itemId: waiting.body.item.id, parameters: { token: "000000" } } });
    expect([bad.body.item.status, bad.body.item.executionStatus]).toEqual(["LOGIN_ERROR", "INVALID_CREDENTIALS_MFA"]);

    expect((await call("POST", "/connect/sandbox/session", { body: {} })).status).toBe(401);
    expect((await call("POST", "/connect/sandbox/session", { body: { connectToken: key } })).status).toBe(403);
    expect((await call("POST", "/connect/sandbox/session", { body: { connectToken: "x.y.z" } })).status).toBe(401);
    // A token cannot create a second-hand view of another token's Item.
    const other = (await call("POST", "/connect_token", { key, body: {} })).body.accessToken as string;
    expect((await call("GET", `/items/${waiting.body.item.id}`, { key: other })).status).toBe(403);
  });

  it("connect tokens expire after their TTL (real time)", async () => {
    let now = Date.parse("2030-01-01T00:00:00Z");
    const { call, apiKey } = make({ realNow: () => now, connectTokenTtlSeconds: 60 });
    const key = await apiKey();
    const connectToken = (await call("POST", "/connect_token", { key, body: {} })).body.accessToken as string;
    expect((await call("POST", "/connect/sandbox/session", { body: { connectToken } })).status).toBe(200);
    now += 61_000;
    const res = await call("POST", "/connect/sandbox/session", { body: { connectToken } });
    expect(res.status).toBe(401);
  });
});

describe("lifecycle details", () => {
  it("PARTIAL_SUCCESS leaves cards uncollected; warnings variant succeeds", async () => {
    const { call, apiKey, sandbox } = make();
    const key = await apiKey();
    const partial = (await call("POST", "/items", { key, body: { connectorId: 0, parameters: { user: "user-ok-account-error", password: "password-ok" } } })).body;
    await sandbox.control.settleAll();
    const item = (await call("GET", `/items/${partial.id}`, { key })).body;
    expect([item.status, item.executionStatus]).toEqual(["UPDATED", "PARTIAL_SUCCESS"]);
    expect(item.statusDetail.creditCards.isUpdated).toBe(false);
    const accounts = (await call("GET", `/accounts?itemId=${partial.id}`, { key })).body.results as Array<{ type: string }>;
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.every((a) => a.type === "BANK")).toBe(true);

    const warn = (await call("POST", "/items", { key, body: { connectorId: 0, parameters: { user: "user-ok-account-warning", password: "password-ok" } } })).body;
    await sandbox.control.settleAll();
    const w = (await call("GET", `/items/${warn.id}`, { key })).body;
    expect([w.status, w.executionStatus]).toEqual(["UPDATED", "SUCCESS"]);
    expect(w.statusDetail.transactions.warnings[0].code).toBe("001");
  });

  it("error users map to the documented statuses", async () => {
    const { call, apiKey, sandbox } = make();
    const key = await apiKey();
    const cases: Array<[string, string, string]> = [
      ["user-locked", "LOGIN_ERROR", "ACCOUNT_LOCKED"],
      ["user-logged", "OUTDATED", "ALREADY_LOGGED_IN"],
      ["user-connection-error", "OUTDATED", "CONNECTION_ERROR"],
      ["nobody", "LOGIN_ERROR", "INVALID_CREDENTIALS"],
    ];
    for (const [user, status, exec] of cases) {
      const id = (await call("POST", "/items", { key, body: { connectorId: 201, parameters: { user, password: "password-ok" } } })).body.id as string;
      await sandbox.control.settleAll();
      const item = (await call("GET", `/items/${id}`, { key })).body;
      expect([user, item.status, item.executionStatus, item.error.code]).toEqual([user, status, exec, exec]);
    }
  });

  it("execution settles on a timer without polling, and webhooks fire", async () => {
    const { call, apiKey, sandbox, sent } = make({ execution: { pollsToSettle: 100, settleAfterMs: 30, background: true } });
    const key = await apiKey();
    const id = (await call("POST", "/items", { key, body: { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" }, webhookUrl: "https://app.test/h" } })).body.id as string;
    // Nobody polls: only the timer can settle it (listItems does not advance executions).
    const deadline = Date.now() + 5000;
    let status = "";
    while (Date.now() < deadline) {
      status = (await sandbox.control.listItems()).find((i) => i.id === id)?.status ?? "";
      if (status !== "UPDATING") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe("UPDATED");
    await sandbox.control.flushWebhooks();
    expect(sent.map((d) => d.event)).toContain("item/created");
  });

  it("PATCH is limited per Item per minute (429 with Retry-After)", async () => {
    const { call, apiKey, sandbox } = make({ patchLimitPerMinute: 2 });
    const key = await apiKey();
    const id = (await call("POST", "/items", { key, body: { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } } })).body.id as string;
    await sandbox.control.settleAll();
    for (let i = 0; i < 2; i++) {
      expect((await call("PATCH", `/items/${id}`, { key, body: {} })).status).toBe(200);
      await sandbox.control.settleAll();
    }
    const limited = await call("PATCH", `/items/${id}`, { key, body: {} });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers?.["Retry-After"])).toBeGreaterThan(0);
    expect(limited.body.code).toBe(429);
  });

  it("clients only see their own Items", async () => {
    const { call, sandbox } = make();
    const k1 = (await call("POST", "/auth", { body: { clientId: "c1", clientSecret: "x" } })).body.apiKey as string;
    const k2 = (await call("POST", "/auth", { body: { clientId: "c2", clientSecret: "y" } })).body.apiKey as string;
    const id = (await call("POST", "/items", { key: k1, body: { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } } })).body.id as string;
    await sandbox.control.settleAll();
    expect((await call("GET", `/items/${id}`, { key: k2 })).status).toBe(404);
    expect((await call("GET", `/accounts?itemId=${id}`, { key: k2 })).status).toBe(404);
  });
});

describe("transactions", () => {
  it("v2 cursor neither repeats nor skips rows when a sync inserts and deletes between pages", async () => {
    const { call, apiKey, sandbox, clock } = make({ v2PageSize: 25 });
    const key = await apiKey();
    const id = (await call("POST", "/items", { key, body: { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } } })).body.id as string;
    await sandbox.control.settleAll();
    const card = ((await call("GET", `/accounts?itemId=${id}&type=CREDIT`, { key })).body.results as Array<{ id: string }>)[0]!;
    const first = await call("GET", `/v2/transactions?accountId=${card.id}`, { key });
    expect(first.body.results).toHaveLength(25);
    const next = new URL(first.body.next as string);
    expect(next.origin).toBe("http://sandbox.test");
    const after = next.searchParams.get("after")!;
    const snapshotIds = new Set<string>();

    // Time passes and a sync runs between page 1 and page 2.
    clock.advance(4);
    await sandbox.control.runAutoSync(id);
    await sandbox.control.settleAll();

    const seen = new Set<string>(first.body.results.map((t: { id: string }) => t.id));
    let cursor: string | null = after;
    while (cursor) {
      const page = await call("GET", `/v2/transactions?accountId=${card.id}&after=${cursor}`, { key });
      expect(page.status).toBe(200);
      for (const t of page.body.results as Array<{ id: string }>) {
        expect(seen.has(t.id)).toBe(false);
        seen.add(t.id);
      }
      cursor = page.body.next ? new URL(page.body.next as string).searchParams.get("after") : null;
    }
    const full = await call("GET", `/transactions?accountId=${card.id}&pageSize=500`, { key });
    for (const t of full.body.results as Array<{ id: string; date: string }>) snapshotIds.add(t.id);
    // Every row that exists now and sorts after page 1's last row was returned.
    const lastOfFirst = first.body.results.at(-1) as { id: string; date: string };
    for (const t of full.body.results as Array<{ id: string; date: string }>) {
      const later = t.date < lastOfFirst.date || (t.date === lastOfFirst.date && t.id > lastOfFirst.id);
      if (later) expect(seen.has(t.id)).toBe(true);
    }
    expect(snapshotIds.size).toBeGreaterThan(25);

    expect((await call("GET", `/v2/transactions?accountId=${card.id}&after=garbage`, { key })).status).toBe(400);
  });

  it("PATCH /transactions/{id} sets a category that survives later syncs", async () => {
    const { call, apiKey, sandbox } = make();
    const key = await apiKey();
    const id = (await call("POST", "/items", { key, body: { connectorId: 0, parameters: { user: "user-ok", password: "password-ok" } } })).body.id as string;
    await sandbox.control.settleAll();
    const acc = ((await call("GET", `/accounts?itemId=${id}`, { key })).body.results as Array<{ id: string }>)[0]!;
    const tx = ((await call("GET", `/v2/transactions?accountId=${acc.id}`, { key })).body.results as Array<{ id: string; status: string }>).find((t) => t.status === "POSTED")!;
    const cats = (await call("GET", "/categories", { key })).body.results as Array<{ id: string; description: string }>;
    const res = await call("PATCH", `/transactions/${tx.id}`, { key, body: { categoryId: cats[1]!.id } });
    expect([res.status, res.body.categoryId, res.body.category]).toEqual([200, cats[1]!.id, cats[1]!.description]);
    await call("PATCH", `/items/${id}`, { key, body: {} });
    await sandbox.control.settleAll();
    expect((await call("GET", `/transactions/${tx.id}`, { key })).body.categoryId).toBe(cats[1]!.id);
    expect((await call("PATCH", `/transactions/${tx.id}`, { key, body: { categoryId: "nope" } })).status).toBe(400);
  });
});

