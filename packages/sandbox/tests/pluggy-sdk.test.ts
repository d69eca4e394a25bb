/**
 * The Pluggy emulator driven by the OFFICIAL pluggy-sdk over real HTTP: the shared sandbox harness
 * (testing/harness.ts, node:http on 127.0.0.1:0) with Pluggy mounted under /pluggy.
 * Counts are checked against the shared sandbox data (data/), so a broken mapping,
 * paging, lifecycle or auth fails here.
 */
import { describe, expect, it } from "vitest";
import { DAY_MS, defaultWindow, diffPositions, getLoginData, isoDate } from "@bank-connections/sandbox/data";
import { accountIdFor, transactionIdFor } from "@bank-connections/sandbox/pluggy/transform";
import { api, client, clock, dataFor, expectedByAccount, rejection, SEED, sandbox, sent, waitWhileUpdating, registerPluggySdkHarness } from "./pluggy-sdk-support";

registerPluggySdkHarness();

describe("pluggy-sdk against the emulator", () => {
  it("auth → connect token → item → accounts → every transaction, matching the sandbox data", async () => {
    const hook = await client.createWebhook("all", "http://127.0.0.1:9/hooks/pluggy", { "X-Webhook-Secret": "s3cret" });
    expect(hook.createdAt).toBeInstanceOf(Date);

    const { accessToken } = await client.createConnectToken(undefined, { clientUserId: "user-1", webhookUrl: "http://127.0.0.1:9/hooks/item" });
    expect(accessToken.split(".")).toHaveLength(3);

    const created = await client.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: "user-1" });
    expect(created.status).toBe("UPDATING");
    expect(created.executionStatus).toBe("CREATED");
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.connector.id).toBe(0);
    expect(created.connector.isSandbox).toBe(true);

    const { item, polls } = await waitWhileUpdating(created.id);
    expect(polls).toBe(3); // pollsToSettle: 3
    expect(item.status).toBe("UPDATED");
    expect(item.executionStatus).toBe("SUCCESS");
    expect(item.error).toBeNull();
    expect(item.lastUpdatedAt).toBeInstanceOf(Date);
    expect(item.clientUserId).toBe("user-1");

    const accounts = await client.fetchAccounts(item.id);
    const data = dataFor(0, "user-ok");
    expect(accounts.total).toBe(data.accounts.length);
    expect(accounts.results.map((a) => a.type).sort()).toEqual(data.accounts.map((a) => (a.type === "credit" ? "CREDIT" : "BANK")).sort());

    const historyFrom = isoDate(clock.nowMs() - 365 * DAY_MS);
    const expected = expectedByAccount(data, clock.nowMs(), historyFrom);
    sandbox.control.clearRequestLog();
    let grandTotal = 0;
    for (const source of data.accounts) {
      const accountId = accountIdFor(item.id, source);
      const account = accounts.results.find((a) => a.id === accountId);
      expect(account, source.name).toBeDefined();
      const wantIds = (expected.get(source.accountId) ?? []).map((id) => transactionIdFor(item.id, id)).sort();
      expect(wantIds.length).toBeGreaterThan(0);

      // v2 cursor sweep through the SDK (several pages: v2PageSize is 40).
      const all = await client.fetchAllTransactions(accountId);
      expect(all.map((t) => t.id).sort()).toEqual(wantIds);
      expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
      for (const t of all) {
        expect(t.date).toBeInstanceOf(Date);
        expect(t.createdAt).toBeInstanceOf(Date);
        expect(t.accountId).toBe(accountId);
        expect(t.currencyCode).toBe("BRL");
        // Sign conventions: BANK debit < 0; CREDIT (card) inverted, purchase > 0.
        if (t.amount !== 0) {
          const outflow = t.type === "DEBIT";
          expect(account!.type === "CREDIT" ? t.amount > 0 : t.amount < 0).toBe(outflow);
        }
      }
      // Window filter on the transaction date.
      const since = isoDate(clock.nowMs() - 30 * DAY_MS);
      const recent = await client.fetchAllTransactions(accountId, { dateFrom: since });
      expect(recent.length).toBe(all.filter((t) => t.date.toISOString().slice(0, 10) >= since).length);

      // Legacy page form, walked like Actual Budget does.
      const seen: string[] = [];
      let page = 1;
      let totalPages = 1;
      do {
        const res = await client.fetchTransactions(accountId, { page, pageSize: 50 });
        expect(res.total).toBe(wantIds.length);
        totalPages = res.totalPages;
        seen.push(...res.results.map((t) => t.id));
        page++;
      } while (page <= totalPages);
      expect(seen.sort()).toEqual(wantIds);
      grandTotal += wantIds.length;
    }
    expect(grandTotal).toBeGreaterThan(100);
    const v2Calls = sandbox.control.requestLog().filter((r) => r.path === "/v2/transactions" && r.status === 200);
    expect(v2Calls.length).toBeGreaterThan(data.accounts.length * 2); // the cursor was followed

    const one = await client.fetchTransaction(transactionIdFor(item.id, (expected.get(data.accounts[0]!.accountId) ?? [])[0]!));
    expect(one.accountId).toBe(accountIdFor(item.id, data.accounts[0]!));

    // Webhooks of the creation, with the subscription's secret header.
    await sandbox.control.flushWebhooks();
    const events = sent.filter((d) => JSON.parse(d.body).itemId === item.id);
    const names = events.filter((d) => d.url.endsWith("/hooks/pluggy")).map((d) => d.event);
    expect(names.slice(0, 2)).toEqual(["item/login_succeeded", "item/created"]);
    expect(names.filter((n) => n === "transactions/created")).toHaveLength(data.accounts.length);
    for (const d of events.filter((e) => e.url.endsWith("/hooks/pluggy"))) expect(d.headers["X-Webhook-Secret"]).toBe("s3cret");
    const txCreated = JSON.parse(events.find((d) => d.event === "transactions/created")!.body);
    expect(txCreated.createdTransactionsLink).toContain(`${api}/transactions?accountId=${txCreated.accountId}`);
    expect(new Date(txCreated.transactionsCreatedAtFrom).toISOString()).toBe(txCreated.transactionsCreatedAtFrom);
  });

  it("wrong password → LOGIN_ERROR / INVALID_CREDENTIALS, with item/error", async () => {
    const created = await client.createItem(0, { user: "user-ok", password: "wrong" }, { webhookUrl: "http://127.0.0.1:9/hooks/bad" });
    const { item } = await waitWhileUpdating(created.id);
    expect(item.status).toBe("LOGIN_ERROR");
    expect(item.executionStatus).toBe("INVALID_CREDENTIALS");
    expect(item.error).toEqual({ code: "INVALID_CREDENTIALS", message: "Invalid credentials." });
    expect((await client.fetchAccounts(item.id)).results).toHaveLength(0);
    await sandbox.control.flushWebhooks();
    const err = sent.find((d) => d.url.endsWith("/hooks/bad") && d.event === "item/error");
    expect(JSON.parse(err!.body).error.code).toBe("INVALID_CREDENTIALS");
  });

  it("site down user and OFFLINE connector → OUTDATED / SITE_NOT_AVAILABLE", async () => {
    const a = await waitWhileUpdating((await client.createItem(0, { user: "user-unavailable", password: "password-ok" })).id);
    expect([a.item.status, a.item.executionStatus]).toEqual(["OUTDATED", "SITE_NOT_AVAILABLE"]);
    await sandbox.control.setConnectorHealth(201, "OFFLINE");
    try {
      const b = await waitWhileUpdating((await client.createItem(201, { user: "user-ok", password: "password-ok" })).id);
      expect([b.item.status, b.item.executionStatus]).toEqual(["OUTDATED", "SITE_NOT_AVAILABLE"]);
      expect(b.item.connector.health.status).toBe("OFFLINE");
    } finally {
      await sandbox.control.setConnectorHealth(201, "ONLINE");
    }
  });

  it("MFA connector: WAITING_USER_INPUT → updateItemMFA → UPDATED", async () => {
    const created = await client.createItem(5, { user: "user-ok", password: "password-ok" });
    const { item } = await waitWhileUpdating(created.id);
    expect(item.status).toBe("WAITING_USER_INPUT");
    expect(item.parameter?.name).toBe("token");
    expect(item.parameter?.mfa).toBe(true);
    const resumed = await client.updateItemMFA(item.id, { token: "123456" });
    expect(resumed.status).toBe("UPDATING");
    const done = await waitWhileUpdating(item.id);
    expect([done.item.status, done.item.executionStatus]).toEqual(["UPDATED", "SUCCESS"]);
  });

  it("PATCH cycle: UPDATING → UPDATED again, item/updated triggeredBy CLIENT, ids stable", async () => {
    const created = await client.createItem(202, { user: "user-ok", password: "password-ok" }, { webhookUrl: "http://127.0.0.1:9/hooks/patch" });
    const first = await waitWhileUpdating(created.id);
    expect(first.item.status).toBe("UPDATED");
    const accounts = await client.fetchAccounts(created.id);
    const before = await client.fetchAllTransactions(accounts.results[0]!.id);

    const patched = await client.updateItem(created.id);
    expect(patched.status).toBe("UPDATING");
    // A second PATCH while updating is refused.
    const busy = await rejection(client.updateItem(created.id));
    expect(busy).toMatchObject({ code: 400, codeDescription: "ITEM_ALREADY_UPDATING" });
    const again = await waitWhileUpdating(created.id);
    expect([again.item.status, again.item.executionStatus]).toEqual(["UPDATED", "SUCCESS"]);
    expect(again.item.lastUpdatedAt!.getTime()).toBeGreaterThan(first.item.lastUpdatedAt!.getTime());

    const after = await client.fetchAllTransactions(accounts.results[0]!.id);
    expect(after.map((t) => t.id).sort()).toEqual(before.map((t) => t.id).sort());

    await sandbox.control.flushWebhooks();
    const updated = sent.filter((d) => d.url.endsWith("/hooks/patch") && d.event === "item/updated").map((d) => JSON.parse(d.body));
    expect(updated).toHaveLength(1);
    expect(updated[0].triggeredBy).toBe("CLIENT");
    expect(updated[0].itemId).toBe(created.id);
  });

  it("setItemLoginError → reconnect needs new credentials; same Item, same ids", async () => {
    const created = await client.createItem(203, { user: "user-ok", password: "password-ok" });
    await waitWhileUpdating(created.id);
    const accountId = (await client.fetchAccounts(created.id)).results[0]!.id;
    const ids = (await client.fetchAllTransactions(accountId)).map((t) => t.id).sort();

    const broken = await sandbox.setItemLoginError(created.id);
    expect(broken.status).toBe("LOGIN_ERROR");
    expect((await client.fetchItem(created.id)).executionStatus).toBe("INVALID_CREDENTIALS");

    await client.updateItem(created.id); // retry with the stored (now rejected) credentials
    expect((await waitWhileUpdating(created.id)).item.status).toBe("LOGIN_ERROR");

    await client.updateItem(created.id, { user: "user-ok", password: "password-ok" });
    const fixed = await waitWhileUpdating(created.id);
    expect([fixed.item.status, fixed.item.executionStatus]).toEqual(["UPDATED", "SUCCESS"]);
    expect(fixed.item.consecutiveFailedLoginAttempts).toBe(0);
    expect((await client.fetchAllTransactions(accountId)).map((t) => t.id).sort()).toEqual(ids);
  });

  it("clock advance → every auto-update due meanwhile ran at its instant (triggeredBy SYNC): created / updated / deleted exactly as the bank changed", async () => {
    const created = await client.createItem(205, { user: "user-ok", password: "password-ok" }, { webhookUrl: "http://127.0.0.1:9/hooks/sync" });
    const first = await waitWhileUpdating(created.id);
    expect(first.item.nextAutoSyncAt).toBeInstanceOf(Date);
    const t0 = clock.nowMs();
    expect(first.item.nextAutoSyncAt!.getTime()).toBe(t0 + DAY_MS);
    const historyFrom = isoDate(t0 - 365 * DAY_MS);
    const pos = (t: number) => ({ t, minDate: historyFrom });
    const dataAt = (t: number) =>
      getLoginData({ institutionId: "205", username: "user-ok", seed: SEED }, defaultWindow({ baseMs: clock.baseMs, nowMs: t }));

    // Advance far enough (≥ 2 days, past the 24 h auto-sync) for a pending purchase to post.
    let days = 2;
    while (days < 30 && !diffPositions(dataAt(t0 + days * DAY_MS), pos(t0), pos(t0 + days * DAY_MS)).some((c) => c.type === "removed" && c.tx.pending)) days++;
    const t1 = t0 + days * DAY_MS;
    const data = dataAt(t1);
    // One auto-update a day: step k sees the bank between t0 + (k-1) days and t0 + k days.
    const steps = Array.from({ length: days }, (_, k) => diffPositions(data, pos(t0 + k * DAY_MS), pos(t0 + (k + 1) * DAY_MS)));
    const idsOf = (changes: ReturnType<typeof diffPositions>, type: string) => changes.filter((c) => c.type === type).map((c) => transactionIdFor(created.id, c.tx.id));
    const allOf = (type: string) => steps.flatMap((c) => idsOf(c, type)).sort();
    expect(allOf("removed").length).toBeGreaterThan(0);

    await sandbox.control.advanceClock(days);
    try {
      // Already finished: no UPDATING left over from the jump.
      const synced = await client.fetchItem(created.id);
      expect([synced.status, synced.executionStatus]).toEqual(["UPDATED", "SUCCESS"]);
      // (Other Items' updates due at the same instant ran just before: ingestion instants strictly increase.)
      expect(synced.lastUpdatedAt!.getTime() - t1).toBeGreaterThanOrEqual(0);
      expect(synced.lastUpdatedAt!.getTime() - t1).toBeLessThan(1000);
      expect(synced.nextAutoSyncAt!.getTime()).toBe(t1 + DAY_MS);
      const expected = expectedByAccount(data, t1, historyFrom);
      for (const source of data.accounts) {
        const got = await client.fetchAllTransactions(accountIdFor(created.id, source));
        expect(got.map((t) => t.id).sort()).toEqual((expected.get(source.accountId) ?? []).map((id) => transactionIdFor(created.id, id)).sort());
      }

      await sandbox.control.flushWebhooks();
      const hooks = sent.filter((d) => d.url.endsWith("/hooks/sync")).map((d) => JSON.parse(d.body));
      const itemUpdated = hooks.filter((h) => h.event === "item/updated");
      expect(itemUpdated).toHaveLength(days);
      for (const h of itemUpdated) expect(h.triggeredBy).toBe("SYNC");
      const listed = (event: string) => hooks.filter((h) => h.event === event).flatMap((h) => h.transactionIds as string[]).sort();
      expect(listed("transactions/deleted")).toEqual(allOf("removed"));
      expect(listed("transactions/updated")).toEqual(allOf("modified"));
      for (const id of listed("transactions/deleted").slice(0, 3)) {
        expect(await rejection(client.fetchTransaction(id))).toMatchObject({ code: 404 });
      }

      // transactions/created of each update: stamped with that update's instant, counting that step's new rows.
      const syncCreated = hooks.filter((h) => h.event === "transactions/created" && h.transactionsCreatedAtFrom > first.item.lastUpdatedAt!.toISOString());
      for (const h of syncCreated) {
        const k = Math.round((Date.parse(h.transactionsCreatedAtFrom) - t0) / DAY_MS);
        expect(Math.abs(Date.parse(h.transactionsCreatedAtFrom) - (t0 + k * DAY_MS))).toBeLessThan(1000);
        expect(k >= 1 && k <= days).toBe(true);
        const source = data.accounts.find((a) => accountIdFor(created.id, a) === h.accountId)!;
        expect(h.transactionsCount).toBe(steps[k - 1]!.filter((c) => c.type === "added" && c.tx.accountId === source.accountId).length);
      }
      expect(syncCreated.reduce((n, h) => n + h.transactionsCount, 0)).toBe(allOf("added").length);
      // What is still there of it is exactly what the bank added between t0 and t1.
      const fresh: string[] = [];
      for (const source of data.accounts) {
        const rows = await client.fetchAllTransactions(accountIdFor(created.id, source), { createdAtFrom: new Date(first.item.lastUpdatedAt!.getTime() + 1).toISOString() });
        fresh.push(...rows.map((t) => t.id));
      }
      expect(fresh.sort()).toEqual(idsOf(diffPositions(data, pos(t0), pos(t1)), "added").sort());
    } finally {
      await sandbox.control.advanceClock(-days);
    }
  });

  it("deleteItem answers 200 and the Item is gone", async () => {
    const created = await client.createItem(0, { user: "user-ok", password: "password-ok" });
    await waitWhileUpdating(created.id);
    const accountId = (await client.fetchAccounts(created.id)).results[0]!.id;
    await client.deleteItem(created.id);
    expect(sandbox.control.requestLog().filter((r) => r.method === "DELETE").at(-1)?.status).toBe(200);
    expect(await rejection(client.fetchItem(created.id))).toMatchObject({ code: 404 });
    expect(await rejection(client.fetchAccount(accountId))).toMatchObject({ code: 404 });
  });

});
