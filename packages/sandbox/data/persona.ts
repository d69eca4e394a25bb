/** Who the account holder is (pay, rent, habits) and which accounts they hold. */
import type { CountryProfile } from "./countries";
import { CURRENCY_BY_COUNTRY } from "./countries";
import { cents } from "./dates";
import { MERCHANTS, type MerchantGroup, type PricedMerchant } from "./merchants";
import { type Rng, base62Id, keyOf } from "./prng";
import type { AccountKind, Country, LoginSpec, SandboxAccount, TxEvent } from "./types";

export interface Persona {
  salaryMonthly: number;
  /** Multiplier from "typical US dollar" purchase sizes to this person's local spending. */
  spendScale: number;
  employer: string;
  landlord: string;
  holder: string;
  city: readonly [string, string, string];
  biweeklyShiftDays: number;
  savingsTransfer: number;
  jointTransfer: number;
  hasGym: boolean;
  hasCar: boolean;
  paysFee: boolean;
  subscriptions: PricedMerchant[];
  rent: number;
  savingsRate: number;
}

/** Everything a month's generator needs about the login. */
export interface GenContext {
  login: LoginSpec;
  country: Country;
  profile: CountryProfile;
  institutionName: string;
  persona: Persona;
  accounts: Map<AccountKind, SandboxAccount>;
  idKey: string;
  /** Keys content-only PRNG streams (ignores `idNamespace`). */
  contentKey: string;
  firstMonth: number;
  events: TxEvent[];
}

/** Typical purchase sizes ("US dollars"), scaled by each persona's `spendScale`. */
export const TYPICAL: Record<MerchantGroup, number> = {
  groceries: 62,
  restaurant: 36,
  coffee: 6.5,
  transport: 17,
  fuel: 46,
  shopping: 52,
  pharmacy: 21,
};

/** Daily purchase probabilities by weekday (0 = Sunday). */
export function dayPlan(wd: number, hasCar: boolean): Array<[MerchantGroup, number]> {
  const weekend = wd === 0 || wd === 6;
  return [
    ["groceries", weekend ? 0.45 : 0.25],
    ["restaurant", wd === 5 || wd === 6 ? 0.4 : 0.15],
    ["coffee", weekend ? 0.2 : 0.45],
    ["transport", weekend ? 0.2 : 0.35],
    ["fuel", hasCar ? 0.1 : 0],
    ["shopping", 0.12],
    ["pharmacy", 0.04],
  ];
}

/** Expected monthly day-to-day spend at scale 1 (typical sizes × frequencies). */
function expectedUnitSpend(hasCar: boolean, group?: MerchantGroup): number {
  let weekly = 0;
  for (let wd = 0; wd < 7; wd++) {
    for (const [g, p] of dayPlan(wd, hasCar)) if (!group || g === group) weekly += p * TYPICAL[g] * 1.04;
  }
  return (weekly * 365.25) / 7 / 12;
}

const roundUp50 = (x: number) => Math.ceil(x / 50) * 50;

