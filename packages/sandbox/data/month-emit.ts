/**
 * One month's events, part 1: drafts (a transaction as the generator decides it) and how they
 * become events — pending then posted, posted only, a vanishing hold, a reversed duplicate.
 * MonthGen (month.ts) decides the month's drafts.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, cents, isoDate } from "./dates";
import type { Category } from "./categories";
import type { GenContext } from "./persona";
import { type Rng, base62Id, keyOf } from "./prng";
import type { AccountKind, PaymentChannel, SandboxAccount, TxEvent, TxKind, TxLocation } from "./types";


export const PENDING_LAG: ReadonlyArray<readonly [number, number]> = [
  [1, 35],
  [2, 30],
  [3, 20],
  [4, 10],
  [5, 5],
];

export interface Draft {
  account: AccountKind;
  kind: TxKind;
  /** Midnight (UTC) of the day it happened. */
  day: number;
  /** Minutes after midnight. */
  minute: number;
  /** Final posted amount (Plaid sign). */
  amount: number;
  name: string;
  merchantName: string | null;
  website: string | null;
  category: Category;
  channel: PaymentChannel;
  code: string | null;
  location: TxLocation | null;
  /** Card-style purchase: shown pending first, posts `lagDays` later. */
  pending: { lagDays: number; amount: number; linked: boolean } | null;
  /** A hold that is shown pending then vanishes without posting. */
  holdDays?: number;
  /** Bank-side authorised date (purchases). */
  authorized: boolean;
  /** A transfer or card payment between the login's own accounts: the other account. */
  counterpart?: AccountKind;
}

/** ISO datetime without milliseconds (`2026-10-30T18:01:00Z`). */
function isoDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

/**
 * Builds an event with every field in one fixed order, numbers kept as numbers-or-null, so all
 * events share one object shape (spreads and late writes made V8 fall off its fast paths).
 */
function txEvent(e: TxEvent): TxEvent {
  return {
    id: e.id,
    accountId: e.accountId,
    kind: e.kind,
    pending: e.pending,
    date: e.date,
    authorizedDate: e.authorizedDate,
    authorizedDatetime: e.authorizedDatetime,
    availableAt: e.availableAt,
    removedAt: e.removedAt,
    modifiedAt: e.modifiedAt,
    amount: e.amount,
    modifiedAmount: e.modifiedAmount,
    name: e.name,
    modifiedName: e.modifiedName,
    merchantName: e.merchantName,
    website: e.website,
    pendingTransactionId: e.pendingTransactionId,
    postedReplacementId: e.postedReplacementId,
    category: e.category,
    paymentChannel: e.paymentChannel,
    transactionCode: e.transactionCode,
    location: e.location,
    currency: e.currency,
    counterpartAccountId: e.counterpartAccountId,
    peerId: e.peerId,
  };
}


export class MonthEmitter {
  protected seq = 0;
  readonly cardTotals = new Map<AccountKind, number>();

  constructor(
    protected readonly ctx: GenContext,
    protected readonly mi: number,
    protected readonly rng: Rng,
  ) {}

  protected acct(kind: AccountKind): SandboxAccount | undefined {
    return this.ctx.accounts.get(kind);
  }

  protected id(role: string, seq: number): string {
    return base62Id(keyOf(this.ctx.idKey, "tx", this.mi, seq, role));
  }

  protected code(c: string): string | null {
    return this.ctx.profile.transactionCodes ? c : null;
  }

  protected location(online: boolean): TxLocation | null {
    if (online) return null;
    const city = this.rng.chance(0.9) ? this.ctx.persona.city : this.rng.pick(this.ctx.profile.cities);
    return { city: city[0], region: city[1], postalCode: city[2], country: this.ctx.country };
  }

