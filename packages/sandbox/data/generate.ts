/**
 * The deterministic timeline generator: (login, window) → accounts + transaction events.
 *
 * Each calendar month draws from its own PRNG stream (seeded by the login and the month), and the
 * only state carried between months (card statement totals, savings balance) is itself derived
 * from earlier months. So a longer window yields a superset of a shorter one with identical
 * prefixes: advancing the sandbox clock only appends events.
 */
import { CURRENCY_BY_COUNTRY, PROFILES } from "./countries";
import { DAY_MS, dateMs, isoDate, monthIndex, monthStartMs } from "./dates";
import { resolveInstitution } from "./institutions";
import { MonthGen } from "./month";
import { buildAccounts, buildPersona, type GenContext } from "./persona";
import { Rng, hash32, keyOf } from "./prng";
import type { AccountKind, LoginData, LoginSpec, TimelineWindow } from "./types";

/** How many months of history the sandbox keeps before the clock's base instant. */
export const HISTORY_MONTHS = 24;

/**
 * The window the emulators generate: from the 1st of the month 24 months before the clock's
 * base instant, through `extraDays` after the later of base and now (so postings due soon exist).
 */
export function defaultWindow(clock: { baseMs: number; nowMs: number }, extraDays = 10): TimelineWindow {
  const start = isoDate(monthStartMs(monthIndex(clock.baseMs) - HISTORY_MONTHS));
  const end = isoDate(Math.max(clock.baseMs, clock.nowMs) + extraDays * DAY_MS);
  return { start, end };
}

/**
 * Generates a login's accounts and full event timeline over `window`. Pure: the same
 * (login, window) gives byte-identical output.
 */
export function generateLoginData(login: LoginSpec, window: TimelineWindow): LoginData {
  const inst = resolveInstitution(login.institutionId);
  if (!inst) throw new Error(`unknown sandbox institution ${login.institutionId}`);
  const profile = PROFILES[inst.country];
  const contentKey = keyOf("login", login.institutionId, login.username, login.seed);
  const loginRng = new Rng(hash32(keyOf(contentKey, "persona")));
  const persona = buildPersona(login, profile, loginRng);
  const firstMonth = monthIndex(dateMs(window.start));
  const lastMonth = monthIndex(dateMs(window.end));
  const partial = {
    login,
    country: inst.country,
    profile,
    institutionName: inst.name,
    persona,
    idKey: keyOf(contentKey, "ids", login.idNamespace ?? ""),
    contentKey,
    firstMonth,
  };
  const accounts = buildAccounts(login, partial, loginRng);
  const ctx: GenContext = { ...partial, accounts, events: [] };

  let prevCard = new Map<AccountKind, number>();
  for (const [kind, a] of accounts) if (a.type === "credit") prevCard.set(kind, a.openingBalance);
  let savingsBalance = accounts.get("savings")?.openingBalance ?? 0;
  for (let mi = firstMonth; mi <= lastMonth; mi++) {
    const gen = new MonthGen(ctx, mi, new Rng(hash32(keyOf(contentKey, "month", mi))));
    savingsBalance = gen.run(prevCard, savingsBalance);
    prevCard = gen.cardTotals;
  }
  ctx.events.sort((a, b) => a.availableAt - b.availableAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    login,
    country: inst.country,
    currency: CURRENCY_BY_COUNTRY[inst.country],
    institutionName: inst.name,
    window: { ...window, start: isoDate(monthStartMs(firstMonth)) },
    accounts: [...accounts.values()],
    events: ctx.events,
  };
}

const DEFAULT_CACHE_LIMIT = 64;
let cacheLimit = DEFAULT_CACHE_LIMIT;
const cache = new Map<string, LoginData>();

/**
 * How many logins' histories `getLoginData` keeps (default 64, about 3 MB each for 24 months × 5
 * accounts). A harness that serves more logins than that at once (the workers drill's 200) raises it,
 * so the simulated bank does not regenerate a history on every call and take the CPU the code under
 * measurement needs; `null` puts the default back. Returns the limit that was in force.
 */
export function setLoginDataCacheLimit(limit: number | null): number {
  const before = cacheLimit;
  cacheLimit = limit === null ? DEFAULT_CACHE_LIMIT : Math.max(1, Math.floor(limit));
  while (cache.size > cacheLimit) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return before;
}

/**
 * Memoised `generateLoginData` (LRU, `setLoginDataCacheLimit`). The result is shared: treat it as read-only.
 */
export function getLoginData(login: LoginSpec, window: TimelineWindow): LoginData {
  const key = JSON.stringify([login.institutionId, login.username, login.seed, login.idNamespace ?? "", login.layout ?? null, login.accountOverrides ?? null, window.start, window.end]);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const data = generateLoginData(login, window);
  cache.set(key, data);
  if (cache.size > cacheLimit) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return data;
}