export function buildPersona(login: LoginSpec, profile: CountryProfile, rng: Rng): Persona {
  const salaryMonthly = profile.salaryMonthly * rng.range(0.85, 1.45);
  const merchants = MERCHANTS[profile.country];
  const subscriptions = merchants.subscriptions.filter(() => rng.chance(0.8));
  const hasCar = rng.chance(0.7);
  // Day-to-day spending takes ~40% of pay; rent ~30%; savings, bills and fees most of the rest.
  const spendShare = rng.range(0.4, 0.48);
  const spendScale = (salaryMonthly * spendShare) / expectedUnitSpend(hasCar);
  const rentShare = profile.rentShare * rng.range(0.9, 1.1);
  const hasGym = rng.chance(0.6);
  const bills =
    95 * profile.price +
    merchants.internet.price +
    merchants.mobile.price +
    merchants.bills.reduce((sum, b) => sum + b.price, 0) +
    subscriptions.reduce((sum, b) => sum + b.price, 0) +
    (hasGym ? merchants.gym.price : 0) +
    (profile.monthlyFee ?? 0);
  // Whatever is left after rent, spending, bills and a ~3% cushion goes to savings.
  const savingsShare = Math.min(0.2, Math.max(0.03, 1 - rentShare - spendShare - bills / salaryMonthly - 0.03));
  const jointBills = merchants.internet.price + merchants.bills.reduce((s, b) => s + b.price, 0);
  const jointGroceries = 0.2 * expectedUnitSpend(hasCar, "groceries") * spendScale;
  return {
    salaryMonthly,
    spendScale,
    employer: rng.pick(profile.employers),
    landlord: rng.pick(profile.landlords),
    holder: rng.pick(profile.holders),
    city: rng.pick(profile.cities),
    biweeklyShiftDays: rng.chance(0.5) ? 0 : 7,
    savingsTransfer: Math.max(50, Math.round((salaryMonthly * savingsShare) / 50) * 50),
    jointTransfer: roundUp50((jointBills + jointGroceries) * 1.1),
    hasGym,
    hasCar,
    paysFee: rng.chance(0.4),
    subscriptions,
    rent: Math.round(salaryMonthly * rentShare),
    savingsRate: profile.country === "US" ? 0.04 : profile.country === "BR" ? 0.06 : 0.02,
  };
}

export function buildAccounts(login: LoginSpec, ctx: Omit<GenContext, "accounts" | "events">, rng: Rng): Map<AccountKind, SandboxAccount> {
  const layout: readonly AccountKind[] =
    login.layout ??
    ([
      "checking",
      "savings",
      "credit_card",
      ...(rng.chance(0.3) ? (["checking_2"] as const) : []),
      ...(rng.chance(0.25) ? (["credit_card_2"] as const) : []),
    ] as AccountKind[]);
  const contentKey = keyOf("login", login.institutionId, login.username, login.seed);
  const currency = CURRENCY_BY_COUNTRY[ctx.country];
  const s = ctx.persona.salaryMonthly;
  const used = new Set<string>();
  const out = new Map<AccountKind, SandboxAccount>();
  for (const kind of layout) {
    let mask = String(rng.int(0, 9999)).padStart(4, "0");
    while (used.has(mask)) mask = String(rng.int(0, 9999)).padStart(4, "0");
    used.add(mask);
    const isCard = kind === "credit_card" || kind === "credit_card_2";
    const opening =
      kind === "checking"
        ? s * rng.range(0.9, 1.5)
        : kind === "savings"
          ? s * rng.range(2, 6)
          : kind === "checking_2"
            ? s * rng.range(0.2, 0.4)
            : kind === "credit_card"
              ? s * rng.range(0.15, 0.35)
              : s * rng.range(0.02, 0.08);
    const limit = isCard ? Math.max(500, Math.round((s * (kind === "credit_card" ? rng.range(1.6, 2.6) : 1)) / 500) * 500) : null;
    const name = ctx.profile.accountNames[kind];
    const o = login.accountOverrides?.[kind];
    out.set(kind, {
      accountId: base62Id(keyOf(ctx.idKey, "account", kind)),
      persistentAccountId: base62Id(keyOf(contentKey, "persistent-account", kind), 40).toLowerCase(),
      kind,
      type: isCard ? "credit" : "depository",
      subtype: isCard ? "credit card" : kind === "savings" ? "savings" : "checking",
      name: o?.name ?? name,
      officialName: o?.officialName ?? `${ctx.institutionName} ${o?.name ?? name}`,
      mask: o?.mask ?? mask,
      currency,
      openingBalance: cents(o?.openingBalance ?? opening),
      creditLimit: isCard ? (o?.creditLimit ?? limit) : null,
      holderName: ctx.persona.holder,
    });
  }
  return out;
}
