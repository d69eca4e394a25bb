/** The sandbox clock and store, and the Plaid emulator's state surviving a restart. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { DEFAULT_SANDBOX_BASE, createSandboxClock } from "@bank-connections/sandbox/core/clock";
import { DAY_MS } from "@bank-connections/sandbox/data/dates";
import { createPlaidSandbox, createPlaidState, plaidSection, plaidStateOf } from "@bank-connections/sandbox/plaid";
import { createFileStore, createInitialState, createMemoryStore, normalizeState, setSection, type SandboxStore } from "@bank-connections/sandbox/core/store";

const dirs: string[] = [];
function tmpFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-store-"));
  dirs.push(dir);
  return path.join(dir, "nested", "state.json");
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("clock", () => {
  test("a fixed base plus an offset in days", () => {
    const c = createSandboxClock();
    expect(c.now().toISOString()).toBe(new Date(DEFAULT_SANDBOX_BASE).toISOString());
    expect(c.advance(1.5)).toBe(Date.parse(DEFAULT_SANDBOX_BASE) + 1.5 * DAY_MS);
    expect(c.offsetDays).toBe(1.5);
    c.set({ baseMs: Date.parse("2030-01-01T00:00:00Z"), offsetDays: 0 });
    expect(c.now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(createSandboxClock({ base: "2025-05-05T00:00:00Z", offsetDays: 2 }).nowMs()).toBe(Date.parse("2025-05-07T00:00:00Z"));
    expect(() => createSandboxClock({ base: "not a date" })).toThrow();
    expect(() => c.advance(Number.NaN)).toThrow();
  });
});

/** A fresh state whose Plaid section starts from `seed`. */
function seeded(seed: number) {
  const state = createInitialState();
  setSection(state, plaidSection, createPlaidState(seed));
  return state;
}