  /** Turns a draft into events (pending + posted, posted only, or a vanishing hold). */
  emit(d: Draft): TxEvent | null {
    const account = this.acct(d.account);
    if (!account) return null;
    const seq = this.seq++;
    const r = this.rng;
    const at = d.day + d.minute * MINUTE_MS;
    const authorizedDate = d.authorized ? isoDate(d.day) : null;
    const authorizedDatetime = d.authorized ? isoDateTime(at) : null;
    const make = (f: Pick<TxEvent, "id" | "pending" | "date" | "availableAt" | "removedAt" | "amount" | "pendingTransactionId" | "postedReplacementId">): TxEvent =>
      txEvent({
        id: f.id,
        accountId: account.accountId,
        kind: d.kind,
        pending: f.pending,
        date: f.date,
        authorizedDate,
        authorizedDatetime,
        availableAt: f.availableAt,
        removedAt: f.removedAt,
        modifiedAt: null,
        amount: f.amount,
        modifiedAmount: null,
        name: d.name,
        modifiedName: null,
        merchantName: d.merchantName,
        website: d.website,
        pendingTransactionId: f.pendingTransactionId,
        postedReplacementId: f.postedReplacementId,
        category: d.category,
        paymentChannel: d.channel,
        transactionCode: d.code,
        location: d.location,
        currency: account.currency,
        counterpartAccountId: d.counterpart ? (this.acct(d.counterpart)?.accountId ?? null) : null,
        peerId: null,
      });
    if (d.holdDays !== undefined) {
      const availableAt = at + r.int(1, 20) * MINUTE_MS;
      const hold = make({
        id: this.id("h", seq),
        pending: true,
        date: isoDate(d.day),
        availableAt,
        removedAt: availableAt + d.holdDays * DAY_MS + r.int(0, 600) * MINUTE_MS,
        amount: cents(d.amount),
        pendingTransactionId: null,
        postedReplacementId: null,
      });
      this.ctx.events.push(hold);
      return hold;
    }
    if (d.pending) {
      const pendingAt = at + r.int(1, 30) * MINUTE_MS;
      // Card networks settle on weekends too: the posting lag is 1–5 calendar days.
      const postDay = d.day + d.pending.lagDays * DAY_MS;
      const postedAt = Math.max(postDay + (4 * 60 + r.int(0, 240)) * MINUTE_MS, pendingAt + HOUR_MS);
      const pendingId = this.id("p", seq);
      const postedId = this.id("x", seq);
      this.ctx.events.push(
        make({
          id: pendingId,
          pending: true,
          date: isoDate(d.day),
          availableAt: pendingAt,
          removedAt: postedAt,
          amount: cents(d.pending.amount),
          pendingTransactionId: null,
          postedReplacementId: postedId,
        }),
      );
      const posted = make({
        id: postedId,
        pending: false,
        date: isoDate(postDay),
        availableAt: postedAt,
        removedAt: null,
        amount: cents(d.amount),
        pendingTransactionId: d.pending.linked ? pendingId : null,
        postedReplacementId: null,
      });
      this.ctx.events.push(posted);
      return posted;
    }
    const posted = make({
      id: this.id("x", seq),
      pending: false,
      date: isoDate(d.day),
      availableAt: at,
      removedAt: null,
      amount: cents(d.amount),
      pendingTransactionId: null,
      postedReplacementId: null,
    });
    this.ctx.events.push(posted);
    return posted;
  }

  /** A later duplicate of a posted event that the bank reverses a few days on. */
  emitDuplicate(of: TxEvent): void {
    const seq = this.seq++;
    const availableAt = of.availableAt + this.rng.int(20, 90) * MINUTE_MS;
    this.ctx.events.push(
      txEvent({
        ...of,
        id: this.id("d", seq),
        kind: "duplicate",
        pendingTransactionId: null,
        peerId: null,
        modifiedAt: null,
        modifiedAmount: null,
        modifiedName: null,
        availableAt,
        removedAt: availableAt + this.rng.int(2, 4) * DAY_MS + this.rng.int(0, 300) * MINUTE_MS,
      }),
    );
  }

  protected addCard(kind: AccountKind, amount: number): void {
    this.cardTotals.set(kind, (this.cardTotals.get(kind) ?? 0) + amount);
  }
}
