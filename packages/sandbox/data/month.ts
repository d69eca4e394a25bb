/**
 * One calendar month of a login's bank activity, drawn from its own PRNG stream: which
 * transactions happen (salary, bills, purchases, card payments…). How a draft becomes events is
 * in month-emit.ts.
 */
import { GROUP_CATEGORY, GROUP_KIND, cat, categoryForBill, subscriptionCategory, transportCategory, type Category } from "./categories";
import { DAY_MS, HOUR_MS, MINUTE_MS, businessDayOnOrAfter, businessDayOnOrBefore, cents, daysInMonth, monthStartMs, weekday } from "./dates";
import { MERCHANTS, isOnlineMerchant, type Merchant, type MerchantGroup, type PricedMerchant } from "./merchants";
import { TYPICAL, dayPlan } from "./persona";
import type { AccountKind, TxEvent, TxKind } from "./types";
import { MonthEmitter, PENDING_LAG } from "./month-emit";
import { Rng, hash32, keyOf } from "./prng";

export class MonthGen extends MonthEmitter {
  private fixed(
    account: AccountKind,
    kind: TxKind,
    day: number,
    amount: number,
    name: string,
    category: Category,
    code: string,
    merchant: Merchant | null = null,
    counterpart?: AccountKind,
  ): TxEvent | null {
    return this.emit({
      ...(counterpart ? { counterpart } : {}),
      account,
      kind,
      day,
      minute: this.rng.int(3 * 60, 9 * 60),
      amount,
      name,
      merchantName: merchant?.name ?? null,
      website: merchant?.website ?? null,
      category,
      channel: "other",
      code: this.code(code),
      location: null,
      pending: null,
      authorized: false,
    });
  }

  private purchase(group: MerchantGroup, day: number, account: AccountKind, merchant: Merchant, amount: number, minute: number): TxEvent | null {
    const p = this.ctx.profile;
    const online = isOnlineMerchant(group, merchant);
    const lagDays = this.rng.weighted(PENDING_LAG);
    let pendingAmount = amount;
    if (group === "restaurant" && p.tipping && !online) pendingAmount = amount / this.rng.range(1.15, 1.22);
    if (group === "fuel" && p.fuelHold !== null && this.rng.chance(0.5)) pendingAmount = p.fuelHold;
    const category = group === "transport" ? transportCategory(merchant) : GROUP_CATEGORY[group];
    const ev = this.emit({
      account,
      kind: GROUP_KIND[group],
      day,
      minute,
      amount,
      name: merchant.descriptor,
      merchantName: merchant.name,
      website: merchant.website,
      category,
      channel: online ? "online" : "in store",
      code: this.code("purchase"),
      location: this.location(online),
      pending: { lagDays, amount: pendingAmount, linked: !this.rng.chance(0.03) },
      authorized: true,
    });
    if (ev && (account === "credit_card" || account === "credit_card_2")) this.addCard(account, ev.amount);
    return ev;
  }