function storeContract(name: string, make: () => SandboxStore) {
  describe(`${name} store`, () => {
    test("update commits, read returns private copies, a throwing update changes nothing", async () => {
      const store = make();
      expect(await store.update((s) => (plaidStateOf(s).counter = 5))).toBe(5);
      const copy = await store.read();
      plaidStateOf(copy).counter = 99;
      expect(plaidStateOf(await store.read()).counter).toBe(5);
      await expect(
        store.update((s) => {
          plaidStateOf(s).counter = 7;
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(plaidStateOf(await store.read()).counter).toBe(5);
    });

    test("concurrent updates are serialised", async () => {
      const store = make();
      await Promise.all(Array.from({ length: 40 }, () => store.update((s) => (plaidStateOf(s).counter += 1))));
      expect(plaidStateOf(await store.read()).counter).toBe(40);
    });
  });
}

storeContract("memory", () => createMemoryStore());
storeContract("file", () => createFileStore(tmpFile()));

describe("file store", () => {
  test("writes atomically (no temp files left) and a new instance reads it back", async () => {
    const file = tmpFile();
    const a = createFileStore(file);
    await a.update((s) => {
      s.sections.pluggy = { items: ["x"] };
      s.clock = { baseMs: 1, offsetDays: 3 };
    });
    expect(fs.readdirSync(path.dirname(file))).toEqual(["state.json"]);
    const b = createFileStore(file);
    const s = await b.read();
    expect(s.sections).toEqual({ pluggy: { items: ["x"] } });
    expect(s.clock).toEqual({ baseMs: 1, offsetDays: 3 });
  });

  test("picks up changes written by another instance", async () => {
    const file = tmpFile();
    const a = createFileStore(file);
    const b = createFileStore(file);
    await a.update((s) => (plaidStateOf(s).counter = 1));
    expect(plaidStateOf(await b.read()).counter).toBe(1);
    await b.update((s) => (plaidStateOf(s).counter += 1));
    expect(plaidStateOf(await a.read()).counter).toBe(2);
  });

  test("a corrupt file is moved aside and a fresh state starts", async () => {
    const file = tmpFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "{ definitely not json");
    const store = createFileStore(file, { initial: () => seeded(7) });
    expect(plaidStateOf(await store.read()).seed).toBe(7);
    expect(fs.readdirSync(path.dirname(file)).some((f) => f.startsWith("state.json.corrupt-"))).toBe(true);
  });
});

describe("sections", () => {
  test("a version 1 file (plaid at the top, pluggy under ext) is read as sections", async () => {
    const v1 = { version: 1, clock: { baseMs: 5, offsetDays: 1 }, plaid: { ...createPlaidState(9), counter: 3 }, ext: { pluggy: { version: 1, items: {} }, appLinkInstitutions: {} } };
    const state = normalizeState(JSON.parse(JSON.stringify(v1)));
    expect(state.version).toBe(2);
    expect(state.clock).toEqual({ baseMs: 5, offsetDays: 1 });
    expect(Object.keys(state.sections).sort()).toEqual(["appLinkInstitutions", "plaid", "pluggy"]);
    expect(plaidStateOf(state)).toMatchObject({ seed: 9, counter: 3 });
    const file = tmpFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(v1));
    const store = createFileStore(file);
    expect(plaidStateOf(await store.read()).counter).toBe(3);
    await store.update((s) => (plaidStateOf(s).counter += 1));
    const written = JSON.parse(fs.readFileSync(file, "utf8")) as { version: number; sections: { plaid: { counter: number } } };
    expect(written.version).toBe(2);
    expect(written.sections.plaid.counter).toBe(4);
  });

  test("an emulator's section is created on first use and is one object within a draft", () => {
    const state = createInitialState();
    expect(state.sections).toEqual({});
    const a = plaidStateOf(state);
    a.counter = 2;
    expect(plaidStateOf(state)).toBe(a);
    expect(plaidStateOf(state).counter).toBe(2);
    expect(() => normalizeState({ version: 1, clock: null })).toThrow();
  });
});

describe("the Plaid emulator keeps its state across restarts (file store)", () => {
  const H = { "plaid-client-id": "c", "plaid-secret": "s" };

  test("items, tokens, cursors and the clock offset survive", async () => {
    const file = tmpFile();
    const first = createPlaidSandbox({ store: createFileStore(file), clock: createSandboxClock() });
    const pt = await first.handle({ path: "/sandbox/public_token/create", headers: H, body: { institution_id: "ins_43", initial_products: ["transactions"] } });
    const publicToken = (pt.body as { public_token: string }).public_token;
    const ex = await first.handle({ path: "/item/public_token/exchange", headers: H, body: { public_token: publicToken } });
    const accessToken = (ex.body as { access_token: string }).access_token;
    let cursor: string | undefined;
    for (;;) {
      const r = await first.handle({ path: "/transactions/sync", headers: H, body: { access_token: accessToken, cursor, count: 500 } });
      const b = r.body as { next_cursor: string; has_more: boolean };
      cursor = b.next_cursor;
      if (!b.has_more) break;
    }
    await first.advanceClock(2);

    // "Restart": new store instance, new clock object at offset 0, new emulator.
    const clock = createSandboxClock();
    const second = createPlaidSandbox({ store: createFileStore(file), clock });
    const accounts = await second.handle({ path: "/accounts/get", headers: H, body: { access_token: accessToken } });
    expect(accounts.status).toBe(200);
    expect((accounts.body as { accounts: { balances: { iso_currency_code: string } }[] }).accounts[0]?.balances.iso_currency_code).toBe("CAD");
    expect(clock.nowMs()).toBe(Date.parse(DEFAULT_SANDBOX_BASE) + 2 * DAY_MS);
    const next = await second.handle({ path: "/transactions/sync", headers: H, body: { access_token: accessToken, cursor } });
    expect(next.status).toBe(200);
    expect((next.body as { added: unknown[] }).added.length).toBeGreaterThan(0);
    const replay = await second.handle({ path: "/item/public_token/exchange", headers: H, body: { public_token: publicToken } });
    expect(replay.body).toMatchObject({ error_code: "INVALID_PUBLIC_TOKEN" });
  });

  test("same seed, same calls → identical data; tokens and item ids are random (never derived from the seed)", async () => {
    const run = async () => {
      const plaid = createPlaidSandbox({ store: createMemoryStore(), clock: createSandboxClock() });
      const pt = await plaid.handle({ path: "/sandbox/public_token/create", headers: H, body: { institution_id: "ins_150601", initial_products: ["transactions"] } });
      const ex = await plaid.handle({ path: "/item/public_token/exchange", headers: H, body: { public_token: (pt.body as { public_token: string }).public_token } });
      const sync = await plaid.handle({ path: "/transactions/sync", headers: H, body: { access_token: (ex.body as { access_token: string }).access_token, count: 50 } });
      return { publicToken: (pt.body as { public_token: string }).public_token, exchanged: ex.body as { access_token: string; item_id: string }, sync: sync.body };
    };
    // Ids derived from the item id (accounts, transactions, the cursor) differ with it; the rest is the same data.
    const ID_FIELDS = new Set(["transaction_id", "account_id", "pending_transaction_id", "next_cursor", "request_id"]);
    const data = (v: unknown): string => JSON.stringify(v, (k, x: unknown) => (ID_FIELDS.has(k) ? undefined : x));
    const a = await run();
    const b = await run();
    expect(a.publicToken).toMatch(/^public-sandbox-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.exchanged.access_token).toMatch(/^access-sandbox-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.exchanged.item_id).toMatch(/^[0-9A-Za-z]{37}$/);
    expect(b.publicToken).not.toBe(a.publicToken);
    expect(b.exchanged.access_token).not.toBe(a.exchanged.access_token);
    expect(b.exchanged.item_id).not.toBe(a.exchanged.item_id);
    expect((a.sync as { added: unknown[] }).added.length).toBeGreaterThan(10);
    expect(data(b.sync)).toBe(data(a.sync));
  });
});
