import { describe, expect, it } from "vitest";
import type { BookAccount, BookTransaction } from "@/lib/books/types";
import { descriptionKey, descriptionTokens, documentKey, overlap } from "@/lib/books/suggestions/normalize";
import { emptySide, learn, suggest, suggestAll } from "@/lib/books/suggestions/score";

const accounts: BookAccount[] = [
  { id: "checking", name: "Checking", type: "ASSET", archived: false },
  { id: "card", name: "Card", type: "LIABILITY", archived: false },
  { id: "coffee", name: "Coffee", type: "OUTGOING", archived: false },
  { id: "meals", name: "Meals", type: "OUTGOING", archived: false },
  { id: "groceries", name: "Groceries", type: "OUTGOING", archived: false },
  { id: "salary", name: "Salary", type: "INCOMING", archived: false },
  { id: "old", name: "Old expenses", type: "OUTGOING", archived: true },
];

let n = 0;
const posted = (description: string, from: string, to: string, over: Partial<BookTransaction> = {}): BookTransaction => ({
  id: `p${++n}`,
  date: "2026-03-01",
  amount: "4.50",
  description,
  creditAccountId: from,
  debitAccountId: to,
  posted: true,
  checked: false,
  trashed: false,
  remoteIds: [],
  properties: {},
  ...over,
});
/** A bank draft: money out of `account` (its To side empty), or in (From empty). */
const draft = (description: string, account = "checking", over: Partial<BookTransaction> & { direction?: "in" | "out" } = {}): BookTransaction => {
  const { direction = "out", ...rest } = over;
  return posted(description, direction === "out" ? account : (null as unknown as string), direction === "in" ? account : (null as unknown as string), { posted: false, id: `d${++n}`, date: "2026-03-20", ...rest });
};

describe("normalizing descriptions", () => {
  it("strips dates, times, card, account and reference numbers, and the words every card purchase carries", () => {
    expect(descriptionKey("POS 12/03 STARBUCKS #1234 CARD 3605")).toBe("starbucks");
    expect(descriptionKey("Starbucks 14/03/2026 14:05")).toBe("starbucks");
    expect(descriptionKey("STARBUCKS STORE 00123 ****4321")).toBe("starbucks store");
    expect(descriptionKey("Compra no débito - PADARIA SÃO JOÃO 12MAR")).toBe("padaria sao joao");
    expect(descriptionKey("PAYMENT TO BLUEBONNET NATIONAL BANK CARD 3605")).toBe("payment bluebonnet national bank");
    expect(descriptionKey("UBER *TRIP HELP.UBER.COM 2026-03-04 REF 8F3A2B")).toBe("uber trip help uber com");
    expect(descriptionKey("Box 12 storage")).toBe("box storage");
    expect(descriptionKey("123456 / 2026-01-01")).toBe("");
    expect(descriptionTokens("Netflix.com Netflix.com")).toEqual(["netflix", "com", "netflix", "com"]);
  });

  it("reads a CPF or CNPJ as digits and refuses anything else", () => {
    expect(documentKey("12.345.678/0001-90")).toBe("12345678000190");
    expect(documentKey("123.456.789-09")).toBe("12345678909");
    expect(documentKey("1234")).toBeNull();
    expect(documentKey(undefined)).toBeNull();
  });

  it("measures word overlap", () => {
    expect(overlap(["a", "b"], ["a", "b"])).toBe(1);
    expect(overlap(["a", "b", "c"], ["a", "b", "d"])).toBe(0.5);
    expect(overlap([], ["a"])).toBe(0);
  });
});

