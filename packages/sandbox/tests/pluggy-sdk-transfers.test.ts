/**
 * Through pluggy-sdk against the emulator: a transfer between two of the Item's bank accounts
 * carries `paymentData` (payer → receiver, the same reference on both sides); a payment received
 * on the card names the bill it pays (`creditCardMetadata.billId`, a bill the bills endpoint lists,
 * with that payment among its payments).
 */
import { describe, expect, it } from "vitest";
import { client, registerPluggySdkHarness, waitWhileUpdating } from "./pluggy-sdk-support";

registerPluggySdkHarness();

describe("pluggy-sdk: both sides of own-account movements", () => {
  it("transfers carry paymentData on both sides; card payments carry the billId of a listed bill", async () => {
    const created = await client.createItem(0, { user: "user-ok", password: "password-ok" });
    const { item } = await waitWhileUpdating(created.id);
    expect(item.status).toBe("UPDATED");
    const accounts = (await client.fetchAccounts(item.id)).results;
    const checking = accounts.find((a) => a.subtype === "CHECKING_ACCOUNT")!;
    const savings = accounts.find((a) => a.subtype === "SAVINGS_ACCOUNT")!;
    const card = accounts.find((a) => a.type === "CREDIT")!;

    const fromChecking = (await client.fetchAllTransactions(checking.id)).filter((t) => t.paymentData?.receiver?.accountNumber && t.type === "DEBIT");
    const intoSavings = (await client.fetchAllTransactions(savings.id)).filter((t) => t.paymentData && t.type === "CREDIT");
    expect(fromChecking.length).toBeGreaterThan(6);
    expect(intoSavings.length).toBeGreaterThan(6);
    for (const t of intoSavings) {
      const other = fromChecking.find((o) => o.paymentData!.referenceNumber === t.paymentData!.referenceNumber);
      expect(other, t.description).toBeDefined();
      expect(other!.id).not.toBe(t.id);
      expect(other!.amount).toBe(-t.amount);
      expect(other!.paymentData!.payer).toEqual(t.paymentData!.payer);
      expect(other!.paymentData!.receiver).toEqual(t.paymentData!.receiver);
      expect(t.paymentData!.payer!.documentNumber?.type).toBe("CPF");
      expect(t.paymentData!.paymentMethod).toBe("PIX");
    }
    // Transactions that are not own-account transfers carry none.
    const plain = (await client.fetchAllTransactions(checking.id)).filter((t) => !/TRANSF/.test(t.description));
    expect(plain.length).toBeGreaterThan(50);
    expect(plain.every((t) => t.paymentData == null)).toBe(true);

    const cardTx = await client.fetchAllTransactions(card.id);
    const payments = cardTx.filter((t) => t.type === "CREDIT" && /PAGAMENTO RECEBIDO/.test(t.description));
    expect(payments.length).toBeGreaterThan(6);
    const bills = (await client.fetchCreditCardBills(card.id, { pageSize: 500 })).results;
    // Payments before the first bill's closing pay a cycle older than the Item's history: no billId.
    const firstClose = Math.min(...bills.map((b) => new Date(b.billClosingDate ?? 0).getTime()));
    const withBill = payments.filter((p) => new Date(p.date).getTime() > firstClose);
    expect(withBill.length).toBeGreaterThan(6);
    expect(payments.filter((p) => !withBill.includes(p)).every((p) => p.creditCardMetadata?.billId === undefined)).toBe(true);
    for (const p of withBill) {
      const bill = bills.find((b) => b.id === p.creditCardMetadata!.billId);
      expect(bill, p.date.toString()).toBeDefined();
      expect(new Date(bill!.billClosingDate ?? 0).getTime()).toBeLessThan(new Date(p.date).getTime());
      expect(bill!.payments.some((x) => x.amount === Math.abs(p.amount))).toBe(true);
    }
    expect(cardTx.filter((t) => t.type === "DEBIT").every((t) => !t.creditCardMetadata?.billId)).toBe(true);
  });
});
