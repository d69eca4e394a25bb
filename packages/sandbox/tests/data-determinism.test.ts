/**
 * The deterministic sandbox data: institutions, pure generation, coverage, currencies,
 * pending→posted linkage, balances, replayable diffs, and ground truth = what a full sync returns.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createSandboxClock } from "@bank-connections/sandbox/core/clock";
import {
  CURRENCY_BY_COUNTRY,
  DAY_MS,
  PLAID_COUNTRIES,
  balancesAt,
  dateMs,
  defaultWindow,
  diffPositions,
  generateLoginData,
  getBrConnector,
  getInstitution,
  groundTruth,
  isoDate,
  listBrConnectors,
  listInstitutions,
  searchInstitutions,
  visibleAt,
  type LoginData,
  type LoginSpec,
  type TxState,
  type ViewPosition,
} from "@bank-connections/sandbox/data";
import { createPlaidSandbox } from "@bank-connections/sandbox/plaid";
import { createMemoryStore } from "@bank-connections/sandbox/core/store";

const BASE = Date.parse("2026-11-01T12:00:00Z");
const WINDOW = defaultWindow({ baseMs: BASE, nowMs: BASE });
const FIVE: LoginSpec["layout"] = ["checking", "savings", "credit_card", "checking_2", "credit_card_2"];
const login = (over: Partial<LoginSpec> = {}): LoginSpec => ({ institutionId: "ins_109508", username: "user_good", seed: 42, ...over });
const sha = (v: unknown) => createHash("sha256").update(JSON.stringify(v)).digest("hex");

afterEach(() => {
  vi.restoreAllMocks();
});

describe("institutions", () => {
  test("at least 8 per Plaid country, well-formed, unique ids", () => {
    const seen = new Set<string>();
    for (const c of PLAID_COUNTRIES) {
      const list = listInstitutions(c);
      expect(list.length, c).toBeGreaterThanOrEqual(8);
      for (const i of list) {
        expect(i.institutionId).toMatch(/^ins_\d+$/);
        expect(seen.has(i.institutionId)).toBe(false);
        seen.add(i.institutionId);
        expect(i.countryCodes).toEqual([c]);
        expect(i.products).toContain("transactions");
        expect(i.primaryColor).toMatch(/^#[0-9a-f]{6}$/);
        expect(i.url).toMatch(/^https:\/\//);
        // PSD2 / UK Open Banking: every UK/EU bank is OAuth; in the US only Plaid's "Platypus OAuth Bank".
        expect(i.oauth, i.institutionId).toBe(["GB", "IE", "FR", "ES", "NL", "DE"].includes(c) || i.institutionId === "ins_127287");
        expect(getInstitution(i.institutionId)).toBe(i);
      }
      expect(new Set(list.map((i) => i.kind)).size).toBeGreaterThanOrEqual(2); // banks + credit unions / card issuers
    }
    expect(getInstitution("ins_109508")?.name).toBe("First Platypus Bank");
    expect(getInstitution("ins_127287")).toMatchObject({ name: "Platypus OAuth Bank", country: "US", oauth: true });
    expect(listInstitutions("US").filter((i) => i.oauth).map((i) => i.institutionId)).toEqual(["ins_127287"]);
    expect(listInstitutions("CA").some((i) => i.oauth)).toBe(false);
  });

  test("search is case- and accent-insensitive and scoped to the country", () => {
    expect(searchInstitutions("FR", "credit lavande").map((i) => i.name)).toEqual(["Crédit Lavande"]);
    expect(searchInstitutions("US", "PLATYPUS").map((i) => i.institutionId)).toContain("ins_109508");
    expect(searchInstitutions("GB", "platypus").map((i) => i.country)).toEqual(["GB"]);
    expect(searchInstitutions("DE", "zzzz")).toEqual([]);
  });

  test("Brazil: at least 8 connectors with numeric ids, plus Pluggy's sandbox ones on request", () => {
    const real = listBrConnectors({ includeSandbox: false });
    expect(real.length).toBeGreaterThanOrEqual(8);
    for (const c of real) {
      expect(Number.isInteger(c.id)).toBe(true);
      expect(["PERSONAL_BANK", "BUSINESS_BANK"]).toContain(c.type);
      expect(c.primaryColor).toMatch(/^#[0-9a-f]{6}$/);
      expect(c.country).toBe("BR");
    }
    expect(listBrConnectors().map((c) => c.id)).toEqual(expect.arrayContaining([0, 2, 5]));
    expect(getBrConnector(5)?.hasMFA).toBe(true);
  });
});

describe("generation is a pure function of (login, window)", () => {
  test("same inputs → byte-identical output, without Math.random or the wall clock", () => {
    vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random used by the generator");
    });
    vi.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("Date.now used by the generator");
    });
    const a = generateLoginData(login({ layout: FIVE }), WINDOW);
    const b = generateLoginData(login({ layout: FIVE }), WINDOW);
    expect(a).not.toBe(b);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(sha(a)).toBe(sha(b));
  });

  test("a different seed or username gives different data; idNamespace only changes ids", () => {
    const base = generateLoginData(login(), WINDOW);
    expect(sha(generateLoginData(login({ seed: 43 }), WINDOW))).not.toBe(sha(base));
    expect(sha(generateLoginData(login({ username: "someone_else" }), WINDOW))).not.toBe(sha(base));
    const renamed = generateLoginData(login({ idNamespace: "item-2" }), WINDOW);
    expect(renamed.accounts.map((a) => a.accountId)).not.toEqual(base.accounts.map((a) => a.accountId));
    expect(renamed.accounts.map((a) => a.persistentAccountId)).toEqual(base.accounts.map((a) => a.persistentAccountId));
    // Same content; only ids (and so the order of same-instant events) differ.
    const content = (d: LoginData) => d.events.map((e) => JSON.stringify([e.availableAt, e.date, e.amount, e.name, e.pending, e.kind])).sort();
    expect(content(renamed)).toEqual(content(base));
    expect(renamed.events[0]?.id).not.toBe(base.events[0]?.id);
  });

  test("a longer window only appends: what is visible at an instant does not change", () => {
    const short = generateLoginData(login(), WINDOW);
    const long = generateLoginData(login(), defaultWindow({ baseMs: BASE, nowMs: BASE + 120 * DAY_MS }));
    expect(long.events.length).toBeGreaterThan(short.events.length);
    for (const t of [BASE - 400 * DAY_MS, BASE - 3 * DAY_MS, BASE]) expect(visibleAt(long, t)).toEqual(visibleAt(short, t));
  });

  test("ids are unique and Plaid-shaped", () => {
    const d = generateLoginData(login({ layout: FIVE }), WINDOW);
    const ids = d.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^[0-9A-Za-z]{37}$/);
    expect(new Set(d.accounts.map((a) => a.mask)).size).toBe(d.accounts.length);
  });
});

describe("content", () => {
  test("24 months of history up to the clock's now, every month with salary and rent", () => {
    const d = generateLoginData(login(), WINDOW);
    expect(WINDOW.start).toBe("2024-11-01");
    const posted = Object.values(groundTruth(d, BASE)).flat();
    const dates = posted.map((t) => t.date).sort();
    expect(dates[0]! <= "2024-11-05").toBe(true);
    expect(dates[dates.length - 1]! >= isoDate(BASE - 5 * DAY_MS)).toBe(true);
    const months = new Set(posted.map((t) => t.date.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(24);
    for (const m of months) {
      if (m === "2026-11") continue; // the clock's own, barely started month
      const inMonth = posted.filter((t) => t.date.startsWith(m));
      expect(inMonth.some((t) => t.kind === "salary"), `salary in ${m}`).toBe(true);
      expect(inMonth.some((t) => t.kind === "rent"), `rent in ${m}`).toBe(true);
    }
    for (const kind of ["groceries", "utility", "subscription", "card_payment", "card_payment_received", "transfer_out", "transfer_in", "refund", "interest"] as const) {
      expect(posted.some((t) => t.kind === kind), kind).toBe(true);
    }
    for (const t of posted) expect(Math.round(t.amount * 100) / 100).toBe(t.amount);
  });

  test("each country's accounts and transactions use its currency", () => {
    for (const c of [...PLAID_COUNTRIES, "BR" as const]) {
      const institutionId = c === "BR" ? String(listBrConnectors({ includeSandbox: false })[0]!.id) : listInstitutions(c)[0]!.institutionId;
      const d = generateLoginData(login({ institutionId }), WINDOW);
      expect(d.country).toBe(c);
      expect(d.currency).toBe(CURRENCY_BY_COUNTRY[c]);
      expect(new Set(d.accounts.map((a) => a.currency))).toEqual(new Set([CURRENCY_BY_COUNTRY[c]]));
      expect(new Set(d.events.map((e) => e.currency))).toEqual(new Set([CURRENCY_BY_COUNTRY[c]]));
    }
    expect(CURRENCY_BY_COUNTRY).toMatchObject({ US: "USD", CA: "CAD", GB: "GBP", IE: "EUR", FR: "EUR", ES: "EUR", NL: "EUR", DE: "EUR", BR: "BRL" });
  });

  test("pending transactions post 1–5 days later under a new id that links back", () => {
    const d = generateLoginData(login({ layout: FIVE }), WINDOW);
    const byId = new Map(d.events.map((e) => [e.id, e]));
    const pendings = d.events.filter((e) => e.pending);
    let linked = 0;
    let expiredHolds = 0;
    for (const p of pendings) {
      expect(p.removedAt).not.toBeNull();
      if (p.postedReplacementId === null) {
        expiredHolds++;
        continue;
      }
      const posted = byId.get(p.postedReplacementId);
      expect(posted?.pending).toBe(false);
      expect(posted?.id).not.toBe(p.id);
      expect(posted?.accountId).toBe(p.accountId);
      expect(posted?.availableAt).toBe(p.removedAt);
      const lag = (dateMs(posted!.date) - dateMs(p.date)) / DAY_MS;
      expect(lag).toBeGreaterThanOrEqual(1);
      expect(lag).toBeLessThanOrEqual(5);
      if (posted?.pendingTransactionId === p.id) linked++;
      else expect(posted?.pendingTransactionId).toBeNull(); // the bank failed to match (rare)
    }
    expect(pendings.length).toBeGreaterThan(500);
    expect(linked / pendings.length).toBeGreaterThan(0.9);
    expect(expiredHolds).toBeGreaterThan(0);
    // Pending right now: a few per login, from the last few days only.
    let pendingNow = 0;
    for (const username of ["u1", "u2", "u3", "u4", "u5", "u6"]) {
      const now = visibleAt(generateLoginData(login({ username }), WINDOW), BASE).filter((s) => s.pending);
      pendingNow += now.length;
      for (const s of now) expect(dateMs(s.date)).toBeGreaterThanOrEqual(BASE - 6 * DAY_MS);
    }
    expect(pendingNow).toBeGreaterThanOrEqual(6);
    // Some posted transactions are later modified, some removed (reversed duplicates).
    expect(d.events.some((e) => !e.pending && e.modifiedAt !== null)).toBe(true);
    expect(d.events.some((e) => !e.pending && e.removedAt !== null)).toBe(true);
  });

  test("balances follow from the opening balance and the posted transactions", () => {
    for (const institutionId of ["ins_109508", "ins_117650", "ins_180901", "201"]) {
      const d = generateLoginData(login({ institutionId, layout: FIVE }), WINDOW);
      for (const t of [BASE - 200 * DAY_MS, BASE]) {
        const bal = balancesAt(d, t);
        const truth = groundTruth(d, t);
        for (const a of d.accounts) {
          const sum = (truth[a.accountId] ?? []).reduce((s, x) => s + x.amount, 0);
          const expected = a.type === "credit" ? a.openingBalance + sum : a.openingBalance - sum;
          expect(bal.get(a.accountId)?.current).toBeCloseTo(expected, 2);
          if (a.type === "credit") expect(bal.get(a.accountId)?.limit).toBe(a.creditLimit);
          if (a.kind === "checking") expect(bal.get(a.accountId)?.current).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe("diffs replay the timeline", () => {
  function applyChanges(set: Map<string, TxState>, d: LoginData, from: ViewPosition | null, to: ViewPosition): void {
    for (const c of diffPositions(d, from, to)) {
      if (c.type === "removed") {
        expect(set.has(c.tx.id)).toBe(true);
        set.delete(c.tx.id);
      } else {
        expect(set.has(c.tx.id)).toBe(c.type === "modified");
        set.set(c.tx.id, c.tx);
      }
    }
  }

  test("nothing → t1 → t2 (and a lower minDate) equals what is visible at t2", () => {
    const d = generateLoginData(login({ username: "replay", layout: FIVE }), defaultWindow({ baseMs: BASE, nowMs: BASE + 60 * DAY_MS }));
    expect(visibleAt(d, BASE).filter((s) => s.pending).length).toBeGreaterThan(0);
    const steps: ViewPosition[] = [
      { t: BASE - 30 * DAY_MS, minDate: "2026-06-01" },
      { t: BASE - 29.5 * DAY_MS, minDate: "2026-06-01" },
      { t: BASE, minDate: "2026-06-01" },
      { t: BASE, minDate: "2025-01-01" },
      { t: BASE + 45 * DAY_MS, minDate: "2025-01-01" },
    ];
    const set = new Map<string, TxState>();
    let prev: ViewPosition | null = null;
    for (const pos of steps) {
      applyChanges(set, d, prev, pos);
      const expected = visibleAt(d, pos.t, { minDate: pos.minDate });
      expect(set.size).toBe(expected.length);
      for (const s of expected) expect(set.get(s.id)).toEqual(s);
      prev = pos;
    }
    const week = diffPositions(d, { t: BASE, minDate: "" }, { t: BASE + 7 * DAY_MS, minDate: "" });
    const removedPending = new Set(week.filter((c) => c.type === "removed" && c.tx.pending).map((c) => c.tx.id));
    expect(week.some((c) => c.type === "added" && c.tx.pendingTransactionId !== null && removedPending.has(c.tx.pendingTransactionId))).toBe(true);
    const ats = week.map((c) => c.at);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
  });
});

describe("ground truth", () => {
  const H = { "plaid-client-id": "c", "plaid-secret": "s" };

  async function fullSync(plaid: ReturnType<typeof createPlaidSandbox>, accessToken: string, local: Map<string, { pending: boolean; amount: number; name: string; date: string }>, cursor?: string) {
    for (;;) {
      const r = await plaid.handle({ path: "/transactions/sync", headers: H, body: { access_token: accessToken, cursor, count: 500 } });
      expect(r.status).toBe(200);
      const b = r.body as {
        added: { transaction_id: string; pending: boolean; amount: number; name: string; date: string }[];
        modified: { transaction_id: string; pending: boolean; amount: number; name: string; date: string }[];
        removed: { transaction_id: string }[];
        next_cursor: string;
        has_more: boolean;
      };
      for (const t of [...b.added, ...b.modified]) local.set(t.transaction_id, t);
      for (const t of b.removed) local.delete(t.transaction_id);
      cursor = b.next_cursor;
      if (!b.has_more) return cursor;
    }
  }

  test("matches what a full /transactions/sync returns, before and after the clock moves", async () => {
    const clock = createSandboxClock();
    const plaid = createPlaidSandbox({ store: createMemoryStore(), clock });
    const pt = await plaid.handle({ path: "/sandbox/public_token/create", headers: H, body: { institution_id: "ins_170801", initial_products: ["transactions"], options: { transactions: { days_requested: 400 } } } });
    const ex = await plaid.handle({ path: "/item/public_token/exchange", headers: H, body: { public_token: (pt.body as { public_token: string }).public_token } });
    const accessToken = (ex.body as { access_token: string }).access_token;
    const local = new Map<string, { pending: boolean; amount: number; name: string; date: string }>();

    const check = async () => {
      const info = await plaid.inspectItem(accessToken);
      const d = generateLoginData(info.login, info.window);
      const truth = groundTruth(d, info.nowMs, { minDate: info.minDate });
      expect(await plaid.groundTruth(accessToken)).toEqual(truth);
      const posted = Object.values(truth).flat();
      const localPosted = [...local.entries()].filter(([, t]) => !t.pending);
      expect(localPosted.length).toBe(posted.length);
      for (const p of posted) expect(local.get(p.id)).toMatchObject({ amount: p.amount, name: p.name, date: p.date, pending: false });
      for (const p of posted) expect(p.date >= info.minDate).toBe(true);
      return posted.length;
    };

    let cursor = await fullSync(plaid, accessToken, local);
    const n1 = await check();
    expect(n1).toBeGreaterThan(500);
    for (const days of [1, 4, 30]) {
      await plaid.advanceClock(days);
      cursor = await fullSync(plaid, accessToken, local, cursor);
      await check();
    }
  });
});

describe("speed", () => {
  test("24 months × 5 accounts generate well under a second", () => {
    generateLoginData(login({ username: "warmup", layout: FIVE }), WINDOW);
    const t = performance.now();
    const d = generateLoginData(login({ username: "timed", layout: FIVE }), WINDOW);
    const ms = performance.now() - t;
    expect(d.accounts).toHaveLength(5);
    expect(ms).toBeLessThan(1000);
  });
});