  run(prevCardTotals: ReadonlyMap<AccountKind, number>, savingsBalance: number): number {
    const { ctx, rng, mi } = this;
    const { profile, persona } = ctx;
    const labels = profile.labels;
    const merchants = MERCHANTS[ctx.country];
    const start = monthStartMs(mi);
    const days = daysInMonth(mi);
    const dayMs = (d: number) => start + (Math.min(d, days) - 1) * DAY_MS;
    const monthOfYear = mi % 12;
    const yearsIn = (mi - ctx.firstMonth) / 12;
    const raise = 1 + 0.03 * Math.floor(yearsIn);
    const checking = this.acct("checking");
    const savings = this.acct("savings");
    const posted: TxEvent[] = [];
    const keep = (e: TxEvent | null) => {
      if (e && !e.pending) posted.push(e);
      return e;
    };

    // Income.
    const salaryCat = cat("INCOME", "WAGES");
    if (profile.payFrequency === "biweekly") {
      const anchor = Date.UTC(2020, 0, 3) + persona.biweeklyShiftDays * DAY_MS; // a Friday
      const perCheck = (persona.salaryMonthly * 12) / 26;
      for (let d = 1; d <= days; d++) {
        const t = dayMs(d);
        if ((t - anchor) / DAY_MS >= 0 && ((t - anchor) / DAY_MS) % 14 === 0) {
          keep(this.fixed("checking", "salary", t, -cents(perCheck * raise * rng.range(0.995, 1.005)), labels.salary(persona.employer), salaryCat, "transfer"));
        }
      }
    } else {
      let payDay: number;
      if (profile.payFrequency === "fifth_business_day") {
        let t = businessDayOnOrAfter(start);
        for (let n = 1; n < 5; n++) t = businessDayOnOrAfter(t + DAY_MS);
        payDay = t;
      } else {
        payDay = businessDayOnOrBefore(dayMs(days));
      }
      keep(this.fixed("checking", "salary", payDay, -cents(persona.salaryMonthly * raise * rng.range(0.99, 1.01)), labels.salary(persona.employer), salaryCat, "transfer"));
    }

    // Rent and bills from checking.
    keep(this.fixed("checking", "rent", businessDayOnOrAfter(dayMs(1)), persona.rent * raise, labels.rent(persona.landlord), cat("RENT_AND_UTILITIES", "RENT"), "standing order"));
    const season = 1 + 0.3 * Math.cos((2 * Math.PI * (ctx.country === "BR" ? monthOfYear - 6 : monthOfYear)) / 12);
    const elec = merchants.electricity;
    keep(this.fixed("checking", "utility", dayMs(12), 95 * profile.price * season * rng.range(0.85, 1.15), elec.descriptor, cat("RENT_AND_UTILITIES", "GAS_AND_ELECTRICITY"), "direct debit", elec));
    const net = merchants.internet;
    const billsAccount: AccountKind = this.acct("checking_2") ? "checking_2" : "checking";
    keep(this.fixed(billsAccount, "utility", dayMs(15), net.price, net.descriptor, cat("RENT_AND_UTILITIES", "INTERNET_AND_CABLE"), "direct debit", net));
    const mob = merchants.mobile;
    keep(this.fixed("checking", "utility", dayMs(8), mob.price, mob.descriptor, cat("RENT_AND_UTILITIES", "TELEPHONE"), "direct debit", mob));
    merchants.bills.forEach((b, i) => {
      keep(this.fixed(billsAccount, "utility", dayMs(10 + i), b.price, b.descriptor, categoryForBill(b), "direct debit", b));
    });
    if (persona.hasGym) {
      const g = merchants.gym;
      keep(this.fixed("checking", "gym", dayMs(3), g.price, g.descriptor, cat("PERSONAL_CARE", "GYMS_AND_FITNESS_CENTERS"), "direct debit", g));
    }

    // Subscriptions on the main card (card purchases: pending first).
    persona.subscriptions.forEach((s, i) => {
      this.emitCardSubscription(s, dayMs(i === 0 ? 5 : 17));
    });

    // Internal transfers: both sides the same day, each account with its own wording.
    if (checking && savings) {
      const t = dayMs(3);
      this.pair(
        keep(this.fixed("checking", "transfer_out", t, persona.savingsTransfer, labels.transferOut(savings.mask), cat("TRANSFER_OUT", "SAVINGS"), "transfer", null, "savings")),
        keep(this.fixed("savings", "transfer_in", t + HOUR_MS, -persona.savingsTransfer, labels.transferIn(checking.mask), cat("TRANSFER_IN", "ACCOUNT_TRANSFER"), "transfer", null, "checking")),
      );
      savingsBalance += persona.savingsTransfer;
    }
    const joint = this.acct("checking_2");
    if (checking && joint) {
      const t = dayMs(2);
      this.pair(
        keep(this.fixed("checking", "transfer_out", t, persona.jointTransfer, labels.transferOut(joint.mask), cat("TRANSFER_OUT", "ACCOUNT_TRANSFER"), "transfer", null, "checking_2")),
        keep(this.fixed("checking_2", "transfer_in", t + HOUR_MS, -persona.jointTransfer, labels.transferIn(checking.mask), cat("TRANSFER_IN", "ACCOUNT_TRANSFER"), "transfer", null, "checking")),
      );
    }

    // Card payments: last month's purchases, paid from checking (the main card by autopay, the
    // second by hand). The card shows the payment 1–4 days later (on a business day, so at most
    // 6 calendar days) under its own wording, as banks do. The lag has its own PRNG stream, so
    // the rest of the month is unchanged by it.
    for (const [cardKind, payDom, autopay] of [["credit_card", 20, true], ["credit_card_2", 25, false]] as const) {
      const card = this.acct(cardKind);
      const due = cents(prevCardTotals.get(cardKind) ?? 0);
      if (!card || !checking || due <= 0) continue;
      const t = businessDayOnOrAfter(dayMs(payDom));
      const lag = new Rng(hash32(keyOf(ctx.contentKey, "card-payment-lag", mi, cardKind))).int(1, 4);
      const category = cat("LOAN_PAYMENTS", "CREDIT_CARD_PAYMENT");
      this.pair(
        keep(this.fixed("checking", "card_payment", t, due, labels.cardPaymentOut(ctx.institutionName, card.mask), category, autopay ? "direct debit" : "transfer", null, cardKind)),
        keep(this.fixed(cardKind, "card_payment_received", businessDayOnOrAfter(t + lag * DAY_MS), -due, autopay ? labels.cardAutopayIn : labels.cardPaymentIn, category, "payment", null, "checking")),
      );
    }

    // Day-to-day spending.
    for (let d = 1; d <= days; d++) {
      const t = dayMs(d);
      for (const [group, p] of dayPlan(weekday(t), persona.hasCar)) {
        if (!rng.chance(p)) continue;
        const merchant = rng.pick(merchants.groups[group]);
        const amount = cents(rng.amount(TYPICAL[group]) * persona.spendScale);
        const minute =
          group === "coffee" ? rng.int(7 * 60, 10 * 60) : group === "restaurant" ? rng.pick([rng.int(12 * 60, 14 * 60), rng.int(19 * 60, 22 * 60)]) : rng.int(9 * 60, 21 * 60);
        let account: AccountKind = rng.chance(0.75) ? "credit_card" : "checking";
        if (this.acct("credit_card_2") && (group === "shopping" ? rng.chance(0.4) : group === "restaurant" ? rng.chance(0.2) : false)) account = "credit_card_2";
        if (group === "groceries" && this.acct("checking_2") && rng.chance(0.2)) account = "checking_2";
        const ev = this.purchase(group, t, account, merchant, amount, minute);
        if (ev && group === "shopping" && rng.chance(0.08)) {
          const refundDay = t + rng.int(5, 20) * DAY_MS;
          const full = rng.chance(0.7);
          const refund = this.emit({
            account,
            kind: "refund",
            day: refundDay,
            minute: rng.int(6 * 60, 20 * 60),
            amount: -cents(full ? amount : amount * rng.range(0.2, 0.6)),
            name: labels.refund(merchant.descriptor),
            merchantName: merchant.name,
            website: merchant.website,
            category: GROUP_CATEGORY.shopping,
            channel: "online",
            code: this.code("refund"),
            location: null,
            pending: null,
            authorized: false,
          });
          if (refund && (account === "credit_card" || account === "credit_card_2")) this.addCard(account, refund.amount);
        }
        keep(ev);
      }
    }

    // A hotel / car-rental hold that vanishes (card).
    if (rng.chance(0.12)) {
      const t = dayMs(rng.int(1, days));
      this.emit({
        account: "credit_card",
        kind: "hold",
        day: t,
        minute: rng.int(10 * 60, 20 * 60),
        amount: cents(150 * persona.spendScale * rng.range(0.8, 2)),
        name: "HOTEL AUTHORIZATION HOLD",
        merchantName: null,
        website: null,
        category: cat("TRAVEL", "LODGING"),
        channel: "in store",
        code: this.code("purchase"),
        location: this.location(false),
        pending: null,
        holdDays: rng.int(3, 7),
        authorized: true,
      });
    }

    // Bank fee.
    if (persona.paysFee && profile.monthlyFee !== null) {
      keep(this.fixed("checking", "fee", businessDayOnOrBefore(dayMs(days)), profile.monthlyFee, labels.fee, cat("BANK_FEES", "OTHER_BANK_FEES"), "bank charge"));
    }

    // Savings interest on the last day.
    if (savings) {
      const interest = cents((savingsBalance * persona.savingsRate) / 12);
      if (interest > 0) {
        keep(this.fixed("savings", "interest", dayMs(days), -interest, labels.interest, cat("INCOME", "INTEREST_EARNED"), "interest"));
        savingsBalance += interest;
      }
    }

    // Later corrections: a few posted purchases are cleaned up or re-priced, one may be duplicated.
    const purchases = posted.filter((e) => e.authorizedDate !== null && e.kind !== "refund");
    for (const e of purchases) {
      if (!rng.chance(0.04)) continue;
      e.modifiedAt = e.availableAt + rng.int(1, 3) * DAY_MS + rng.int(0, 600) * MINUTE_MS;
      if (rng.chance(0.5) && e.merchantName) e.modifiedName = e.merchantName.toUpperCase();
      else e.modifiedAmount = cents(e.amount * rng.range(0.97, 1.03));
    }
    const cardPurchases = purchases.filter((e) => this.isCardAccount(e.accountId));
    if (cardPurchases.length > 0 && rng.chance(0.15)) this.emitDuplicate(rng.pick(cardPurchases));

    return savingsBalance;
  }

  /** Links the two sides of one movement between the login's own accounts (ground truth). */
  private pair(out: TxEvent | null, into: TxEvent | null): void {
    if (!out || !into) return;
    out.peerId = into.id;
    into.peerId = out.id;
  }

  private isCardAccount(accountId: string): boolean {
    for (const a of this.ctx.accounts.values()) if (a.accountId === accountId) return a.type === "credit";
    return false;
  }

  private emitCardSubscription(s: PricedMerchant, day: number): void {
    const ev = this.emit({
      account: "credit_card",
      kind: "subscription",
      day,
      minute: this.rng.int(60, 6 * 60),
      amount: s.price,
      name: s.descriptor,
      merchantName: s.name,
      website: s.website,
      category: subscriptionCategory(s),
      channel: "online",
      code: this.code("purchase"),
      location: null,
      pending: { lagDays: this.rng.int(1, 2), amount: s.price, linked: true },
      authorized: true,
    });
    if (ev) this.addCard("credit_card", ev.amount);
  }
}