describe("suggesting the other Account", () => {
  it("knows which side a draft leaves empty", () => {
    expect(emptySide(draft("x"))).toBe("debit");
    expect(emptySide(draft("x", "checking", { direction: "in" }))).toBe("credit");
    expect(emptySide(posted("x", "checking", "coffee"))).toBeNull();
    expect(emptySide(draft("x", "checking", { debitAccountId: "coffee" }))).toBeNull();
  });

  it("suggests nothing from one example, and the Account of a handful of completed drafts of the same merchant", () => {
    const one = learn([posted("STARBUCKS 01/03 #1", "checking", "coffee")], accounts);
    expect(suggest(one, draft("Starbucks 20/03 #9"))).toBeNull();
    const three = learn([posted("STARBUCKS 01/03 #1", "checking", "coffee"), posted("Starbucks 05/03", "checking", "coffee"), posted("STARBUCKS ****1234", "checking", "coffee")], accounts);
    const s = suggest(three, draft("POS STARBUCKS 20/03 CARD 3605"));
    expect(s).toMatchObject({ accountId: "coffee", support: 3, basis: "description" });
    expect(s!.confidence).toBeGreaterThan(0.7);
    expect(s!.confidence).toBeLessThanOrEqual(1);
  });

  it("gives no suggestion when the examples disagree, and follows a clear majority", () => {
    const split = learn([posted("Corner Deli", "checking", "meals"), posted("Corner Deli", "checking", "meals"), posted("Corner Deli", "checking", "groceries"), posted("Corner Deli", "checking", "groceries")], accounts);
    expect(suggest(split, draft("CORNER DELI"))).toBeNull();
    const majority = learn([...Array.from({ length: 5 }, () => posted("Corner Deli", "checking", "meals")), posted("Corner Deli", "checking", "groceries")], accounts);
    expect(suggest(majority, draft("CORNER DELI"))?.accountId).toBe("meals");
  });

  it("learns per side: money in is not suggested from money out", () => {
    const model = learn([posted("ACME PAYROLL", "salary", "checking"), posted("ACME PAYROLL", "salary", "checking"), posted("ACME PAYROLL", "salary", "checking")], accounts);
    expect(suggest(model, draft("ACME PAYROLL 03/20", "checking", { direction: "in" }))).toMatchObject({ accountId: "salary" });
    // Out of checking with the same words: the To side was never learned (the examples' To is the bank's own Account).
    expect(suggest(model, draft("ACME PAYROLL 03/20"))).toBeNull();
  });

  it("uses what was learned on another money Account (the same shop, paid by card), never a refund's side", () => {
    const model = learn([posted("Blue Bottle", "card", "coffee"), posted("Blue Bottle", "card", "coffee"), posted("Blue Bottle", "card", "coffee")], accounts);
    expect(suggest(model, draft("BLUE BOTTLE 20/03", "checking"))?.accountId).toBe("coffee");
    const refunds = learn([posted("Blue Bottle refund", "coffee", "card"), posted("Blue Bottle refund", "coffee", "card"), posted("Blue Bottle refund", "coffee", "card")], accounts);
    // A refund came in from Coffee: a refund into checking is From Coffee; money out is not learned from it.
    expect(suggest(refunds, draft("Blue Bottle refund", "checking", { direction: "in" }))?.accountId).toBe("coffee");
    expect(suggest(refunds, draft("Blue Bottle refund", "checking"))).toBeNull();
  });

  it("matches by merchant and by counterpart document even when the descriptions differ", () => {
    const byMerchant = learn(["SQ *BLUE BTL 1", "BLUEBOTTLE SF", "Blue Bottle Coffee Oakland"].map((d) => posted(d, "checking", "coffee", { properties: { merchant: "Blue Bottle" } })), accounts);
    expect(suggest(byMerchant, draft("SQ *BB SF", "checking", { properties: { merchant: "BLUE BOTTLE" } }))).toMatchObject({ accountId: "coffee", basis: "merchant" });
    const byDoc = learn(["PIX ENVIADO JOAO", "PIX ENVIADO J SILVA", "TED JOAO S"].map((d) => posted(d, "checking", "meals", { properties: { counterpart_document: "123.456.789-09" } })), accounts);
    expect(suggest(byDoc, draft("PIX ENVIADO", "checking", { properties: { counterpart_document: "12345678909" } }))).toMatchObject({ accountId: "meals", basis: "document" });
    // Same words, another person: no suggestion from the other person's transfers.
    expect(suggest(byDoc, draft("PIX ENVIADO JOAO", "checking", { properties: { counterpart_document: "98765432100" } }))).toBeNull();
  });

  it("counts near descriptions only with more evidence, and the same amount more", () => {
    const near = (k: number) => learn(Array.from({ length: k }, (_, i) => posted(`Shell Oil Main St station #${i}`, "checking", "groceries", { amount: "40.00" })), accounts);
    expect(suggest(near(2), draft("Shell Oil Main St station Springfield", "checking", { amount: "41.00" }))).toBeNull();
    expect(suggest(near(4), draft("Shell Oil Main St station Springfield", "checking", { amount: "41.00" }))?.accountId).toBe("groceries");
    const rent = learn([posted("Rent", "checking", "meals", { amount: "1500.00" }), posted("Rent", "checking", "meals", { amount: "1500.00" })], accounts);
    const same = suggest(rent, draft("Rent", "checking", { amount: "1500.00" }))!;
    const other = suggest(rent, draft("Rent", "checking", { amount: "900.00" }))!;
    expect(same.confidence).toBeGreaterThan(other.confidence);
  });

  it("never suggests drafts, trashed examples, or an archived Account", () => {
    const model = learn([posted("Gym", "checking", "old"), posted("Gym", "checking", "old"), posted("Gym", "checking", "old"), posted("Spa", "checking", "meals", { trashed: true }), posted("Spa", "checking", "meals", { posted: false }), posted("Spa", "checking", "meals", { posted: false })], accounts);
    const d1 = draft("GYM");
    const d2 = draft("SPA");
    expect(suggest(model, d1)?.accountId).toBe("old");
    expect(suggestAll(model, [d1, d2, posted("GYM", "checking", "meals")], accounts).size).toBe(0);
  });
});
